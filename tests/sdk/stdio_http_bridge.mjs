// A stdio→Streamable HTTP bridge for the MCP 2026-07-28 (stateless) era — a test stand-in that
// lets HTTP-only tools (the conformance suite) drive build/pixverse-mcp until the server has its
// own HTTP transport. It is not a product transport: no authentication, no Origin/Host checks,
// no header validation (MCP-Protocol-Version, Mcp-Method, Mcp-Name are not compared with the
// body), so the suite's HTTP-layer checks measure this file, not the server.
//
// One server process serves every HTTP client. Each POSTed request goes to its stdin under a
// fresh id of the bridge's own (so two clients that both use id 1 cannot collide) and the line
// that answers that id comes back to the client with its own id restored: as application/json,
// or — when the client accepts text/event-stream and the server sends something tied to the
// request first — as an SSE stream carrying those notifications and then the response.
// Notifications POSTed by a client are forwarded and answered 202. A client that hangs up before
// its answer has cancelled the request (that is what closing the stream means on HTTP in
// 2026-07-28): the bridge sends notifications/cancelled for it on stdin and drops a late answer.
//
// Legacy (initialize/session) traffic is not what this is for: it would be forwarded to the one
// shared process, sessions are neither minted nor honoured, and there is no GET stream.
// conformance_bridge.mjs (supergateway, one process per session) covers the legacy era.
//
//   node stdio_http_bridge.mjs [--port N] -- /path/to/pixverse-mcp [args…]
// prints the endpoint URL on stdout once it listens; or import { startBridge } from a test.
import { spawn } from 'node:child_process';
import http from 'node:http';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const META_VERSION = 'io.modelcontextprotocol/protocolVersion';
const META_CAPS = 'io.modelcontextprotocol/clientCapabilities';
const META_LOG_LEVEL = 'io.modelcontextprotocol/logLevel';
const META_SUBSCRIPTION = 'io.modelcontextprotocol/subscriptionId';
const MAX_BODY = 4 * 1024 * 1024;

// The HTTP status the 2026-07-28 Streamable HTTP transport gives a JSON-RPC error: 404 for an
// unknown method, 400 for the protocol-level rejections (header mismatch, missing client
// capability, unsupported version, a request missing its required _meta, malformed JSON-RPC);
// any other error is an ordinary answer.
function statusFor(error, request) {
  const code = error?.code;
  if (code === -32601) return 404;
  if (code === -32020 || code === -32021 || code === -32022 || code === -32700 || code === -32600) return 400;
  const meta = request?.params?._meta;
  if (code === -32602 && (meta?.[META_VERSION] === undefined || meta?.[META_CAPS] === undefined)) return 400;
  return 200;
}

const rpcError = (id, code, message) => JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } });

