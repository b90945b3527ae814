// An official MCP TypeScript SDK client drives build/pixverse-mcp against build/pixverse-sim:
// list the tools, upload an image, generate from text and from the image, poll to the end,
// send arguments the loose way models do, abort a waiting generation, wait through a slow job
// with progress notifications resetting the client's timeout, get log messages only when asked,
// and read the job resources. The SDK validates every structuredContent against the tool's
// outputSchema by itself.
//   node sdk_session.mjs [--client v1|v2] build/pixverse-mcp build/pixverse-sim
//   v1 = @modelcontextprotocol/sdk 1.32.2 (the 1.x line most hosts ship)
//   v2 = @modelcontextprotocol/client 2.4.0 in legacy mode (plain 2025 initialize, no probe)
// Ids start at 2^53+1, so they survive only as strings: a JSON number would come back rounded.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { IMAGE, isIdString, reporter, serverEnv, startSim, tapTransport } from './sdk_common.mjs';

const args = process.argv.slice(2);
let flavor = 'v1';
const at = args.indexOf('--client');
if (at >= 0) [, flavor] = args.splice(at, 2);
const [serverPath, simPath] = args;
if (!['v1', 'v2'].includes(flavor) || !serverPath || !simPath) {
  console.error('usage: node sdk_session.mjs [--client v1|v2] <pixverse-mcp> <pixverse-sim>');
  process.exit(2);
}

// The two SDK lines differ in imports, the Client options and callTool's signature; the steps don't.
async function makeClient(transportParams) {
  if (flavor === 'v1') {
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
    const client = new Client({ name: 'sdk-test-v1', version: '1.0.0' });
    return { client, transport: new StdioClientTransport(transportParams),
             callTool: (params, options) => client.callTool(params, undefined, options) };
  }
  const { Client } = await import('@modelcontextprotocol/client');
  const { StdioClientTransport } = await import('@modelcontextprotocol/client/stdio');
  // Pin legacy explicitly: the server speaks the 2025 revisions, not 2026-07-28 server/discover.
  const client = new Client({ name: 'sdk-test-v2', version: '1.0.0' }, { versionNegotiation: { mode: 'legacy' } });
  return { client, transport: new StdioClientTransport(transportParams),
           callTool: (params, options) => client.callTool(params, options) };
}

// The expected catalog is the binary's own (--list-tools), not a number kept here.
const catalog = JSON.parse(execFileSync(serverPath, ['--list-tools'], { encoding: 'utf8' })).tools.map((t) => t.name);
const sim = await startSim(simPath);
const { client, transport, callTool } = await makeClient({
  command: serverPath, args: [], stderr: 'ignore', env: serverEnv(sim.baseUrl),
});
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
  await step(`${flavor}: connect negotiates 2025-11-25`, async () => {
    await client.connect(transport);
    assert.equal(tap.lastResult('protocolVersion').protocolVersion, '2025-11-25');
    assert.ok(!tap.sent.some((m) => m.method === 'server/discover'), 'a legacy client probed');
    assert.equal(client.getServerVersion().name, 'pixverse-mcp');
    assert.ok(client.getServerCapabilities().tools);
    assert.match(client.getInstructions(), /get_video_status/);
    connected = true;
  });

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
  // progress notification shows the server is waiting, and only then the caller aborts.
  let cancelled;
  await step(`${flavor}: aborting a waiting generation sends notifications/cancelled; the job keeps running, the server stays usable`, async () => {
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
    assert.ok(notice, `no notifications/cancelled for request ${request.id}`);
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

  // The session's logging/setLevel gates notifications/message.
  const logsOf = (videoId) => tap.received.filter((m) => m.method === 'notifications/message' && m.params?.data?.video_id === videoId);
  await step(`${flavor}: notifications/message follow logging/setLevel: info sends the submission's log, warning none`, async () => {
    await client.setLoggingLevel('info');
    const logged = await call('text_to_video', { prompt: 'Logged at info', wait_seconds: 0 });
    const events = logsOf(logged.video_id);
    assert.ok(events.some((m) => m.params.level === 'info' && m.params.data.event === 'submitted'), JSON.stringify(events));
    await client.setLoggingLevel('warning');
    const quiet = await call('text_to_video', { prompt: 'Not logged at warning', wait_seconds: 0 });
    assert.deepEqual(logsOf(quiet.video_id), []);
  }, connected);

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

  // Resource not found is -32002 up to 2025-11-25. The code is checked on the wire: the v2 client
  // reports it as its ResourceNotFoundError (-32602) when error.data is the uri, checked too.
  const notFound = -32002;
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

  await step(`${flavor}: ping`, async () => {
    assert.deepEqual(await client.ping(), {});
  }, connected);

  await step(`${flavor}: the aborted call got no response, and no progress once the server had read the cancellation`, async () => {
    const answers = tap.received.filter((m) => m.id === cancelled.id && ('result' in m || 'error' in m));
    assert.deepEqual(answers, []);
    const late = tap.received.slice(cancelled.after)
      .filter((m) => m.method === 'notifications/progress' && m.params.progressToken === cancelled.token);
    assert.deepEqual(late, []);
  }, cancelled);
} finally {
  await client.close().catch(() => {});
  sim.stop();
}
finish();
