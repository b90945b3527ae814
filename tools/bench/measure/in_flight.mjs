// 64 calls in flight: get_balance calls kept 64 deep for a fixed time (each answer sends the
// next call while time remains); the rate counts answers that arrived within the time. For
// the C floor, which answers from memory, this is the bench's own ceiling.
import { performance } from 'node:perf_hooks';
import { cpuDelta, cpuMs } from '../lib/proc_stats.mjs';
import { BALANCE_CALL } from './tools_call.mjs';

export async function callsInFlight(peer, seconds, depth = 64) {
  const cpuBefore = cpuMs(peer.pid);
  const start = performance.now();
  const end = start + seconds * 1000;
  let answered = 0;
  await new Promise((resolve, reject) => {
    let outstanding = 0;
    const launch = () => {
      outstanding++;
      peer.request('tools/call', BALANCE_CALL).then(({ result, at }) => {
        outstanding--;
        if (result.isError) return reject(new Error(`${peer.label}: ${JSON.stringify(result.content)}`));
        if (at <= end) answered++;
        if (performance.now() < end) launch();
        else if (outstanding === 0) resolve();
      }, reject);
    };
    for (let i = 0; i < depth; i++) launch();
  });
  const elapsed = (performance.now() - start) / 1000;
  return { inflight_rate: answered / seconds, inflight_cpu_ms_per_s: cpuDelta(cpuBefore, cpuMs(peer.pid)) / elapsed };
}
