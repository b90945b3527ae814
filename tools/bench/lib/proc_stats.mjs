// What the kernel says about a server process, from /proc/<pid>: its memory (status: VmRSS,
// RssAnon, VmHWM, Threads) and the CPU time it has used.
//
// CPU time: /proc/<pid>/stat counts utime + stime in clock ticks (10 ms at CLK_TCK 100), too
// coarse for a floor that spends 1 ms on 10,000 pings. /proc/<pid>/task/*/schedstat gives each
// live thread's run time in nanoseconds; summed, it is exact unless a thread exited in between
// (its time then leaves the sum but stays in stat). So cpuMs reads both and cpuDelta takes the
// nanosecond sum unless stat's ticks say more than two ticks went missing.
import { readFileSync, readdirSync } from 'node:fs';

const TICK_MS = 10; // CLK_TCK is 100 on Linux (getconf CLK_TCK)

export function memory(pid) {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => {
    const m = text.match(new RegExp(`^${field}:\\s+(\\d+)`, 'm'));
    return m ? Number(m[1]) : NaN;
  };
  const mib = (field) => kb(field) / 1024;
  return { rss: mib('VmRSS'), anon: mib('RssAnon'), hwm: mib('VmHWM'), threads: kb('Threads') };
}

export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd (state) on
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime: fields 14 and 15
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended while we listed them: stat's ticks still count it
    }
  }
  return { ticksMs: ticks * TICK_MS, exactMs: ns / 1e6 };
}

export function cpuDelta(before, after) {
  const exact = after.exactMs - before.exactMs;
  const ticks = after.ticksMs - before.ticksMs;
  return ticks - exact > 2 * TICK_MS ? ticks : exact;
}
