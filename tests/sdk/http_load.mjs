// Load over Streamable HTTP: 100 concurrent clients, each a legacy session of the 1.x SDK client
// (@modelcontextprotocol/sdk 1.32, what most hosts ship: initialize, the session's GET stream,
// tools/call answered as SSE), each waiting on a video generation that keeps running on the
// simulator, while a probe client in a worker thread sends ping after ping.
//   node http_load.mjs build/pixverse-mcp build/pixverse-sim
// Prints wall time, ping p50/p99 before and under the load, the server's peak thread count and
// peak RSS (/proc/PID/status). Asserts correctness only, and generous bounds: every client got its
// own job id, every job is running on the simulator and listed by list_jobs, pings were answered
// while all 100 calls were waiting (a server that serves connections from a small fixed pool would
// starve them), the server ends with 0 on SIGTERM, and the whole run ends within its deadline.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { isIdString, serverEnv, startHttpServer, startSim } from './sdk_common.mjs';

const CLIENTS = 100;
// How long each call waits for its job (wait_seconds) before it answers "still running": the
// window in which all 100 calls are in flight at once. The job itself runs for a minute.
const WAIT_SECONDS = 8;
const JOB_MS = 60000;
const DEADLINE_MS = 55000;
const now = () => performance.timeOrigin + performance.now();

