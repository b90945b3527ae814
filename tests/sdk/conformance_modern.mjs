// The official conformance suite at the MCP 2026-07-28 wire (@modelcontextprotocol/conformance
// 0.2.0-alpha.12, installed as conformance-next, `server --requirements 2026-07-28`: exactly the
// scenarios that revision requires, stateless, per-request _meta) against build/pixverse-mcp over
// its own Streamable HTTP transport (--http 127.0.0.1:0), which must end with status 0 on SIGTERM
// afterwards. Run with Node ≥ 22: tests/sdk/node_modules/.bin/node.
//
//   node conformance_modern.mjs build/pixverse-mcp [build/pixverse-sim]
// With the simulator, one video job is made first, so that resources/list has a resource and the
// caching scenario reads it (without, that check is skipped). Nothing reaches PixVerse either way.
//
// What applies to a product server must pass; what does not (fixture tools, prompts and resources
// of the suite's test server) is listed with the reason in conformance-modern-baseline.yml. The run
// fails when a scored check outside that list fails or warns, when a listed one passes, or when a
// listed entry names nothing that still fails; and, in scenarios the suite runs without scoring,
// when a message of ours breaks the schema, when a check of the HTTP header scenarios fails (the
// HTTP layer is ours), or, once we offer the Tasks extension, one of its checks that needs no
// fixture tool fails.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHttpServer, startSim } from './sdk_common.mjs';

const [serverPath, simPath] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const baselineFile = path.join(here, 'conformance-modern-baseline.yml');
const suite = path.join(here, 'node_modules/conformance-next/dist/index.js');
// The scenarios a product server passes (apart from per-check entries of the baseline); they must
// have run, so that a change of the requirement set cannot drop them unnoticed.
const mustPass = [
  'server-stateless', 'tools-list', 'resources-list', 'sep-2164-resource-not-found', 'caching',
  'server-sse-multiple-streams', 'input-required-result-unsupported-methods', 'dns-rebinding-protection',
];

// Checks of scenarios the requirement set runs without scoring (the suite cannot fail on them)
// that apply to us all the same: whatever a scenario is about, every message the server sends must
// match the 2026-07-28 schema; and once server/discover advertises the Tasks extension, its checks
// that need no fixture tool.
const wireSchema = 'wire-schema-valid';
// The pending header scenarios (SEP-2243: Mcp-Method and Mcp-Name against the body, header case,
// whitespace, Mcp-Param headers): unscored, but the HTTP layer is ours, so each check must pass.
// The Mcp-Param checks need a tool with x-mcp-header parameters, which no tool of ours has: the
// suite reports each of them "Not testable", and that is the only failure allowed there.
const headerScenarios = ['http-header-validation', 'http-custom-header-server-validation'];
const untestable = (scenario, c) =>
  scenario === 'http-custom-header-server-validation' && /^Not testable: server exposes no tool with x-mcp-header/.test(c.errorMessage ?? '');
const tasksExtension = 'io.modelcontextprotocol/tasks';
const tasksChecks = [
  'tasks-capability-negotiation:tasks-extension-advertised',
  'tasks-capability-negotiation:sep-2663-tasks-methods-non-declaring',
  'tasks-dispatch-and-envelope:sep-2663-tasks-result-removed-method-not-found',
  'tasks-dispatch-and-envelope:tasks-removed-tasks-list',
  'tasks-dispatch-and-envelope:sep-2663-tasks-get-invalid-task-id-32602',
];

const state = fs.mkdtempSync(path.join(os.tmpdir(), 'pixverse-conformance-modern-'));
const results = path.join(state, 'results');
const sim = simPath ? await startSim(simPath) : null;
const server = await startHttpServer(serverPath, {
  ...process.env,
  // Nothing may reach PixVerse: the simulator, or a port where nothing listens.
  PIXVERSE_API_KEY: sim ? 'sim-test-key' : '',
  PIXVERSE_BASE_URL: sim ? sim.baseUrl : 'http://127.0.0.1:9',
  PIXVERSE_POLL_INTERVAL_MS: '200',
  PIXVERSE_STATE_DIR: path.join(state, 'state'),
  PIXVERSE_OUTPUT_DIR: path.join(state, 'out'),
  PIXVERSE_LOG_LEVEL: 'error',
});
let stopped = false;
const META = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };
const post = (method, params) =>
  fetch(server.url, {
    method: 'POST',
    // The 2026-07-28 HTTP headers: Mcp-Name repeats what tools/call names (the server compares them).
    headers: { 'content-type': 'application/json', accept: 'application/json', 'mcp-protocol-version': '2026-07-28', 'mcp-method': method,
               ...(params.name && { 'mcp-name': params.name }) },
    body: JSON.stringify({ jsonrpc: '2.0', id: 0, method, params: { ...params, _meta: META } }),
    signal: AbortSignal.timeout(30000),
  });

// The suite as a child process (not spawnSync: the server's output is read in this event loop).
function runSuite() {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [suite, 'server', '--url', server.url, '--requirements', '2026-07-28',
        '--expected-failures', baselineFile, '-o', results],
      { env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240000);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, out });
    });
  });
}

