// An official MCP TypeScript SDK client drives build/pixverse-mcp against build/pixverse-sim:
// list the tools, upload an image, generate from text and from the image, poll to the end,
// send arguments the loose way models do, abort a waiting generation, wait through a slow job
// with progress notifications resetting the client's timeout, get log messages only when asked,
// and read the job resources. The SDK validates every structuredContent against the tool's
// outputSchema by itself.
//   node sdk_session.mjs [--client v1|v2|v2-pin|v2-auto] [--transport stdio|http] build/pixverse-mcp build/pixverse-sim
//   v1      = @modelcontextprotocol/sdk 1.32.2 (the 1.x line most hosts ship)
//   v2      = @modelcontextprotocol/client 2.4.0 in legacy mode (plain 2025 initialize, no probe)
//   v2-pin  = the same client pinned to 2026-07-28: server/discover, then stateless requests
//   v2-auto = the same client in auto mode: it must choose 2026-07-28, since server/discover works
//   --transport http: the server runs with --http 127.0.0.1:0 and a bearer token
//   (PIXVERSE_HTTP_TOKEN), the client is the same line's StreamableHTTPClientTransport; the same
//   steps, plus what only HTTP has: the session id (legacy) or its absence (2026-07-28), 401
//   without the token, DELETE ending a legacy session, and SIGTERM ending the server with 0.
// Ids start at 2^53+1, so they survive only as strings: a JSON number would come back rounded.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { IMAGE, isIdString, recordingFetch, reporter, serverEnv, startHttpServer, startSim, tapTransport } from './sdk_common.mjs';

const args = process.argv.slice(2);
let flavor = 'v1';
const at = args.indexOf('--client');
if (at >= 0) [, flavor] = args.splice(at, 2);
let wire = 'stdio';
const tat = args.indexOf('--transport');
if (tat >= 0) [, wire] = args.splice(tat, 2);
const [serverPath, simPath] = args;
if (!['v1', 'v2', 'v2-pin', 'v2-auto'].includes(flavor) || !['stdio', 'http'].includes(wire) || !serverPath || !simPath) {
  console.error('usage: node sdk_session.mjs [--client v1|v2|v2-pin|v2-auto] [--transport stdio|http] <pixverse-mcp> <pixverse-sim>');
  process.exit(2);
}
const http = wire === 'http';
const MODERN = '2026-07-28';
const modern = flavor === 'v2-pin' || flavor === 'v2-auto';
// The reserved _meta keys of 2026-07-28.
const PROTOCOL_VERSION = 'io.modelcontextprotocol/protocolVersion';
const CLIENT_CAPABILITIES = 'io.modelcontextprotocol/clientCapabilities';
const SERVER_INFO = 'io.modelcontextprotocol/serverInfo';
const LOG_LEVEL = 'io.modelcontextprotocol/logLevel';

// The SDK lines differ in imports, the Client options and callTool's signature; the steps don't.
// `target` is the stdio transport's parameters, or { url, token, fetch } over HTTP.
async function makeClient(target) {
  const httpOptions = () => ({ requestInit: { headers: { Authorization: `Bearer ${target.token}` } }, fetch: target.fetch });
  if (flavor === 'v1') {
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
    const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
    const client = new Client({ name: 'sdk-test-v1', version: '1.0.0' });
    const transport = http ? new StreamableHTTPClientTransport(new URL(target.url), httpOptions())
                           : new StdioClientTransport(target);
    return { client, transport, probes: [], callTool: (params, options) => client.callTool(params, undefined, options) };
  }
  const { Client, SdkErrorCode, StreamableHTTPClientTransport } = await import('@modelcontextprotocol/client');
  const { StdioClientTransport } = await import('@modelcontextprotocol/client/stdio');
  // Legacy is the v2 default, spelled out; pin and auto probe with server/discover at connect.
  const mode = { v2: 'legacy', 'v2-pin': { pin: MODERN }, 'v2-auto': 'auto' }[flavor];
  const client = new Client({ name: `sdk-test-${flavor}`, version: '1.0.0' }, { versionNegotiation: { mode } });
  const transport = http ? new StreamableHTTPClientTransport(new URL(target.url), httpOptions())
                         : new StdioClientTransport(target);
  // On stdio the probe runs on a short-lived sibling process, built as
  // `new transport.constructor(params)`, before the session's own process starts. A constructor
  // that taps what it builds lets the connect step see the probe on the wire; the instance's
  // prototype stays the SDK's, which is what makes the SDK take the sibling path at all. Over
  // HTTP the probe is one request on the session's own transport (the tap sees it there).
  const probes = [];
  if (modern && !http) {
    transport.constructor = function TappedProbeSibling(params) {
      const sibling = new StdioClientTransport(params);
      probes.push(tapTransport(sibling));
      return sibling;
    };
  }
  return { client, transport, probes, notInEra: SdkErrorCode.MethodNotSupportedByProtocolVersion,
           callTool: (params, options) => client.callTool(params, options) };
}

