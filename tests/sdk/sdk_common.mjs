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

// Records every message the server sends, before the SDK parses (and possibly strips) it:
// both SDK lines set transport.onmessage just before they call transport.start(). What the
// client writes is recorded too (`sent`), as the SDK hands it to the transport.
export function tapTransport(transport) {
  const received = [];
  const sent = [];
  const waiters = [];
  const start = transport.start.bind(transport);
  transport.start = async () => {
    const deliver = transport.onmessage;
    transport.onmessage = (msg, ...rest) => {
      received.push(msg);
      for (const w of waiters.splice(0)) if (!w.match(msg)) waiters.push(w); else w.resolve(msg);
      deliver?.(msg, ...rest);
    };
    return start();
  };
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