export function startBridge({ command, args = [], env = process.env, port = 0, path = '/mcp', log = () => {} }) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'], env });
  let childGone = null; // why the server can no longer answer, once it cannot
  let closing = false;
  let nextId = 1;
  // bridge id → { clientId, request, res, sse (client accepts it), streaming (SSE started) }
  const pending = new Map();

  const toChild = (message) => {
    if (!childGone) child.stdin.write(`${JSON.stringify(message)}\n`);
  };
  child.stdin.on('error', (e) => log(`server stdin: ${e.message}`));

  const finish = (id, entry, status, body) => {
    pending.delete(id);
    if (entry.streaming) entry.res.end(`event: message\ndata: ${body}\n\n`);
    else entry.res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  };

  // A notification tied to request `id` goes on that request's SSE stream, which opens on the
  // first one; a client that accepts only JSON does not get it.
  const notify = (id, message) => {
    const entry = pending.get(id);
    if (!entry?.sse) return;
    if (!entry.streaming) {
      entry.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
      entry.streaming = true;
    }
    entry.res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  };

  readline.createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
    if (!line.trim()) return;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      log(`server wrote a line that is not JSON: ${line.slice(0, 200)}`);
      return;
    }
    if (message.method === undefined) {
      // A response: the bridge id says whose it is; one for a cancelled request is dropped.
      const entry = pending.get(message.id);
      if (!entry) return;
      const answer = JSON.stringify({ ...message, id: entry.clientId });
      finish(message.id, entry, message.error ? statusFor(message.error, entry.request) : 200, answer);
    } else if (message.id !== undefined) {
      // 2026-07-28 has no server→client requests (MRTR replaces them); answer so nothing waits.
      log(`server sent a request (${message.method}); the bridge carries none`);
      toChild({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'the HTTP bridge carries no server-to-client requests' } });
    } else if (message.method === 'notifications/progress') {
      // The bridge put its own id in as the progress token; give the client its token back.
      const id = message.params?.progressToken;
      const entry = pending.get(id);
      if (entry) notify(id, { ...message, params: { ...message.params, progressToken: entry.progressToken } });
    } else if (message.params?._meta?.[META_SUBSCRIPTION] !== undefined) {
      // On a subscriptions/listen stream: the subscription id is the listen request's id.
      const id = message.params._meta[META_SUBSCRIPTION];
      const entry = pending.get(id);
      if (entry) {
        const meta = { ...message.params._meta, [META_SUBSCRIPTION]: entry.clientId };
        notify(id, { ...message, params: { ...message.params, _meta: meta } });
      }
    } else if (message.method === 'notifications/message') {
      // stdio does not say which request a log message belongs to; only a request that asked
      // for logs (_meta logLevel) may get them, so deliver it when exactly one such is in flight.
      const asking = [...pending].filter(([, e]) => e.wantsLog);
      if (asking.length === 1) notify(asking[0][0], message);
      else log(`a log message with ${asking.length} requests asking for logs was dropped`);
    }
  });

  // From then on every request, waiting or new, gets a 502 with the reason.
  const gone = (reason) => {
    if (childGone) return;
    childGone = reason;
    if (!closing) log(reason);
    for (const [id, entry] of pending) finish(id, entry, 502, rpcError(entry.clientId, -32603, reason));
  };
  child.on('exit', (code, signal) => gone(`the server exited (${signal ?? code})`));
  child.on('error', (e) => gone(`the server could not start: ${e.message}`));

  const server = http.createServer((req, res) => {
    if (new URL(req.url, 'http://localhost').pathname !== path) return res.writeHead(404).end();
    // 2026-07-28 has no GET stream and no sessions to DELETE.
    if (req.method !== 'POST') return res.writeHead(405, { allow: 'POST' }).end();
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      let message;
      try {
        message = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return res.writeHead(400, { 'content-type': 'application/json' }).end(rpcError(null, -32700, 'parse error'));
      }
      if (typeof message !== 'object' || message === null || Array.isArray(message) || typeof message.method !== 'string') {
        // Batches are gone since 2025-06-18, and a client sends no responses in 2026-07-28.
        return res.writeHead(400, { 'content-type': 'application/json' }).end(rpcError(message?.id ?? null, -32600, 'one JSON-RPC request or notification per POST'));
      }
      if (childGone) return res.writeHead(502, { 'content-type': 'application/json' }).end(rpcError(message.id ?? null, -32603, childGone));
      if (message.id === undefined) {
        // On HTTP a client cancels by closing the stream; its own notifications/cancelled would
        // name an id the server never saw, so it is not forwarded.
        if (message.method !== 'notifications/cancelled') toChild(message);
        return res.writeHead(202).end();
      }
      const id = nextId++;
      const meta = message.params?._meta;
      const entry = {
        clientId: message.id,
        request: message,
        res,
        sse: /text\/event-stream/.test(req.headers.accept ?? ''),
        streaming: false,
        wantsLog: typeof meta?.[META_LOG_LEVEL] === 'string',
        progressToken: meta?.progressToken,
      };
      pending.set(id, entry);
      let forwarded = { ...message, id };
      if (entry.progressToken !== undefined) {
        forwarded = { ...forwarded, params: { ...message.params, _meta: { ...meta, progressToken: id } } };
      }
      res.on('close', () => {
        if (pending.get(id) !== entry) return; // answered already
        pending.delete(id);
        toChild({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason: 'the HTTP client closed the connection' } });
      });
      toChild(forwarded);
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}${path}`;
      resolve({
        url,
        child,
        // Stops listening and ends the server with EOF on stdin (its orderly shutdown), or with
        // SIGTERM if it is still there 5 s later.
        close: async () => {
          closing = true;
          const closed = new Promise((done) => server.close(done));
          server.closeAllConnections();
          if (child.exitCode === null && child.signalCode === null) {
            const exited = new Promise((done) => child.once('exit', done));
            child.stdin.end();
            const stuck = setTimeout(() => child.kill('SIGTERM'), 5000);
            await exited;
            clearTimeout(stuck);
          }
          await closed;
        },
      });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const dash = argv.indexOf('--');
  const own = dash === -1 ? [] : argv.slice(0, dash);
  const [command, ...args] = dash === -1 ? argv : argv.slice(dash + 1);
  if (!command) {
    console.error('usage: stdio_http_bridge.mjs [--port N] -- server [args…]');
    process.exit(2);
  }
  const portAt = own.indexOf('--port');
  const bridge = await startBridge({
    command,
    args,
    port: portAt === -1 ? 0 : Number(own[portAt + 1]),
    log: (m) => console.error(`bridge: ${m}`),
  });
  console.log(bridge.url);
  bridge.child.on('exit', () => process.exit(1));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => bridge.close().then(() => process.exit(0)));
}