// The expected catalog is the binary's own (--list-tools), not a number kept here.
const catalog = JSON.parse(execFileSync(serverPath, ['--list-tools'], { encoding: 'utf8' })).tools.map((t) => t.name);
const sim = await startSim(simPath);
const env = serverEnv(sim.baseUrl);
// Over HTTP: the operator's token (every request must carry it), the server's URL from its
// stderr, and a record of each HTTP exchange for the session-id checks.
const token = http ? crypto.randomBytes(16).toString('hex') : undefined;
const server = http ? await startHttpServer(serverPath, { ...env, PIXVERSE_HTTP_TOKEN: token }) : undefined;
const exchanges = http ? recordingFetch() : undefined;
const { client, transport, probes, notInEra, callTool } = await makeClient(
  http ? { url: server.url, token, fetch: exchanges.fetch } : { command: serverPath, args: [], stderr: 'ignore', env },
);
const tap = tapTransport(transport);
const { step, finish } = reporter();

const call = async (name, args) => {
  const r = await callTool({ name, arguments: args });
  assert.ok(!r.isError, `${name} failed: ${JSON.stringify(r.content)}`);
  return r.structuredContent;
};
const follow = async (videoId) => {
  for (let i = 0; i < 20; i++) {
    const job = await call('get_video_status', { video_id: videoId });
    if (job.status !== 'running') return job;
  }
  throw new Error(`video ${videoId} did not finish`);
};

