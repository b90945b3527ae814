// 256 waiting jobs: does a server that follows many jobs at once still answer the protocol at
// once, and what does the waiting cost? A fresh server process gets `jobs` text_to_video calls
// with a progress token and wait_seconds 300, whose simulated jobs run for 10 minutes
// ([sim:ms=600000]). Once every call has sent its first progress notification (the job is
// submitted and the call is in its polling wait), pings paced 20 ms apart run for a window;
// the same window of pings before the jobs gives the idle figure. Reported: ping p99 (µs) in
// both windows (p50 too, in the JSON), the server's CPU time per second of the waiting window
// (polls, progress notifications and the pings), its RSS and thread count. Closing stdin ends
// the waits.
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { StdioPeer } from '../lib/stdio_peer.mjs';
import { cpuDelta, cpuMs, memory } from '../lib/proc_stats.mjs';
import { percentile } from '../lib/stats.mjs';

const PING_GAP_MS = 20;

async function pacedPings(peer, windowMs) {
  const us = [];
  const end = performance.now() + windowMs;
  while (performance.now() < end) {
    const a = await peer.request('ping');
    us.push((a.at - a.sentAt) * 1000);
    await delay(PING_GAP_MS); // the load's pace, not a wait for anything
  }
  return us;
}

export async function waitingJobs(spec, jobs, windowMs) {
  const peer = new StdioPeer(spec);
  try {
    await peer.initialize(30_000);
    const idle = await pacedPings(peer, windowMs);

    const started = new Set();
    let progressNotes = 0;
    let allStarted;
    const everyJobStarted = new Promise((resolve) => (allStarted = resolve));
    peer.onNotification = (msg) => {
      if (msg.method !== 'notifications/progress') return;
      progressNotes++;
      started.add(msg.params.progressToken);
      if (started.size === jobs) allStarted();
    };
    let answeredEarly;
    const earlyAnswer = new Promise((_, reject) => (answeredEarly = reject));
    earlyAnswer.catch(() => {});
    for (let j = 0; j < jobs; j++) {
      const { line, answer } = peer.prepare(
        'tools/call',
        {
          name: 'text_to_video',
          arguments: { prompt: `[sim:ms=600000] bench job ${j}`, wait_seconds: 300 },
          _meta: { progressToken: j },
        },
        0,
      );
      peer.proc.stdin.write(line);
      answer.then(
        (a) => answeredEarly(new Error(`a waiting call answered early: ${JSON.stringify(a.result.content)}`)),
        () => {}, // at shutdown
      );
    }
    let timer;
    const bound = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`only ${started.size} of ${jobs} jobs started in 120 s`)), 120_000);
    });
    await Promise.race([everyJobStarted, earlyAnswer, bound]);
    clearTimeout(timer);

    const notesBefore = progressNotes;
    const cpuBefore = cpuMs(peer.pid);
    const start = performance.now();
    const busy = await Promise.race([pacedPings(peer, windowMs), earlyAnswer]);
    const seconds = (performance.now() - start) / 1000;
    const cpu = cpuDelta(cpuBefore, cpuMs(peer.pid));
    const mem = memory(peer.pid);
    return {
      wait_idle_ping_p50_us: percentile(idle, 50),
      wait_idle_ping_p99_us: percentile(idle, 99),
      wait_ping_p50_us: percentile(busy, 50),
      wait_ping_p99_us: percentile(busy, 99),
      wait_cpu_ms_per_s: cpu / seconds,
      wait_rss_mib: mem.rss,
      wait_threads: mem.threads,
      wait_progress_per_s: (progressNotes - notesBefore) / seconds,
    };
  } finally {
    await peer.close(20_000); // waiting calls answer with their handles about 2 s after EOF
  }
}
