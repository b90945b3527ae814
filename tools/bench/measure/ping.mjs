// Pipelined pings: N ping requests written in one go, as fast as the pipe takes them; the rate
// is N over the time from the write to the last answer. The server's CPU time over the same
// span (lib/proc_stats.mjs), per 10,000 pings, is what the protocol layer costs per message.
import { performance } from 'node:perf_hooks';
import { cpuDelta, cpuMs } from '../lib/proc_stats.mjs';

export async function pipelinedPings(peer, n) {
  const prepared = Array.from({ length: n }, () => peer.prepare('ping', undefined, 0));
  const lines = prepared.map((p) => p.line).join('');
  const cpuBefore = cpuMs(peer.pid);
  const start = performance.now();
  peer.proc.stdin.write(lines);
  let timer;
  const bound = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${peer.label}: ${n} pings not answered in 120 s`)), 120_000);
  });
  const answers = await Promise.race([Promise.all(prepared.map((p) => p.answer)), bound]);
  clearTimeout(timer);
  const cpu = cpuDelta(cpuBefore, cpuMs(peer.pid));
  const last = answers.reduce((max, a) => Math.max(max, a.at), 0);
  return { ping_rate: n / ((last - start) / 1000), ping_cpu_ms_per_10k: (cpu / n) * 10_000 };
}
