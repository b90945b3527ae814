// The Claude Desktop extension (build/pixverse-mcp-<version>-linux.mcpb) as the official mcpb CLI
// (@anthropic-ai/mcpb) sees it: the manifest validates against the published schema, the bundle
// unpacks, and what it declares holds — the key is a sensitive user_config entry, the output
// folder another, the platform is the one binary carried (linux), the tools are the server's
// own catalog, and the binary it points at runs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [serverPath, bundlePath] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const mcpb = (...args) =>
  execFileSync(path.join(here, 'node_modules', '.bin', 'mcpb'), args, { encoding: 'utf8', timeout: 60000 });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pixverse-mcpb-'));
try {
  assert.ok(fs.existsSync(bundlePath), `${bundlePath} is missing: cmake --build build --target mcpb`);
  mcpb('unpack', bundlePath, dir);
  console.log(mcpb('validate', path.join(dir, 'manifest.json')).trim());
  console.log(mcpb('info', bundlePath).trim());

  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  assert.equal(manifest.manifest_version, '0.4');
  assert.equal(manifest.server.type, 'binary');
  assert.equal(manifest.server.mcp_config.command, '${__dirname}/' + manifest.server.entry_point);
  assert.deepEqual(manifest.compatibility.platforms, ['linux']);
  assert.deepEqual(manifest.server.mcp_config.platform_overrides, {});
  const { api_key: key, output_dir: out } = manifest.user_config;
  assert.equal(key.sensitive, true);
  assert.equal(key.required, true);
  assert.equal(manifest.server.mcp_config.env.PIXVERSE_API_KEY, '${user_config.api_key}');
  assert.equal(out.type, 'directory');
  assert.equal(manifest.server.mcp_config.env.PIXVERSE_OUTPUT_DIR, '${user_config.output_dir}');

  const catalog = JSON.parse(execFileSync(serverPath, ['--list-tools'], { encoding: 'utf8' }));
  assert.deepEqual(manifest.tools.map((t) => t.name), catalog.tools.map((t) => t.name));

  // The carried binary keeps its executable mode through the zip, and runs.
  const binary = path.join(dir, manifest.server.entry_point);
  assert.ok(fs.statSync(binary).mode & 0o111, 'the bundled binary is not executable');
  const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  assert.equal(version, execFileSync(serverPath, ['--version'], { encoding: 'utf8' }).trim());
  assert.equal(manifest.version, version.split(' ')[1]);
  console.log(`bundle: ${path.basename(bundlePath)}, ${manifest.tools.length} tools, ${version}, platforms ${manifest.compatibility.platforms}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log('1 passed, 0 failed');
