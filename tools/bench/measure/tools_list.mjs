// tools/list latency: N requests one after another (each sent when the last answer arrived),
// from the write to the arrival of the whole answer line; p50 and p99 in µs.
import { percentile } from '../lib/stats.mjs';

export async function toolsListLatency(peer, n) {
  const us = [];
  for (let i = 0; i < n; i++) {
    const a = await peer.request('tools/list');
    us.push((a.at - a.sentAt) * 1000);
  }
  return { list_p50_us: percentile(us, 50), list_p99_us: percentile(us, 99) };
}
