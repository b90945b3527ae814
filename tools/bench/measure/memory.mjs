// Memory from /proc/<pid>/status, in MiB: after initialize + one tools/list with nothing else
// going on (idle: VmRSS and its anonymous part RssAnon, i.e. without the mapped binary and
// libraries), and after the round's load (lists, pings, calls, 64 in flight), with the peak
// (VmHWM) since the start.
import { memory } from '../lib/proc_stats.mjs';

export function idleMemory(peer) {
  const m = memory(peer.pid);
  return { idle_rss_mib: m.rss, idle_anon_mib: m.anon };
}

export function loadedMemory(peer) {
  const m = memory(peer.pid);
  return { load_rss_mib: m.rss, load_anon_mib: m.anon, load_hwm_mib: m.hwm, load_threads: m.threads };
}
