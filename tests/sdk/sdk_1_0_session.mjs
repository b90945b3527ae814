// The MCP TypeScript SDK 1.0.4 client (late 2024; it speaks only 2024-11-05) drives
// build/pixverse-mcp against build/pixverse-sim. Hosts built on it still exist, and that
// revision has no structuredContent, no outputSchema and no resource_link blocks, so the
// result must be usable from its content alone: the server adds the result's JSON as a text block.
//   node sdk_1_0_session.mjs build/pixverse-mcp build/pixverse-sim
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Client } from 'sdk-1.0.4/client/index.js';
import { StdioClientTransport } from 'sdk-1.0.4/client/stdio.js';
import { IMAGE, isIdString, jsonTextBlock, reporter, serverEnv, startSim, tapTransport } from './sdk_common.mjs';

const [serverPath, simPath] = process.argv.slice(2);
if (!serverPath || !simPath) {
  console.error('usage: node sdk_1_0_session.mjs <pixverse-mcp> <pixverse-sim>');
  process.exit(2);
}

// The expected catalog is the binary's own (--list-tools), not a number kept here.
const catalog = JSON.parse(execFileSync(serverPath, ['--list-tools'], { encoding: 'utf8' })).tools.map((t) => t.name);
const sim = await startSim(simPath);
const transport = new StdioClientTransport({ command: serverPath, args: [], stderr: 'ignore', env: serverEnv(sim.baseUrl) });
const tap = tapTransport(transport);   // the raw results, before 1.0.4's zod schemas parse them
const client = new Client({ name: 'sdk-1.0.4-test', version: '1.0.0' }, { capabilities: {} });
const { step, finish } = reporter();

// A call through 1.0.4: its result schema knows only text/image/resource blocks, so a
// resource_link block would already make callTool throw. Returns the JSON text block.
async function call(name, args) {
  const r = await client.callTool({ name, arguments: args });
  assert.ok(!r.isError, `${name} failed: ${JSON.stringify(r.content)}`);
  const raw = tap.lastResult('content');
  assert.ok(!('structuredContent' in raw), `${name}: structuredContent sent to a 2024-11-05 client`);
  for (const c of raw.content) assert.ok(['text', 'image', 'resource'].includes(c.type), `${name}: a ${c.type} block`);
  const json = jsonTextBlock(r);
  assert.ok(json, `${name}: no text block with the result as JSON: ${JSON.stringify(r.content).slice(0, 300)}`);
  return json;
}

try {
  let connected;
  await step('1.0.4: connect; the server answers 2024-11-05', async () => {
    await client.connect(transport);   // 1.0.4 itself throws if the server answers a revision it lacks
    assert.equal(tap.lastResult('protocolVersion').protocolVersion, '2024-11-05');
    assert.equal(client.getServerVersion().name, 'pixverse-mcp');
    connected = true;
  });

  await step('1.0.4: tools/list has the tools of --list-tools, without the fields 2024-11-05 lacks', async () => {
    const { tools } = await client.listTools();
    assert.ok(catalog.length > 0, '--list-tools listed no tools');
    assert.deepEqual(tools.map((t) => t.name), catalog);
    for (const t of tap.lastResult('tools').tools)
      for (const f of ['title', 'outputSchema', 'annotations', 'execution']) assert.ok(!(f in t), `${t.name} has ${f}`);
  }, connected);

  let imgId;
  await step('1.0.4: upload_image (examples/assets/sunset.png): img_id from the JSON text', async () => {
    const r = await call('upload_image', { file_path: IMAGE });
    assert.ok(isIdString(r.img_id), `img_id ${JSON.stringify(r.img_id)}`);
    imgId = r.img_id;
  }, connected);

  let videoId;
  await step('1.0.4: text_to_video with wait_seconds 0: running, video_id a decimal string', async () => {
    const r = await call('text_to_video', { prompt: 'A kite over dunes', duration: 5, wait_seconds: 0 });
    assert.equal(r.status, 'running');
    assert.ok(isIdString(r.video_id), `video_id ${JSON.stringify(r.video_id)}`);
    videoId = r.video_id;
  }, connected);

  await step('1.0.4: get_video_status with that string: the same video, succeeded with a url', async () => {
    let job;
    for (let i = 0; i < 20 && job?.status !== 'succeeded'; i++) job = await call('get_video_status', { video_id: videoId });
    assert.equal(job.video_id, videoId);
    assert.equal(job.status, 'succeeded');
    assert.match(job.url, /^http:\/\/127\.0\.0\.1:\d+\/.*\.mp4$/);
  }, videoId);
} finally {
  await client.close().catch(() => {});
  sim.stop();
}
finish();
