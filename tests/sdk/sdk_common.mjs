// Shared by the SDK-client sessions: start the simulator, the server's environment, the
// ok/not ok step reporter, and a tap on the transport to see the raw JSON-RPC messages.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const IMAGE = path.resolve(here, '../../examples/assets/sunset.png');

// 2^53 + 1: the first id a double cannot hold. JSON numbers lose it in every JavaScript host, so
// ids only survive if the server sends them as strings.
export const ID_START = '9007199254740993';
export const isIdString = (v) => typeof v === 'string' && /^\d+$/.test(v) && BigInt(v) >= BigInt(ID_START);

// Starts build/pixverse-sim on a free port; it exits when our end of its stdin closes.
export async function startSim(simPath, extraArgs = []) {
  const sim = spawn(simPath, ['--port', '0', '--exit-on-stdin-eof', '--id-start', ID_START, '--polls', '2', ...extraArgs],
                    { stdio: ['pipe', 'pipe', 'inherit'] });
  const [firstLine] = await Promise.race([
    once(sim.stdout, 'data'),
    new Promise((_, reject) => setTimeout(() => reject(new Error('simulator did not start')), 10000)),
  ]);
  const baseUrl = String(firstLine).match(/http:\/\/127\.0\.0\.1:\d+/)[0];
  return { baseUrl, stop: () => sim.stdin.end() };
}

// The server's environment against the simulator, with a throwaway job registry; the example
// image's folder is one local media may be read from (PIXVERSE_INPUT_DIRS).
export function serverEnv(baseUrl) {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pixverse-sdk-'));
  return { ...process.env, PIXVERSE_API_KEY: 'sim-test-key', PIXVERSE_BASE_URL: baseUrl, PIXVERSE_LOG_LEVEL: 'warn',
           PIXVERSE_STATE_DIR: stateDir, PIXVERSE_POLL_INTERVAL_MS: '200', PIXVERSE_INPUT_DIRS: path.dirname(IMAGE) };
}

// Starts the server in HTTP mode on a free loopback port and reads its URL from the one stderr
// line it writes once listening (whatever the log level; "(bearer token required)" may follow). stdin is /dev/null: HTTP mode must not
// read it (a stdio server would end at its EOF). stop() sends SIGTERM and resolves with how it
// exited and everything it wrote; a server that outlives this process is killed.
export async function startHttpServer(serverPath, env, extraArgs = []) {
  const child = spawn(serverPath, ['--http', '127.0.0.1:0', ...extraArgs], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "serving MCP on" line within 10 s; stderr: ${stderr}`)), 10000);
    const look = () => {
      const m = stderr.match(/^pixverse-mcp: serving MCP on (http:\/\/127\.0\.0\.1:\d+\/mcp)(?: \([^)\n]*\))?\r?\n/m);
      if (m) { clearTimeout(timer); child.stderr.off('data', look); resolve(m[1]); }
    };
    child.stderr.on('data', look);
    exited.then(({ code, signal }) => { clearTimeout(timer); reject(new Error(`the server exited (${code ?? signal}) before listening; stderr: ${stderr}`)); });
  });
  return {
    url,
    pid: child.pid,
    output: () => ({ stdout, stderr }),
    // Resolves with { code, signal, stdout, stderr }; SIGKILL (and signal 'SIGKILL') past the limit.
    async stop(limitMs = 10000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
      const how = await exited;
      clearTimeout(timer);
      process.off('exit', killOnExit);
      return { ...how, stdout, stderr };
    },
  };
}

// A fetch for the SDK's HTTP transports that records each exchange's method, request headers and
// body, abort signal, status and response headers (not response bodies: the transports read those
// as streams).
export function recordingFetch() {
  const exchanges = [];
  const fetchFn = async (url, init = {}) => {
    const entry = { method: init.method ?? 'GET', requestHeaders: new Headers(init.headers),
                    body: typeof init.body === 'string' ? init.body : undefined, signal: init.signal,
                    status: undefined, headers: undefined };
    exchanges.push(entry);
    const response = await fetch(url, init);
    entry.status = response.status;
    entry.headers = response.headers;
    return response;
  };
  return { exchanges, fetch: fetchFn };
}

// Steps print `ok - name` / `not ok - name: error`; a step that needs an earlier result that
// failed is reported as failed too (the `needs` values), so the count stays the same every run.
export function reporter() {
  let passed = 0;
  let failed = 0;
  return {
    async step(name, fn, ...needs) {
      try {
        if (needs.some((v) => v === undefined)) throw Object.assign(new Error('skipped: a step it needs failed'), { skipped: true });
        await fn();
        passed++;
        console.log(`ok - ${name}`);
      } catch (e) {
        failed++;
        console.log(`not ok - ${name}: ${e.skipped ? e.message : (e.stack ?? e)}`);
      }
    },
    finish() {
      console.log(`${passed} passed, ${failed} failed`);
      process.exit(failed === 0 ? 0 : 1);
    },
  };
}

// Records every message the server sends, before the SDK parses (and possibly strips) it, by
// wrapping every handler the SDK sets as transport.onmessage. What the client writes is recorded
// too (`sent`), as the SDK hands it to the transport.
export function tapTransport(transport) {
  const received = [];
  const sent = [];
  const waiters = [];
  // Whatever handler is set is wrapped as it is read: the v2 client's in-place server/discover
  // probe (HTTP) sets its own handler and starts the transport before the session's handler
  // replaces it, without a second start. A wrapper read and then called from inside a later
  // handler (a test's own dispatcher) records the message once, and calls the handler it wrapped.
  const seen = new WeakSet();
  const wrapped = new WeakMap();
  const wrap = (fn) => {
    if (!wrapped.has(fn)) {
      wrapped.set(fn, (msg, ...rest) => {
        if (!seen.has(msg)) {
          seen.add(msg);
          received.push(msg);
          for (const w of waiters.splice(0)) if (!w.match(msg)) waiters.push(w); else w.resolve(msg);
        }
        return fn(msg, ...rest);
      });
    }
    return wrapped.get(fn);
  };
  let handler = transport.onmessage;
  Object.defineProperty(transport, 'onmessage', {
    configurable: true,
    get: () => (handler ? wrap(handler) : undefined),
    set: (fn) => { handler = fn; },
  });
  const send = transport.send.bind(transport);
  transport.send = (msg, ...rest) => { sent.push(msg); return send(msg, ...rest); };
  return {
    received,
    sent,
    // The raw result of the last response carrying `key` (e.g. protocolVersion, tools, content).
    lastResult: (key) => received.filter((m) => m.result && key in m.result).at(-1)?.result,
    // The first message received (already, or from now on) that `match` accepts. The time limit
    // only turns a message that never comes into a failure; nothing waits on it otherwise.
    waitFor(match, what, limitMs = 10000) {
      const seen = received.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${what} within ${limitMs} ms`)), limitMs);
        waiters.push({ match, resolve: (m) => { clearTimeout(timer); resolve(m); } });
      });
    },
  };
}

// A tool result's JSON as a text block (how results travel before 2025-06-18, without
// structuredContent): the first text block that parses as a JSON object.
export function jsonTextBlock(result) {
  for (const c of result.content ?? []) {
    if (c.type !== 'text') continue;
    try {
      const v = JSON.parse(c.text);
      if (v && typeof v === 'object' && !Array.isArray(v)) return v;
    } catch { /* a prose block */ }
  }
  return undefined;
}
