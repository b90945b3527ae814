// The servers a run compares, in the order each measurement visits them, and which
// measurements apply to each: ours; the TypeScript SDK server of the same shape, once with
// fetch and once with node:http; server-everything (the SDK's reference server, with its own
// tools); and the two C floors. A figure that does not apply prints as "—".
import { join } from 'node:path';
import { API_KEY } from './simulator.mjs';

// Measurement names used in `takes`:
//   start: spawn → initialize / tools/list      memory: RSS after init + list
//   list: tools/list latency                    ping: pipelined pings and CPU
//   call: sequential get_balance calls          inflight: 64 calls in flight
//   load: RSS after the load above              waiting: 256 waiting jobs
//   upload: a 45 MB upload_video
const ALL = ['start', 'memory', 'list', 'ping', 'call', 'inflight', 'load', 'waiting', 'upload'];

// A copy of the environment without the developer's own PIXVERSE_* settings.
function cleanEnv(extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PIXVERSE_')) env[k] = v;
  return { ...env, ...extra };
}

// ctx: {buildDir, tmp, node: {dir, toolsFile} | null, floors: {dir, plain, withLibs}}.
// Each server's spec(simUrl, stateDir) gives the command of one process.
export function servers(ctx) {
  const list = [
    {
      key: 'ours',
      takes: new Set(ALL),
      spec: (simUrl, stateDir) => ({
        label: 'pixverse-mcp',
        cmd: join(ctx.buildDir, 'pixverse-mcp'),
        env: cleanEnv({
          PIXVERSE_API_KEY: API_KEY,
          PIXVERSE_BASE_URL: simUrl,
          PIXVERSE_STATE_DIR: join(stateDir, 'state'),
          PIXVERSE_OUTPUT_DIR: join(stateDir, 'videos'),
          PIXVERSE_INPUT_DIRS: ctx.tmp,
          PIXVERSE_LOG_LEVEL: 'warn',
        }),
      }),
    },
  ];
  if (ctx.node) {
    for (const [key, mode] of [
      ['ts-fetch', 'fetch'],
      ['ts-node', 'node'],
    ]) {
      list.push({
        key,
        takes: new Set(['start', 'memory', 'list', 'ping', 'call', 'inflight', 'load']),
        spec: (simUrl) => ({
          label: `TS SDK server (${mode})`,
          cmd: process.execPath,
          args: [join(ctx.node.dir, 'ts-server.mjs'), '--tools', ctx.node.toolsFile, '--http', mode],
          env: cleanEnv({ PIXVERSE_API_KEY: API_KEY, PIXVERSE_BASE_URL: simUrl }),
        }),
      });
    }
    list.push({
      key: 'everything',
      takes: new Set(['start', 'memory', 'list', 'ping']),
      spec: () => ({
        label: 'server-everything',
        cmd: process.execPath,
        args: [join(ctx.node.dir, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
        env: cleanEnv({}),
      }),
    });
  }
  list.push(
    {
      key: 'floor-libs',
      takes: new Set(['start', 'memory']),
      spec: () => ({ label: 'floor: C + our libs', cmd: ctx.floors.withLibs, args: [ctx.floors.dir], env: cleanEnv({}) }),
    },
    {
      key: 'floor-c',
      takes: new Set(['start', 'memory', 'list', 'ping', 'inflight', 'load']),
      spec: () => ({ label: 'floor: C', cmd: ctx.floors.plain, args: [ctx.floors.dir], env: cleanEnv({}) }),
    },
  );
  return list;
}
