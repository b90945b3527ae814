// tools/bench/run: sets up (npm packages in the cache folder, the floors, the test video), then
// runs the rounds — each on a fresh simulator, each measurement visiting every server in turn —
// and prints the Markdown table (lib/table.mjs) on stdout; progress goes to stderr.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StdioPeer } from './stdio_peer.mjs';
import { startSimulator } from './simulator.mjs';
import { installNodePackages } from './npm_cache.mjs';
import { buildFloors } from './floor_build.mjs';
import { servers } from './servers.mjs';
import { Results } from './results.mjs';
import { renderTable } from './table.mjs';
import { coldStart } from '../measure/cold_start.mjs';
import { idleMemory, loadedMemory } from '../measure/memory.mjs';
import { toolsListLatency } from '../measure/tools_list.mjs';
import { pipelinedPings } from '../measure/ping.mjs';
import { BALANCE_CALL, toolsCallLatency } from '../measure/tools_call.mjs';
import { callsInFlight } from '../measure/in_flight.mjs';
import { toolDefinitionSize } from '../measure/tool_size.mjs';
import { waitingJobs } from '../measure/waiting_jobs.mjs';
import { uploadThroughServer, uploadWithCurl, writeTestVideo } from '../measure/upload.mjs';

const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPO = resolve(BENCH_DIR, '../..');

const USAGE = `usage: tools/bench/run [--short] [--build DIR] [--json FILE] [--rounds N] [--jobs N] [--no-node]
  --short      a quick version for CI (2 rounds, small counts; about a minute)
  --build DIR  where pixverse-mcp and pixverse-sim are (default: $BUILD_DIR, else build/)
  --json FILE  also write the medians and every sample as JSON
  --rounds N   rounds (default 5, --short 2)
  --jobs N     waiting jobs (default 256)
  --no-node    skip the Node servers (TS SDK, server-everything)
Prints a Markdown table on stdout (tools/bench/README.md says what each figure is).`;

function options(argv) {
  const o = { short: false, build: process.env.BUILD_DIR || join(REPO, 'build'), json: null, node: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--short') o.short = true;
    else if (a === '--build') o.build = argv[++i];
    else if (a === '--json') o.json = argv[++i];
    else if (a === '--rounds') o.rounds = Number(argv[++i]);
    else if (a === '--jobs') o.jobs = Number(argv[++i]);
    else if (a === '--no-node') o.node = false;
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`unknown argument ${a}\n${USAGE}`);
      process.exit(2);
    }
  }
  const counts = o.short
    ? { rounds: 2, spawns: 3, list: 100, pings: 10_000, calls: 200, inflightSeconds: 1, windowSeconds: 2 }
    : { rounds: 5, spawns: 4, list: 500, pings: 50_000, calls: 1000, inflightSeconds: 5, windowSeconds: 5 };
  return { ...counts, ...o, rounds: o.rounds || counts.rounds, jobs: o.jobs || 256, uploadMB: 45, uploadBytes: 45_000_000 };
}

const say = (text) => process.stderr.write(`bench: ${text}\n`);

