// The official MCP TypeScript SDK client drives build/pixverse-mcp against build/pixverse-sim:
// list the tools, upload an image, generate from text and from the image, poll to the end,
// and wait through a slow job with progress notifications resetting the client's timeout.
// The SDK validates every structuredContent against the tool's outputSchema by itself.
//   node sdk_session.mjs build/pixverse-mcp build/pixverse-sim
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const [serverPath, simPath] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const image = path.resolve(here, '../../examples/assets/sunset.png');

// JS numbers are doubles: use ids below 2^53, as the real API's are (~3e14).
const sim = spawn(simPath, ['--port', '0', '--exit-on-stdin-eof', '--id-start', '312345678901234', '--polls', '2'],
                  { stdio: ['pipe', 'pipe', 'inherit'] });
const [firstLine] = await Promise.race([
  once(sim.stdout, 'data'),
  new Promise((_, reject) => setTimeout(() => reject(new Error('simulator did not start')), 10000)),
]);
const baseUrl = String(firstLine).match(/http:\/\/127\.0\.0\.1:\d+/)[0];

let passed = 0;
let failed = 0;
async function step(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}: ${e.stack ?? e}`);
  }
}

const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pixverse-sdk-'));
const transport = new StdioClientTransport({
  command: serverPath,
  args: [],
  stderr: 'ignore',
  env: { ...process.env, PIXVERSE_API_KEY: 'sim-test-key', PIXVERSE_BASE_URL: baseUrl, PIXVERSE_LOG_LEVEL: 'warn',
         PIXVERSE_STATE_DIR: stateDir, PIXVERSE_POLL_INTERVAL_MS: '200' },
});
const client = new Client({ name: 'sdk-test', version: '1.0.0' });

try {
  await step('connect negotiates 2025-11-25', async () => {
    await client.connect(transport);
    assert.equal(client.getServerVersion().name, 'pixverse-mcp');
    assert.ok(client.getServerCapabilities().tools);
    assert.match(client.getInstructions(), /get_video_status/);
  });

  let tools = [];
  await step('tools/list has the 24 tools, each with an outputSchema', async () => {
    ({ tools } = await client.listTools());
    const names = tools.map((t) => t.name);
    assert.equal(names.length, 24);
    for (const n of ['text_to_video', 'extend_video', 'swap_video', 'list_jobs', 'get_image_status'])
      assert.ok(names.includes(n), n);
    for (const t of tools) assert.equal(t.outputSchema.type, 'object');
  });

  const call = async (name, args) => {
    const r = await client.callTool({ name, arguments: args });
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

  let imgId;
  await step('upload_image from a local file', async () => {
    ({ img_id: imgId } = await call('upload_image', { file_path: image }));
    assert.ok(Number.isSafeInteger(imgId) && imgId >= 312345678901234);
  });

  await step('text_to_video, then poll to succeeded', async () => {
    const job = await call('text_to_video', { prompt: 'A paper boat on a rainy street', duration: 5, wait_seconds: 0 });
    assert.equal(job.status, 'running');
    const done = await follow(job.video_id);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.video_id, job.video_id);
    assert.match(done.url, /^http:\/\/127\.0\.0\.1:\d+\/.*\.mp4$/);
  });

  await step('image_to_video from the uploaded image, then poll to succeeded', async () => {
    const job = await call('image_to_video', { img_id: imgId, prompt: 'Clouds drift', model: 'v5.6', duration: 8 });
    const done = await follow(job.video_id);
    assert.equal(done.status, 'succeeded');
    assert.ok(done.size_bytes > 0);
  });

  await step('a slow job: progress notifications keep a 2.5 s client timeout alive for a ~4 s wait', async () => {
    const seen = [];
    const r = await client.callTool(
      { name: 'text_to_video', arguments: { prompt: '[sim:ms=3500] slow waves', wait_seconds: 20 } },
      undefined,
      { timeout: 2500, resetTimeoutOnProgress: true, onprogress: (p) => seen.push(p) },
    );
    assert.ok(!r.isError, JSON.stringify(r.content));
    assert.equal(r.structuredContent.status, 'succeeded');
    assert.ok(seen.length >= 2, `only ${seen.length} progress notifications`);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i].progress > seen[i - 1].progress);
    assert.match(seen.at(-1).message, /video \d+ running, \d+ s/);
  });

  await step('without resetTimeoutOnProgress the same wait times out on the client (the control case)', async () => {
    await assert.rejects(
      client.callTool({ name: 'text_to_video', arguments: { prompt: '[sim:ms=3500] slow again', wait_seconds: 20 } },
                      undefined, { timeout: 2500 }),
      /timed out|Timeout/i,
    );
  });

  await step('a schema violation is an isError result, not a protocol error', async () => {
    const r = await client.callTool({ name: 'text_to_video', arguments: { prompt: 'x', duration: 'abc' } });
    assert.equal(r.isError, true);
    assert.match(r.content[0].text, /duration: must be an integer/);
  });

  await step('ping', async () => {
    await client.ping();
  });
} finally {
  await client.close();
  sim.stdin.end();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