try {
  // An unusable server shows up here, not as a wall of scenario failures.
  const probe = await post('server/discover', {});
  const discovered = await probe.text();
  assert.equal(probe.status, 200, `server/discover: HTTP ${probe.status} ${discovered}`);
  const offersTasks = JSON.parse(discovered).result?.capabilities?.extensions?.[tasksExtension] !== undefined;
  if (sim) {
    const made = await (await post('tools/call', { name: 'text_to_video', arguments: { prompt: 'conformance', wait_seconds: 20 } })).json();
    assert.equal(made.result?.structuredContent?.status, 'succeeded', `the job to read: ${JSON.stringify(made).slice(0, 500)}`);
  }

  const run = await runSuite();
  console.log(run.out);
  assert.equal(run.signal, null, `the conformance suite was killed (${run.signal}) after 240 s`);

  // checks.json per scenario, in <results>/server-<scenario>-<timestamp>/.
  const checks = new Map();
  for (const dir of fs.existsSync(results) ? fs.readdirSync(results) : []) {
    const m = /^server-(.+)-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/.exec(dir);
    const file = path.join(results, dir, 'checks.json');
    // A scenario that could not run (the server gone, say) has no checks.json: it counts as not run.
    if (m && fs.existsSync(file)) checks.set(m[1], JSON.parse(fs.readFileSync(file, 'utf8')));
  }
  const failing = (c) => c.status === 'FAILURE' || c.status === 'WARNING';

  // Every baseline entry names something that ran and still fails (the suite itself flags an
  // entry that now passes, but not one that no longer runs or is skipped).
  const entries = [...fs.readFileSync(baselineFile, 'utf8').matchAll(/^\s*- ([\w/.-]+(?::[\w/.-]+)?)\s*$/gm)].map((m) => m[1]);
  assert.ok(entries.length > 0, 'conformance-modern-baseline.yml lists nothing');
  for (const entry of entries) {
    const [scenario, checkId] = entry.split(':');
    const ran = checks.get(scenario);
    assert.ok(ran, `${entry}: scenario ${scenario} did not run — take it off conformance-modern-baseline.yml`);
    const hits = ran.filter((c) => (checkId === undefined || c.id === checkId) && failing(c));
    assert.ok(hits.length > 0, `${entry} no longer fails: take it off conformance-modern-baseline.yml`);
  }
  const excused = new Set(entries.filter((e) => e.includes(':')));
  for (const scenario of mustPass) {
    const ran = checks.get(scenario);
    assert.ok(ran, `scenario ${scenario} did not run`);
    const bad = ran.filter((c) => failing(c) && !excused.has(`${scenario}:${c.id}`));
    assert.deepEqual(bad.map((c) => `${c.id}: ${c.errorMessage}`), [], `scenario ${scenario} has failing checks`);
  }
  if (sim) {
    const read = checks.get('caching')?.find((c) => c.id === 'sep-2549-resources-read-caching-hints');
    assert.equal(read?.status, 'SUCCESS', 'caching did not read the job made on the simulator');
  }
  const schemaViolations = [...checks].flatMap(([scenario, list]) =>
    list.filter((c) => c.id === wireSchema && c.status !== 'SUCCESS').map((c) => `${scenario}: ${c.errorMessage ?? c.status}`));
  assert.deepEqual(schemaViolations, [], 'the server sent messages the 2026-07-28 schema rejects');
  const headerFailures = headerScenarios.flatMap((scenario) => {
    const ran = checks.get(scenario);
    if (!ran) return [`${scenario}: did not run`];
    return ran.filter((c) => failing(c) && !untestable(scenario, c))
      .map((c) => `${scenario}: ${c.id} (${c.name}): ${c.errorMessage ?? c.status}`);
  });
  assert.deepEqual(headerFailures, [], 'checks of the HTTP header scenarios fail');
  if (offersTasks) {
    const bad = tasksChecks.filter((entry) => {
      const [scenario, id] = entry.split(':');
      return checks.get(scenario)?.find((c) => c.id === id)?.status !== 'SUCCESS';
    });
    assert.deepEqual(bad, [], 'the server offers the Tasks extension but fails these of its checks');
  }
  // The suite's own verdict: no unexpected failure or warning among the scored scenarios, and no
  // listed entry that passes.
  assert.equal(run.status, 0, 'the conformance suite reported failures outside conformance-modern-baseline.yml, or stale entries in it');
  const how = await server.stop();
  stopped = true;
  assert.deepEqual([how.code, how.signal], [0, null], `the server did not end with 0 on SIGTERM; stderr: ${how.stderr}`);
  console.log(`conformance 2026-07-28: ${mustPass.length} product scenarios passed (${mustPass.join(', ')})` +
    `, the HTTP header checks (${headerScenarios.join(', ')})` +
    `${offersTasks ? `, and ${tasksChecks.length} Tasks-extension checks` : ''}; ${entries.length} baseline entries still fail as listed`);
} finally {
  // On a failure, how the server ended and what it said: a crash mid-run shows up here.
  if (!stopped) {
    const how = await server.stop();
    console.error(`the server ended with ${how.code ?? how.signal}; its stderr:\n${how.stderr}`);
  }
  sim?.stop();
  if (!process.env.KEEP) fs.rmSync(state, { recursive: true, force: true });
  else console.error(`kept ${state}`);
}