async function connect(url, name) {
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  const client = new Client({ name, version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport);
  return { client, transport };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const summary = (pings) => {
  const ms = pings.map(([a, b]) => b - a).sort((x, y) => x - y);
  return { n: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms.at(-1) };
};
const fmt = ({ n, p50, p99, max }) => `${n} pings, p50 ${p50?.toFixed(1)} ms, p99 ${p99?.toFixed(1)} ms, max ${max?.toFixed(1)} ms`;

async function main() {
  const [serverPath, simPath] = process.argv.slice(2);
  if (!serverPath || !simPath) {
    console.error('usage: node http_load.mjs <pixverse-mcp> <pixverse-sim>');
    process.exit(2);
  }
  const deadline = setTimeout(() => {
    console.log(`not ok - the load run did not end within ${DEADLINE_MS / 1000} s`);
    process.exit(1);
  }, DEADLINE_MS);
  deadline.unref();
  const t0 = now();
  // Room for every job at once (the simulator's default is PixVerse's 5 concurrent generations).
  const sim = await startSim(simPath, ['--max-concurrent', String(CLIENTS * 2)]);
  const env = { ...serverEnv(sim.baseUrl), PIXVERSE_POLL_INTERVAL_MS: '1000' };
  const server = await startHttpServer(serverPath, env);
  let stopped = false;

  // The server's threads and RSS, sampled every 50 ms; VmHWM is the kernel's own RSS peak.
  const peak = { threads: 0, rssKiB: 0 };
  const status = () => {
    try {
      return fs.readFileSync(`/proc/${server.pid}/status`, 'utf8');
    } catch {
      return '';
    }
  };
  const field = (text, name) => Number(text.match(new RegExp(`^${name}:\\s+(\\d+)`, 'm'))?.[1] ?? 0);
  const sample = () => {
    const s = status();
    peak.threads = Math.max(peak.threads, field(s, 'Threads'));
    peak.rssKiB = Math.max(peak.rssKiB, field(s, 'VmHWM'), field(s, 'VmRSS'));
  };
  sample();
  const idleThreads = peak.threads;
  const sampler = setInterval(sample, 50);

  const prober = new Worker(new URL(import.meta.url), { workerData: { url: server.url } });
  const probeDone = new Promise((resolve, reject) => {
    prober.on('message', (m) => { if (m.pings) resolve(m); });
    prober.on('error', reject);
  });
  await new Promise((resolve, reject) => {
    prober.once('message', (m) => (m.ready ? resolve() : reject(new Error('probe'))));
    prober.once('error', reject);
  });

  const clients = [];
  let failed = 0;
  const check = (name, fn) => {
    try {
      fn();
      console.log(`ok - ${name}`);
    } catch (e) {
      failed++;
      console.log(`not ok - ${name}: ${e.stack ?? e}`);
    }
  };
  try {
    const loadStart = now();
    const connectStart = now();
    clients.push(...await Promise.all(Array.from({ length: CLIENTS }, (_, i) => connect(server.url, `load-${i}`))));
    const connectMs = now() - connectStart;

    // Every client starts its generation at once; a call's first progress notification names its
    // job, and says the server is waiting on it. `running` resolves once all 100 are waiting.
    const progressIds = new Array(CLIENTS);
    let waiting = 0;
    let allWaiting;
    const running = new Promise((resolve) => { allWaiting = resolve; });
    const callsStart = now();
    const calls = clients.map(({ client }, i) =>
      client.callTool(
        { name: 'text_to_video', arguments: { prompt: `[sim:ms=${JOB_MS}] load client ${i}`, wait_seconds: WAIT_SECONDS } },
        undefined,
        {
          timeout: 40000,
          onprogress: (p) => {
            if (progressIds[i] !== undefined) return;
            progressIds[i] = p.message?.match(/video (\d+) /)?.[1] ?? null;
            if (++waiting === CLIENTS) allWaiting(now());
          },
        },
      ).then((r) => ({ r, at: now() }), (e) => ({ e, at: now() })));
    const allRunningAt = await Promise.race([running, Promise.all(calls).then(() => undefined)]);
    const answers = await Promise.all(calls);
    const firstAnswerAt = Math.min(...answers.map((a) => a.at));
    const callsMs = now() - callsStart;

    prober.postMessage('stop');
    const { pings, failures: pingFailures } = await probeDone;
    const baseline = pings.filter(([, end]) => end < loadStart);
    const loaded = allRunningAt === undefined ? [] : pings.filter(([start, end]) => start >= allRunningAt && end <= firstAnswerAt);
    const during = pings.filter(([start]) => start >= callsStart && start <= firstAnswerAt);

    // What each client got back.
    const ids = answers.map(({ r }) => r?.structuredContent?.video_id);
    check(`all ${CLIENTS} calls answered after their ${WAIT_SECONDS} s wait: not an error, the job still running, its video_id`, () => {
      const bad = answers.map((a, i) => [i, a]).filter(([, { r, e }]) => e || r.isError || r.structuredContent?.status !== 'running'
                                                                            || !isIdString(r.structuredContent?.video_id));
      assert.deepEqual(bad.map(([i, { r, e }]) => `client ${i}: ${e ?? JSON.stringify(r.structuredContent ?? r.content)}`), []);
    });
    check(`the ${CLIENTS} video_ids are distinct, each the one the call's progress named`, () => {
      assert.equal(new Set(ids).size, CLIENTS);
      assert.deepEqual(progressIds, ids);
    });
    check('the probe\'s pings were all answered, some while all 100 calls were waiting', () => {
      assert.deepEqual(pingFailures, []);
      assert.ok(allRunningAt !== undefined, 'not all 100 calls reported progress before the first answer');
      assert.ok(loaded.length >= 5, `only ${loaded.length} pings answered while all calls were waiting`);
    });

    // Every job on the simulator, running, and in the server's registry (list_jobs, paged).
    // Ids above 2^53 as their source text (JSON.parse would round them).
    const simJobs = JSON.parse(await (await fetch(`${sim.baseUrl}/_sim/jobs`)).text(),
                               (key, value, context) => (key === 'id' ? context.source : value));
    check(`the simulator has exactly these ${CLIENTS} video jobs, all still running (status 5)`, () => {
      const byId = new Map(simJobs.map((j) => [j.id, j]));
      assert.equal(simJobs.length, CLIENTS);
      for (const id of ids) assert.equal(byId.get(id)?.status, 5, `job ${id}: ${JSON.stringify(byId.get(id))}`);
    });
    const listed = [];
    const { client: lister } = clients[0];
    let before;
    for (let page = 0; page < 10; page++) {
      const r = await lister.callTool({ name: 'list_jobs', arguments: { limit: 100, ...(before && { before_job_id: before }) } });
      assert.ok(!r.isError, JSON.stringify(r.content));
      listed.push(...r.structuredContent.jobs);
      before = r.structuredContent.next_before_job_id;
      if (!before) break;
    }
    check(`list_jobs lists every one of the ${CLIENTS} jobs, running, and no other`, () => {
      const byVideo = new Map(listed.map((j) => [j.video_id, j]));
      assert.equal(listed.length, CLIENTS, `${listed.length} jobs listed`);
      for (const id of ids) assert.equal(byVideo.get(id)?.status, 'running', `video ${id}: ${JSON.stringify(byVideo.get(id))}`);
    });

    // Sessions end as hosts end them (DELETE), under load, then the server stops.
    const closeStart = now();
    const ended = await Promise.allSettled(clients.map(async ({ client, transport }) => {
      await transport.terminateSession();
      await client.close();
    }));
    const closeMs = now() - closeStart;
    check(`all ${CLIENTS} sessions ended with DELETE`, () => {
      assert.deepEqual(ended.filter((e) => e.status === 'rejected').map((e) => String(e.reason)), []);
    });
    sample();
    clearInterval(sampler);
    const stopStart = now();
    const how = await server.stop();
    stopped = true;
    const stopMs = now() - stopStart;
    check('SIGTERM ends the server with status 0, nothing on its stdout, no API key on its stderr', () => {
      assert.deepEqual([how.code, how.signal], [0, null], `stderr: ${how.stderr}`);
      assert.equal(how.stdout, '');
      assert.ok(!how.stderr.includes(env.PIXVERSE_API_KEY));
    });

    const wallMs = now() - t0;
    console.log([
      `# ${CLIENTS} legacy sessions (1.x SDK client), each waiting ${WAIT_SECONDS} s on a job that runs ${JOB_MS / 1000} s`,
      `#   wall time ${(wallMs / 1000).toFixed(1)} s: connect all ${connectMs.toFixed(0)} ms, calls ${callsMs.toFixed(0)} ms` +
        ` (all ${CLIENTS} waiting after ${allRunningAt === undefined ? '?' : (allRunningAt - callsStart).toFixed(0)} ms),` +
        ` DELETE all ${closeMs.toFixed(0)} ms, SIGTERM to exit ${stopMs.toFixed(0)} ms`,
      `#   ping before the load: ${fmt(summary(baseline))}`,
      `#   ping during the calls: ${fmt(summary(during))}`,
      `#   ping while all ${CLIENTS} calls waited: ${fmt(summary(loaded))}`,
      `#   server threads: ${idleThreads} idle, peak ${peak.threads}; peak RSS ${(peak.rssKiB / 1024).toFixed(1)} MiB`,
    ].join('\n'));
  } finally {
    clearInterval(sampler);
    if (!stopped) await server.stop();
    await prober.terminate();
    sim.stop();
  }
  console.log(`${failed === 0 ? 'ok' : 'not ok'} - load run: ${failed} failed checks`);
  process.exit(failed === 0 ? 0 : 1);
}

// The probe: its own session, one ping after another until told to stop; each ping's start and
// end (absolute ms) go back to the main thread, which sorts them into the phases. It says when it
// has the baseline's pings, taken before any load.
const BASELINE_PINGS = 50;
async function probe() {
  const { client } = await connect(workerData.url, 'load-probe');
  let stop = false;
  parentPort.on('message', (m) => { if (m === 'stop') stop = true; });
  const pings = [];
  const failures = [];
  while (!stop) {
    const t0 = now();
    try {
      await client.ping({ timeout: 20000 });
      pings.push([t0, now()]);
    } catch (e) {
      failures.push(String(e));
    }
    if (pings.length + failures.length === BASELINE_PINGS) parentPort.postMessage({ ready: true });
  }
  await client.close();
  parentPort.postMessage({ pings, failures });
}

if (isMainThread) await main();
else await probe();
