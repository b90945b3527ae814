// The MCP Inspector CLI (stdio) lists the tools of build/pixverse-mcp:
//   npx @modelcontextprotocol/inspector --cli build/pixverse-mcp --method tools/list
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [serverPath] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, 'node_modules', '.bin', 'mcp-inspector');
const out = execFileSync(cli, ['--cli', serverPath, '--method', 'tools/list'], {
  encoding: 'utf8',
  env: { ...process.env, PIXVERSE_API_KEY: '', MCP_INSPECTOR_SECRET_STORE: 'memory' },
  timeout: 60000,
});
const { tools } = JSON.parse(out);
assert.equal(tools.length, 24);
for (const t of tools) assert.ok(t.description && t.inputSchema);
console.log(`inspector listed ${tools.length} tools: ${tools.map((t) => t.name).join(', ')}`);
console.log('1 passed, 0 failed');
