// tools/call get_balance, one after another: each call makes exactly one GET to the simulator.
// Before each call the bench makes the same GET itself (keep-alive, lib/simulator.mjs), so the
// two series see the same moment of the machine; the overhead is the call's p50 minus the
// direct GET's p50, in µs: what the server adds around the one HTTP request.
import { directGet } from '../lib/simulator.mjs';
import { percentile } from '../lib/stats.mjs';

export const BALANCE_CALL = { name: 'get_balance', arguments: {} };

export async function toolsCallLatency(peer, sim, n) {
  const call = [];
  const get = [];
  for (let i = 0; i < n; i++) {
    get.push((await directGet(sim)) * 1000);
    const a = await peer.request('tools/call', BALANCE_CALL);
    if (a.result.isError) throw new Error(`${peer.label}: get_balance failed: ${JSON.stringify(a.result.content)}`);
    call.push((a.at - a.sentAt) * 1000);
  }
  const callP50 = percentile(call, 50);
  const getP50 = percentile(get, 50);
  return {
    call_p50_us: callP50,
    call_p99_us: percentile(call, 99),
    get_p50_us: getP50,
    call_overhead_us: callP50 - getP50,
  };
}
