// The MCP Inspector CLI, a client nobody here wrote, drives build/pixverse-mcp:
//   mcp-inspector --cli build/pixverse-mcp --method tools/list | tools/call | resources/list
// With --transport http, the same against the server's Streamable HTTP endpoint (--http, with a
// bearer token), as the README shows:
//   mcp-inspector --cli http://127.0.0.1:PORT/mcp --transport http --header "Authorization: Bearer …"
// The expected catalog is the binary's own (--list-tools), not a number kept here.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHttpServer } from './sdk_common.mjs';

const argv = process.argv.slice(2);
const overHttp = argv[0] === '--transport' && argv[1] === 'http';
const [serverPath] = overHttp ? argv.slice(2) : argv;
const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, 'node_modules', '.bin', 'mcp-inspector');
const state = fs.mkdtempSync(path.join(os.tmpdir(), 'pixverse-inspector-'));
// The Inspector starts the server with a minimal environment of its own (the SDK's default:
// HOME, PATH, …), not ours — so no PIXVERSE_API_KEY reaches it; the server's variables go through -e.
const serverEnv = {
  PIXVERSE_STATE_DIR: state,
  PIXVERSE_OUTPUT_DIR: path.join(state, 'out'),
  PIXVERSE_BASE_URL: 'http://127.0.0.1:9', // discard port: nothing here may reach PixVerse
  PIXVERSE_LOG_LEVEL: 'warn',
};
const env = { ...process.env, MCP_INSPECTOR_SECRET_STORE: 'memory' };
// Over HTTP the server is ours to start (with its variables), and the CLI gets its URL.
const token = 'inspector-token-5b1e';
const http = overHttp
  ? await startHttpServer(serverPath, { PATH: process.env.PATH, HOME: state, ...serverEnv, PIXVERSE_HTTP_TOKEN: token })
  : null;
const target = http
  ? [http.url, '--transport', 'http', '--header', `Authorization: Bearer ${token}`]
  : [serverPath, ...Object.entries(serverEnv).flatMap(([k, v]) => ['-e', `${k}=${v}`])];
// A tool result with isError makes the CLI exit non-zero; its JSON is still on stdout.
const inspect = (...args) => {
  try {
    return JSON.parse(execFileSync(cli, ['--cli', ...target, ...args], { encoding: 'utf8', env, timeout: 60000 }));
  } catch (e) {
    if (e.stdout && e.stdout.trim().startsWith('{')) return { exitStatus: e.status, ...JSON.parse(e.stdout) };
    throw e;
  }
};

let passed = 0;
try {
  const catalog = JSON.parse(execFileSync(serverPath, ['--list-tools'], { encoding: 'utf8' }));
  const { tools } = inspect('--method', 'tools/list');
  assert.deepEqual(tools.map((t) => t.name), catalog.tools.map((t) => t.name));
  for (const t of tools) assert.ok(t.description && t.inputSchema && t.annotations, t.name);
  console.log(`tools/list: ${tools.length} tools, the same as --list-tools`);
  passed++;

  // list_jobs reads the local registry (no key needed): an empty, well-formed answer.
  const called = inspect('--method', 'tools/call', '--tool-name', 'list_jobs', '--tool-arg', 'limit=5');
  assert.notEqual(called.isError, true, JSON.stringify(called));
  assert.deepEqual(called.structuredContent.jobs, []);
  assert.ok(called.content[0].text.includes(state), `list_jobs read another registry: ${called.content[0].text}`);
  console.log(`tools/call list_jobs: ${called.content[0].text}`);
  passed++;

  // A call that needs the key says how to set it, as a tool error (not a protocol error).
  const refused = inspect('--method', 'tools/call', '--tool-name', 'get_balance');
  assert.equal(refused.isError, true, JSON.stringify(refused));
  assert.match(refused.content[0].text, /PIXVERSE_API_KEY is not set/);
  console.log('tools/call get_balance without a key: a tool error naming PIXVERSE_API_KEY');
  passed++;

  const { resources } = inspect('--method', 'resources/list');
  assert.ok(Array.isArray(resources));
  const { resourceTemplates } = inspect('--method', 'resources/templates/list');
  assert.ok(resourceTemplates.some((t) => t.uriTemplate.startsWith('pixverse://')), JSON.stringify(resourceTemplates));
  console.log(`resources/list: ${resources.length} resources; templates: ${resourceTemplates.map((t) => t.uriTemplate).join(', ')}`);
  passed++;
  if (http) {
    const stopped = await http.stop();
    assert.equal(stopped.code, 0, `the server's exit: ${JSON.stringify(stopped)}`);
    assert.equal(stopped.stdout, '');
    assert.ok(!stopped.stderr.includes(token), 'the bearer token was logged');
    console.log('SIGTERM: exit 0, nothing on stdout, the token never logged');
    passed++;
  }
} finally {
  if (http) await http.stop();
  fs.rmSync(state, { recursive: true, force: true });
}
console.log(`${passed} passed, 0 failed`);