try {
  let connected;
  if (!modern) {
    await step(`${flavor}: connect negotiates 2025-11-25`, async () => {
      await client.connect(transport);
      assert.equal(tap.lastResult('protocolVersion').protocolVersion, '2025-11-25');
      assert.ok(!tap.sent.some((m) => m.method === 'server/discover'), 'a legacy client probed');
      assert.equal(client.getServerVersion().name, 'pixverse-mcp');
      assert.ok(client.getServerCapabilities().tools);
      assert.match(client.getInstructions(), /get_video_status/);
      connected = true;
    });
  } else {
    await step(`${flavor}: connect probes with server/discover and serves ${MODERN}, no initialize on the wire`, async () => {
      await client.connect(transport);
      assert.equal(client.getProtocolEra(), 'modern');
      assert.equal(client.getNegotiatedProtocolVersion(), MODERN);
      // The probe: one server/discover (on the sibling process over stdio, first on the session's
      // own transport over HTTP), in the 2026 request shape, and the raw answer.
      let probe = tap;
      if (http) {
        assert.equal(tap.sent[0]?.method, 'server/discover', JSON.stringify(tap.sent[0]));
        assert.equal(tap.sent.filter((m) => m.method === 'server/discover').length, 1);
      } else {
        assert.equal(probes.length, 1, `${probes.length} probe processes`);
        [probe] = probes;
        assert.deepEqual(probe.sent.map((m) => m.method), ['server/discover']);
      }
      const [discover] = probe.sent;
      assert.equal(discover.params._meta[PROTOCOL_VERSION], MODERN);
      assert.equal(typeof discover.params._meta[CLIENT_CAPABILITIES], 'object');
      const answer = probe.received.find((m) => m.id === discover.id);
      assert.ok(answer?.result, `server/discover answered ${JSON.stringify(answer)}`);
      const d = answer.result;
      assert.equal(d.resultType, 'complete');
      assert.ok(d.supportedVersions.includes(MODERN), JSON.stringify(d.supportedVersions));
      assert.ok(Number.isInteger(d.ttlMs) && d.ttlMs >= 0, `ttlMs ${d.ttlMs}`);
      assert.ok(['public', 'private'].includes(d.cacheScope), `cacheScope ${d.cacheScope}`);
      assert.equal(d._meta[SERVER_INFO].name, 'pixverse-mcp');
      assert.ok(d.capabilities.tools && d.capabilities.resources, JSON.stringify(d.capabilities));
      // The session itself never saw the 2025 handshake.
      const handshake = tap.sent.filter((m) => ['initialize', 'notifications/initialized'].includes(m.method));
      assert.deepEqual(handshake, []);
      // What the client kept from the discover result.
      assert.equal(client.getServerVersion().name, 'pixverse-mcp');
      assert.ok(client.getServerCapabilities().tools);
      assert.match(client.getInstructions(), /get_video_status/);
      assert.ok(client.getDiscoverResult().supportedVersions.includes(MODERN));
      connected = true;
    });
  }

  await step(`${flavor}: tools/list has the tools of --list-tools, each with an outputSchema`, async () => {
    const { tools } = await client.listTools();
    assert.ok(catalog.length > 0, '--list-tools listed no tools');
    assert.deepEqual(tools.map((t) => t.name), catalog);
    for (const t of tools) assert.equal(t.outputSchema.type, 'object');
  }, connected);

  let imgId;
  await step(`${flavor}: upload_image from a local file returns img_id as a decimal string`, async () => {
    const r = await call('upload_image', { file_path: IMAGE });
    assert.ok(isIdString(r.img_id), `img_id ${JSON.stringify(r.img_id)} (${typeof r.img_id})`);
    imgId = r.img_id;
  }, connected);

  let videoId;
  await step(`${flavor}: text_to_video returns video_id as a string above 2^53, polled to succeeded`, async () => {
    const job = await call('text_to_video', { prompt: 'A paper boat on a rainy street', duration: 5, wait_seconds: 0 });
    assert.equal(job.status, 'running');
    assert.equal(typeof job.video_id, 'string');
    assert.match(job.video_id, /^\d+$/);
    assert.ok(isIdString(job.video_id), job.video_id);
    const done = await follow(job.video_id);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.video_id, job.video_id);
    assert.match(done.url, /^http:\/\/127\.0\.0\.1:\d+\/.*\.mp4$/);
    videoId = job.video_id;
  }, connected);

  await step(`${flavor}: get_video_status with the string read back answers for the SAME id`, async () => {
    const job = await call('get_video_status', { video_id: videoId, wait_seconds: 0 });
    assert.equal(job.video_id, videoId);
    assert.equal(job.status, 'succeeded');
  }, videoId);

  await step(`${flavor}: image_to_video from the uploaded image (string id), then poll to succeeded`, async () => {
    const job = await call('image_to_video', { img_id: imgId, prompt: 'Clouds drift', model: 'v5.6', duration: 8 });
    assert.ok(isIdString(job.video_id), String(job.video_id));
    const done = await follow(job.video_id);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.video_id, job.video_id);
    assert.ok(done.size_bytes > 0);
  }, imgId);

  await step(`${flavor}: arguments as models send them ("5", "false", null) are accepted`, async () => {
    const job = await call('text_to_video',
                           { prompt: 'Lanterns over a river', duration: '5', water_mark: 'false', seed: null, wait_seconds: 0 });
    assert.ok(isIdString(job.video_id), String(job.video_id));
    assert.equal(job.status, 'running');
  }, connected);

  // The call waits (wait_seconds) for a job the simulator keeps running for a minute; the first
  // progress notification shows the server is waiting, and only then the caller aborts. A 2026
  // client over HTTP cancels by closing the request's response stream, as that revision says,
  // and writes no notifications/cancelled.
  let cancelled;
  const cancelsByHangUp = modern && http;
  const cancelHow = cancelsByHangUp ? 'closes the call\'s HTTP stream' : 'sends notifications/cancelled';
  await step(`${flavor}: aborting a waiting generation ${cancelHow}; the job keeps running, the server stays usable`, async () => {
    const prompt = '[sim:ms=60000] a wait the user abandons';
    const abort = new AbortController();
    let progressed;
    const firstProgress = new Promise((resolve) => { progressed = resolve; });
    const pending = callTool({ name: 'text_to_video', arguments: { prompt, wait_seconds: 60 } },
                             { signal: abort.signal, onprogress: (p) => progressed(p) });
    const unexpected = pending.then((r) => { throw new Error(`the call ended before any progress: ${JSON.stringify(r)}`); });
    unexpected.catch(() => {});  // only raced below; the abort's rejection is awaited on `pending`
    const p = await Promise.race([firstProgress, unexpected]);
    const videoId = p.message?.match(/video (\d+) /)?.[1];
    assert.ok(isIdString(videoId), `progress message ${JSON.stringify(p.message)}`);
    abort.abort(new Error('the user stopped the generation'));
    await assert.rejects(pending, /the user stopped the generation/);
    const request = tap.sent.find((m) => m.method === 'tools/call' && m.params.arguments.prompt === prompt);
    const notice = tap.sent.find((m) => m.method === 'notifications/cancelled' && m.params.requestId === request.id);
    if (cancelsByHangUp) {
      assert.equal(notice, undefined, 'a notifications/cancelled was written');
      const post = exchanges.exchanges.filter((e) => e.body?.includes(prompt));
      assert.equal(post.length, 1, `${post.length} POSTs of the call`);
      assert.equal(post[0].signal?.aborted, true, 'the call\'s POST was not aborted');
    } else {
      assert.ok(notice, `no notifications/cancelled for request ${request.id}`);
      if (modern) assert.equal(notice.params._meta?.[PROTOCOL_VERSION], MODERN);
    }
    // Cancelling the wait does not cancel the job: it is still there, still running.
    const job = await call('get_video_status', { video_id: videoId, wait_seconds: 0 });
    assert.equal(job.video_id, videoId);
    assert.equal(job.status, 'running');
    cancelled = { id: request.id, token: request.params._meta.progressToken, after: tap.received.length };
  }, connected);

  await step(`${flavor}: a slow job: progress notifications keep a 2.5 s client timeout alive for a ~4 s wait`, async () => {
    const seen = [];
    const r = await callTool(
      { name: 'text_to_video', arguments: { prompt: '[sim:ms=3500] slow waves', wait_seconds: 20 } },
      { timeout: 2500, resetTimeoutOnProgress: true, onprogress: (p) => seen.push(p) },
    );
    assert.ok(!r.isError, JSON.stringify(r.content));
    assert.equal(r.structuredContent.status, 'succeeded');
    assert.ok(seen.length >= 2, `only ${seen.length} progress notifications`);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i].progress > seen[i - 1].progress);
    assert.match(seen.at(-1).message, /video \d+ running, \d+ s/);
  }, connected);

  await step(`${flavor}: without resetTimeoutOnProgress the same wait times out on the client (the control case)`, async () => {
    await assert.rejects(
      callTool({ name: 'text_to_video', arguments: { prompt: '[sim:ms=3500] slow again', wait_seconds: 20 } }, { timeout: 2500 }),
      /timed out|Timeout/i,
    );
  }, connected);

  await step(`${flavor}: a schema violation is an isError result, not a protocol error`, async () => {
    const r = await callTool({ name: 'text_to_video', arguments: { prompt: 'x', duration: 'abc' } });
    assert.equal(r.isError, true);
    assert.match(r.content[0].text, /duration: must be an integer/);
  }, connected);

  // Legacy: the session's logging/setLevel gates notifications/message. 2026-07-28 has no
  // setLevel: a request asks for messages with a log level in its own _meta, or gets none.
  let loggedVideo;
  const logsOf = (videoId) => tap.received.filter((m) => m.method === 'notifications/message' && m.params?.data?.video_id === videoId);
  if (!modern) {
    await step(`${flavor}: notifications/message follow logging/setLevel: info sends the submission's log, warning none`, async () => {
      await client.setLoggingLevel('info');
      const logged = await call('text_to_video', { prompt: 'Logged at info', wait_seconds: 0 });
      const events = logsOf(logged.video_id);
      assert.ok(events.some((m) => m.params.level === 'info' && m.params.data.event === 'submitted'), JSON.stringify(events));
      await client.setLoggingLevel('warning');
      const quiet = await call('text_to_video', { prompt: 'Not logged at warning', wait_seconds: 0 });
      assert.deepEqual(logsOf(quiet.video_id), []);
    }, connected);
  } else {
    await step(`${flavor}: notifications/message only for a request whose _meta asks for a log level; logging/setLevel is refused locally`, async () => {
      await assert.rejects(client.setLoggingLevel('info'), (e) => { assert.equal(e.code, notInEra, String(e)); return true; });
      assert.ok(!tap.sent.some((m) => m.method === 'logging/setLevel'), 'the client wrote logging/setLevel');
      const r = await callTool({ name: 'text_to_video', arguments: { prompt: 'Logged at info', wait_seconds: 0 },
                                 _meta: { [LOG_LEVEL]: 'info' } });
      assert.ok(!r.isError, JSON.stringify(r.content));
      const videoId = r.structuredContent.video_id;
      // Our key went out beside the envelope the SDK adds, not instead of it.
      const request = tap.sent.find((m) => m.method === 'tools/call' && m.params.arguments.prompt === 'Logged at info');
      assert.equal(request.params._meta[LOG_LEVEL], 'info');
      assert.equal(request.params._meta[PROTOCOL_VERSION], MODERN);
      const events = logsOf(videoId);
      assert.ok(events.some((m) => m.params.level === 'info' && m.params.data.event === 'submitted'), JSON.stringify(events));
      // A request's messages travel while it is in flight, before its response.
      const answered = tap.received.findIndex((m) => m.id === request.id);
      for (const m of events) assert.ok(tap.received.indexOf(m) < answered, 'a log message after the response');
      const quiet = await call('text_to_video', { prompt: 'Not logged', wait_seconds: 0 });
      assert.deepEqual(logsOf(quiet.video_id), []);
      loggedVideo = videoId;
    }, connected);
  }

  await step(`${flavor}: resources/list lists the video's job resource and a job made after it, resources/templates/list their template`, async () => {
    const { resources } = await client.listResources();
    const entry = resources.find((r) => r.uri === `pixverse://jobs/${videoId}`);
    assert.ok(entry, `pixverse://jobs/${videoId} not in ${JSON.stringify(resources.map((r) => r.uri))}`);
    assert.equal(entry.mimeType, 'application/json');
    // A job made after a listing is in the next one: nothing (a 2026 client's cache included)
    // keeps showing the list as it was.
    const later = await call('text_to_video', { prompt: 'Made after the listing', wait_seconds: 0 });
    const again = (await client.listResources()).resources.map((r) => r.uri);
    assert.ok(again.includes(`pixverse://jobs/${later.video_id}`), `pixverse://jobs/${later.video_id} not in ${JSON.stringify(again)}`);
    const { resourceTemplates } = await client.listResourceTemplates();
    assert.ok(resourceTemplates.some((t) => t.uriTemplate === 'pixverse://jobs/{video_id}'), JSON.stringify(resourceTemplates));
  }, videoId);

  await step(`${flavor}: resources/read of the video's job resource returns the job as JSON`, async () => {
    const uri = `pixverse://jobs/${videoId}`;
    const { contents } = await client.readResource({ uri });
    assert.equal(contents.length, 1);
    assert.equal(contents[0].uri, uri);
    assert.equal(contents[0].mimeType, 'application/json');
    const job = JSON.parse(contents[0].text);
    assert.equal(job.video_id, videoId);
    assert.equal(job.status, 'succeeded');
    assert.equal(job.resource_uri, uri);
  }, videoId);

  // Resource not found is -32002 up to 2025-11-25; 2026-07-28 removed that code for -32602. The
  // code is checked on the wire: the v2 client reports either code as its ResourceNotFoundError
  // (-32602) when error.data is the uri, which is checked too.
  const notFound = modern ? -32602 : -32002;
  await step(`${flavor}: resources/read of an unknown job fails with ${notFound}, which the client takes for "not found"`, async () => {
    const uri = 'pixverse://jobs/123';
    let thrown;
    await assert.rejects(client.readResource({ uri }), (e) => { thrown = e; return true; });
    const request = tap.sent.findLast((m) => m.method === 'resources/read' && m.params.uri === uri);
    const answer = tap.received.find((m) => m.id === request.id);
    assert.equal(answer?.error?.code, notFound, JSON.stringify(answer));
    assert.deepEqual(answer.error.data, { uri });
    if (flavor === 'v1') assert.equal(thrown.code, notFound, String(thrown));
    else assert.equal(thrown.uri, uri, `not a ResourceNotFoundError: ${thrown}`);
  }, connected);

  if (!modern) {
    await step(`${flavor}: ping`, async () => {
      assert.deepEqual(await client.ping(), {});
    }, connected);
  } else {
    await step(`${flavor}: ping is not a ${MODERN} method: the client refuses it locally, the server answers one with -32601`, async () => {
      await assert.rejects(client.ping(), (e) => { assert.equal(e.code, notInEra, String(e)); return true; });
      assert.ok(!tap.sent.some((m) => m.method === 'ping'), 'the client wrote a ping');
      // Sent anyway, past the SDK, as a 2026 request: a method the revision does not have. Over
      // HTTP the answer is 404 with the error as its body, which the transport throws.
      const id = 'raw-ping';
      const ping = { jsonrpc: '2.0', id, method: 'ping', params: { _meta: { [PROTOCOL_VERSION]: MODERN, [CLIENT_CAPABILITIES]: {} } } };
      let answer;
      if (http) {
        await assert.rejects(transport.send(ping), (e) => {
          assert.equal(e.data?.status, 404, String(e));
          answer = JSON.parse(e.data.text);
          return true;
        });
      } else {
        await transport.send(ping);
        answer = await tap.waitFor((m) => m.id === id, 'answer to the ping');
      }
      assert.equal(answer.id, id);
      assert.equal(answer.error?.code, -32601, JSON.stringify(answer));
    }, connected);
  }

  await step(`${flavor}: the aborted call got no response, and no progress once the server had read the cancellation`, async () => {
    const answers = tap.received.filter((m) => m.id === cancelled.id && ('result' in m || 'error' in m));
    assert.deepEqual(answers, []);
    const late = tap.received.slice(cancelled.after)
      .filter((m) => m.method === 'notifications/progress' && m.params.progressToken === cancelled.token);
    assert.deepEqual(late, []);
  }, cancelled);

  if (modern) {
    // What every 2026-07-28 response must (resultType, cache hints) or should (serverInfo) carry.
    await step(`${flavor}: every result on the session is resultType "complete" with serverInfo; cacheable ones carry ttlMs and cacheScope`, async () => {
      const methodOf = new Map(tap.sent.filter((m) => m.method && 'id' in m).map((m) => [m.id, m.method]));
      const cacheable = ['tools/list', 'resources/list', 'resources/templates/list', 'resources/read', 'prompts/list'];
      const results = tap.received.filter((m) => 'result' in m);
      assert.ok(results.length >= 10, `only ${results.length} results`);
      for (const { id, result } of results) {
        const method = methodOf.get(id);
        assert.equal(result.resultType, 'complete', `${method} ${id}`);
        assert.equal(result._meta?.[SERVER_INFO]?.name, 'pixverse-mcp', `${method} ${id}`);
        if (!cacheable.includes(method)) continue;
        assert.ok(Number.isInteger(result.ttlMs) && result.ttlMs >= 0, `${method} ttlMs ${result.ttlMs}`);
        assert.ok(['public', 'private'].includes(result.cacheScope), `${method} cacheScope ${result.cacheScope}`);
      }
      for (const { error } of tap.received.filter((m) => 'error' in m))
        assert.ok(![-32002, -32042].includes(error.code), `${error.code} is not a ${MODERN} error code`);
    }, connected);

    await step(`${flavor}: no notifications/message on the session but the one request that asked for a log level`, async () => {
      const messages = tap.received.filter((m) => m.method === 'notifications/message');
      assert.ok(messages.length > 0, 'not even the requested one');
      for (const m of messages) assert.equal(m.params.data?.video_id, loggedVideo, JSON.stringify(m));
    }, loggedVideo);
  }

  if (http) {
    const authorization = `Bearer ${token}`;
    const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize',
                         params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };
    const post = (headers, body) => fetch(server.url, {
      method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(10000),
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    });
    if (!modern) {
      await step(`${flavor} over HTTP: initialize's answer names a session (Mcp-Session-Id), and every later request carries it`, async () => {
        const [first, ...later] = exchanges.exchanges;
        assert.equal(first.method, 'POST');
        const id = first.headers?.get('mcp-session-id');
        assert.match(id ?? '', /^[\x21-\x7e]+$/, `session id ${id}`);  // visible ASCII, as the spec requires
        assert.equal(transport.sessionId, id);
        assert.ok(later.length >= 10, `only ${later.length} later exchanges`);
        for (const e of later) assert.equal(e.requestHeaders.get('mcp-session-id'), id, `a ${e.method} without the session's id`);
      }, connected);
    } else {
      await step(`${flavor} over HTTP: stateless: no answer names a session, no request carries one`, async () => {
        assert.ok(exchanges.exchanges.length >= 10, `only ${exchanges.exchanges.length} exchanges`);
        for (const e of exchanges.exchanges) {
          assert.equal(e.headers?.get('mcp-session-id') ?? null, null, `a ${e.method} answered with a session id`);
          assert.equal(e.requestHeaders.get('mcp-session-id'), null, `a ${e.method} sent a session id`);
        }
      }, connected);
    }

    await step(`${flavor} over HTTP: without the bearer token, or with another, a request is refused with 401; with it, it is served`, async () => {
      for (const auth of [undefined, 'Bearer not-the-token', `Basic ${token}`, `Bearer ${token}x`]) {
        const r = await post(auth ? { authorization: auth } : {}, initialize);
        const text = await r.text();
        assert.equal(r.status, 401, `Authorization ${auth}: HTTP ${r.status} ${text.slice(0, 200)}`);
        assert.equal(r.headers.get('mcp-session-id'), null, 'a refused initialize made a session');
        assert.ok(!text.includes(token), 'the 401 shows the token');
      }
      // The control: the same request with the token is served (and its session ended again).
      const ok = await post({ authorization }, initialize);
      const text = await ok.text();
      assert.equal(ok.status, 200, `HTTP ${ok.status} ${text.slice(0, 200)}`);
      const id = ok.headers.get('mcp-session-id');
      assert.ok(id, 'no Mcp-Session-Id on a served initialize');
      const end = await fetch(server.url, { method: 'DELETE', headers: { authorization, 'mcp-session-id': id } });
      assert.ok(end.ok, `DELETE: HTTP ${end.status}`);
    }, connected);

    if (!modern) {
      await step(`${flavor} over HTTP: the client's DELETE ends its session: a request with that id then gets 404`, async () => {
        const id = transport.sessionId;
        await transport.terminateSession();
        const del = exchanges.exchanges.at(-1);
        assert.equal(del.method, 'DELETE');
        assert.ok(del.status >= 200 && del.status < 300, `DELETE: HTTP ${del.status}`);
        const r = await post({ authorization, 'mcp-session-id': id, 'mcp-protocol-version': '2025-11-25' },
                             { jsonrpc: '2.0', id: 2, method: 'ping' });
        assert.equal(r.status, 404, `HTTP ${r.status} ${(await r.text()).slice(0, 200)}`);
      }, connected);
    }
  }
} finally {
  await client.close().catch(() => {});
  if (http) {
    await step(`${flavor} over HTTP: SIGTERM ends the server with status 0; nothing on its stdout, neither the API key nor the token on its stderr`, async () => {
      const how = await server.stop();
      assert.equal(how.signal, null, `killed by ${how.signal}; stderr: ${how.stderr}`);
      assert.equal(how.code, 0, `stderr: ${how.stderr}`);
      assert.equal(how.stdout, '');
      assert.ok(!how.stderr.includes(env.PIXVERSE_API_KEY), 'the API key on stderr');
      assert.ok(!how.stderr.includes(token), 'the token on stderr');
    });
  }
  sim.stop();
}
finish();