function command(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error || r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.error?.message ?? r.stderr}`);
  return r.stdout;
}

// Our server's answers, to serve from the floors: initialize, tools/list and a get_balance call.
async function cannedAnswers(ours, simUrl, stateDir) {
  const peer = new StdioPeer(ours.spec(simUrl, stateDir));
  try {
    const initialize = (await peer.initialize(30_000)).result;
    const toolsList = (await peer.request('tools/list')).result;
    const toolsCall = (await peer.request('tools/call', BALANCE_CALL)).result;
    return { initialize, toolsList, toolsCall };
  } finally {
    await peer.close();
  }
}

export async function main(argv) {
  const o = options(argv);
  o.build = resolve(o.build);
  const begun = Date.now();
  const ourBinary = join(o.build, 'pixverse-mcp');
  const simBinary = join(o.build, 'pixverse-sim');
  for (const b of [ourBinary, simBinary])
    if (!existsSync(b)) throw new Error(`${b} is missing: build first (tools/build pixverse-mcp pixverse-sim)`);
  const tmp = mkdtempSync(join(tmpdir(), 'pixverse-mcp-bench-'));
  try {
    o.version = command(ourBinary, ['--version']).trim();
    o.commit = spawnSync('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout?.trim() || '?';

    // Setup, untimed: the Node packages, our tool list for the TS server, the floors, the video.
    let node = null;
    if (o.node) {
      const installed = installNodePackages(BENCH_DIR, o.short ? 120_000 : 300_000);
      if (installed.ok) {
        const toolsFile = join(tmp, 'tools.json');
        writeFileSync(toolsFile, command(ourBinary, ['--list-tools']));
        node = { dir: installed.dir, toolsFile };
        const version = (pkg) => JSON.parse(readFileSync(join(installed.dir, 'node_modules', pkg, 'package.json'))).version;
        o.sdkVersion = version('@modelcontextprotocol/sdk');
        o.everythingVersion = version('@modelcontextprotocol/server-everything');
      } else {
        o.nodeSkipReason = installed.reason;
        say(`skipping the Node servers: ${installed.reason}`);
      }
    } else {
      o.nodeSkipReason = '--no-node';
    }
    o.nodeServers = node !== null;
    const setupSim = await startSimulator(simBinary);
    const ctx = { buildDir: o.build, tmp, node, floors: null };
    const firstOurs = servers(ctx)[0];
    ctx.floors = buildFloors(BENCH_DIR, tmp, await cannedAnswers(firstOurs, setupSim.url, join(tmp, 'ours')));
    const all = servers(ctx);
    const taking = (what) => all.filter((s) => s.takes.has(what));
    const stateDir = (s) => join(tmp, s.key); // kept across rounds: a host's server finds its registry
    const video = join(tmp, 'bench-video.mp4');
    writeTestVideo(video, o.uploadBytes);
    // One spawn of each, not counted: page cache, the job registry's first creation.
    for (const s of all) {
      try {
        await coldStart(s.spec(setupSim.url, stateDir(s)));
      } catch (e) {
        say(`warm-up spawn of ${s.key} failed: ${e.message}`);
      }
    }
    await setupSim.stop();

    const results = new Results();
    const attempt = async (s, what, round, fn) => {
      try {
        const figures = await fn();
        results.add(s.key, round, figures);
        return figures;
      } catch (e) {
        results.fail(s.key, what, e);
        return null;
      }
    };

    for (let round = 0; round < o.rounds; round++) {
      say(`round ${round + 1} of ${o.rounds}`);
      const sim = await startSimulator(simBinary);
      try {
        for (let k = 0; k < o.spawns; k++)
          for (const s of taking('start'))
            await attempt(s, 'cold start', round, () => coldStart(s.spec(sim.url, stateDir(s))));

        // Long-lived sessions, one per server, measured in turn.
        const sessions = new Map();
        for (const s of taking('memory')) {
          await attempt(s, 'session', round, async () => {
            const peer = new StdioPeer(s.spec(sim.url, stateDir(s)));
            sessions.set(s.key, peer);
            await peer.initialize(30_000);
            const list = await peer.request('tools/list');
            if (round === 0) results.once[s.key] = toolDefinitionSize(list.result);
            return idleMemory(peer);
          });
        }
        const each = async (what, fn) => {
          for (const s of taking(what)) {
            const peer = sessions.get(s.key);
            if (peer && peer.proc.exitCode === null) await attempt(s, what, round, () => fn(peer));
          }
        };
        await each('list', (peer) => toolsListLatency(peer, o.list));
        await each('ping', (peer) => pipelinedPings(peer, o.pings));
        await each('call', (peer) => toolsCallLatency(peer, sim, o.calls));
        await each('inflight', (peer) => callsInFlight(peer, o.inflightSeconds));
        await each('load', async (peer) => loadedMemory(peer));
        for (const peer of sessions.values()) await peer.close();

        const roundDir = (s, what) => join(tmp, `round-${round}`, `${s.key}-${what}`);
        for (const s of taking('waiting'))
          await attempt(s, 'waiting jobs', round, () =>
            waitingJobs(s.spec(sim.url, roundDir(s, 'waiting')), o.jobs, o.windowSeconds * 1000),
          );
        for (const s of taking('upload'))
          await attempt(s, 'upload', round, () =>
            uploadThroughServer(s.spec(sim.url, roundDir(s, 'upload')), video, o.uploadBytes),
          );
        await attempt({ key: 'curl' }, 'upload', round, () => uploadWithCurl(sim.url, video, o.uploadBytes));
      } finally {
        await sim.stop();
      }
    }

    console.log(renderTable(results, o));
    if (o.json) writeFileSync(o.json, JSON.stringify({ options: o, ...results.toJSON() }, null, 1) + '\n');
    say(`done in ${Math.round((Date.now() - begun) / 1000)} s`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
