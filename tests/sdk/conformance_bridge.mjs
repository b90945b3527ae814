// The official conformance suite (@modelcontextprotocol/conformance 0.1.16, server scenarios)
// against build/pixverse-mcp over its own Streamable HTTP transport (--http 127.0.0.1:0: legacy
// sessions, one per initialize, on one process). Run with Node ≥ 22 (the conformance suite needs
// it): tests/sdk/node_modules/.bin/node.
//
// The scenarios that apply to a product server must pass; the others (they call fixture tools,
// prompts and resources a test server has, such as test_simple_text) are listed in
// conformance-baseline.yml with the reason, and the suite fails if one of them starts passing
// unnoticed or a listed one is missing. The server must then end with status 0 on SIGTERM.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHttpServer } from './sdk_common.mjs';

const [serverPath] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const mustPass = ['server-initialize', 'ping', 'logging-set-level', 'tools-list', 'resources-list',
  'server-sse-multiple-streams', 'dns-rebinding-protection'];

const state = fs.mkdtempSync(path.join(os.tmpdir(), 'pixverse-conformance-'));
const server = await startHttpServer(serverPath, {
  ...process.env,
  PIXVERSE_API_KEY: '',
  PIXVERSE_BASE_URL: 'http://127.0.0.1:9', // nothing may reach PixVerse
  PIXVERSE_STATE_DIR: path.join(state, 'state'),
  PIXVERSE_OUTPUT_DIR: path.join(state, 'out'),
  PIXVERSE_LOG_LEVEL: 'error',
});
let stopped = false;
try {
  const run = spawnSync(
    process.execPath,
    [
      path.join(here, 'node_modules/@modelcontextprotocol/conformance/dist/index.js'),
      'server', '--url', server.url,
      '--expected-failures', path.join(here, 'conformance-baseline.yml'),
      '-o', path.join(state, 'results'),
    ],
    { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 240000 },
  );
  const out = (run.stdout ?? '') + (run.stderr ?? '');
  console.log(out);
  // "✓ ping: 1 passed, 0 failed" per scenario in the summary.
  const passed = new Set([...out.matchAll(/✓ ([\w-]+): \d+ passed, 0 failed/g)].map((m) => m[1]));
  for (const scenario of mustPass) assert.ok(passed.has(scenario), `scenario ${scenario} did not pass`);
  // The baseline stays honest: a listed scenario that now passes must leave the list.
  const failed = new Set([...out.matchAll(/✗ ([\w-]+): \d+ passed, [1-9]\d* failed/g)].map((m) => m[1]));
  const baseline = fs.readFileSync(path.join(here, 'conformance-baseline.yml'), 'utf8');
  const listed = [...baseline.matchAll(/^\s*- ([\w-]+)/gm)].map((m) => m[1]);
  for (const scenario of listed) assert.ok(failed.has(scenario), `${scenario} passes now: take it off conformance-baseline.yml`);
  assert.equal(run.status, 0, 'the conformance suite reported failures outside the baseline');
  const how = await server.stop();
  stopped = true;
  assert.deepEqual([how.code, how.signal], [0, null], `the server did not end with 0 on SIGTERM; stderr: ${how.stderr}`);
  console.log(`conformance: ${mustPass.length} product scenarios passed (${mustPass.join(', ')}); the rest are in conformance-baseline.yml`);
} finally {
  // On a failure, how the server ended and what it said: a crash mid-run shows up here.
  if (!stopped) {
    const how = await server.stop();
    console.error(`the server ended with ${how.code ?? how.signal}; its stderr:\n${how.stderr}`);
  }
  if (!process.env.KEEP) fs.rmSync(state, { recursive: true, force: true });
}
