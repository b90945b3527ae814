// The Markdown the run prints, ready to paste into the README's "Performance" section: a line
// on the machine, the table (one row per figure, one column per server, and the per-round
// ratio of ours to the TypeScript SDK server), then what the numbers mean.
import { availableParallelism, cpus, release } from 'node:os';

const num = (v, digits = 3) => {
  if (Math.abs(v) >= 10 ** digits) return Math.round(v).toLocaleString('en-US');
  return String(Number(v.toPrecision(digits)));
};
const int = (v) => Math.round(v).toLocaleString('en-US');
const ratio = (v) => (v >= 10 ? int(v) : v.toPrecision(2)); // two digits, zeros kept: 0.070, 3.3, 16
const FORMAT = {
  ms: { unit: 'ms', f: (v) => num(v) },
  us: { unit: 'µs', f: int },
  mib: { unit: 'MiB', f: (v) => v.toFixed(1) },
  rate: { unit: '/s', f: int },
  mbs: { unit: 'MB/s', f: int },
  msps: { unit: 'ms/s', f: (v) => num(v) },
  count: { unit: '', f: int },
};
const withUnit = (text, unit) => (unit ? `${text} ${unit}` : text);

function rows(o) {
  const jobs = `${o.jobs} waiting jobs`;
  return [
    ['spawn → `initialize` answered', 'start_init_ms', 'ms', true],
    ['spawn → `tools/list` answered', 'start_list_ms', 'ms', true],
    ['idle RSS, after init + list', 'idle_rss_mib', 'mib', true],
    ['anonymous RSS after init + list', 'idle_anon_mib', 'mib', true],
    ['RSS after load', 'load_rss_mib', 'mib', true],
    ['anonymous RSS after load', 'load_anon_mib', 'mib', true],
    ['peak RSS (VmHWM) after load', 'load_hwm_mib', 'mib', true],
    ['pipelined ping rate', 'ping_rate', 'rate', true],
    ['server CPU per 10k pings', 'ping_cpu_ms_per_10k', 'ms', true],
    ['`tools/list` p50', 'list_p50_us', 'us', true],
    ['`tools/list` p99', 'list_p99_us', 'us', true],
    ['`tools/call` get_balance p50', 'call_p50_us', 'us', true],
    ['`tools/call` get_balance p99', 'call_p99_us', 'us', true],
    ['the same GET made directly, p50', 'get_p50_us', 'us', false],
    ['`tools/call` p50 minus the direct GET p50', 'call_overhead_us', 'us', true],
    ['`tools/call`, 64 in flight', 'inflight_rate', 'rate', true],
    ['ping p99, idle (pings 20 ms apart)', 'wait_idle_ping_p99_us', 'us', false],
    [`ping p99, ${jobs}`, 'wait_ping_p99_us', 'us', false],
    [`server CPU, ${jobs}`, 'wait_cpu_ms_per_s', 'msps', false],
    [`RSS, ${jobs}`, 'wait_rss_mib', 'mib', false],
    [`threads, ${jobs}`, 'wait_threads', 'count', false],
    [`${o.uploadMB} MB \`upload_video\`: peak RSS growth`, 'upload_hwm_growth_mib', 'mib', false],
    [`${o.uploadMB} MB \`upload_video\`: throughput (floor: curl)`, 'upload_mb_s', 'mbs', false],
  ].map(([label, figure, format, ratio]) => ({ label, figure, format: FORMAT[format], ratio }));
}

export function machineLine(o) {
  const cpu = cpus();
  const date = new Date().toISOString().slice(0, 10);
  return (
    `${date}, nproc ${availableParallelism()}, ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Linux ${release()}, ` +
    `Node ${process.version}; ` +
    `${o.version} (${o.commit}); ${o.rounds} rounds, ${o.rounds * o.spawns} spawns per server` +
    (o.short ? ' (--short)' : '')
  );
}

export function renderTable(results, o) {
  const hasNode = o.nodeServers;
  const cell = (key, row) => {
    const v = results.value(key, row.figure);
    return v === undefined ? '—' : withUnit(row.format.f(v), row.format.unit);
  };
  const pair = (row) => {
    const a = results.value('ts-fetch', row.figure);
    const b = results.value('ts-node', row.figure);
    if (a === undefined && b === undefined) return '—';
    const f = (v) => (v === undefined ? '—' : row.format.f(v));
    return withUnit(`${f(a)} / ${f(b)}`, row.format.unit);
  };
  const ratioPair = (row) => {
    if (!row.ratio) return '—';
    const f = (v) => (v === undefined ? '—' : ratio(v));
    const a = results.ratio('ours', 'ts-fetch', row.figure);
    const b = results.ratio('ours', 'ts-node', row.figure);
    return a === undefined && b === undefined ? '—' : `${f(a)} / ${f(b)}`;
  };
  const lines = [
    '| figure | ours | TS SDK (fetch / node:http) | ours ÷ TS, per round | server-everything | floor: C + our libs | floor: C |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows(o)) {
    let ours = cell('ours', row);
    let floorC = cell('floor-c', row);
    if (row.figure === 'upload_mb_s') {
      floorC = cell('curl', row);
      const r = results.ratio('ours', 'curl', row.figure);
      if (r !== undefined) ours += ` (${ratio(r)} × curl)`;
    }
    const cells = [ours, pair(row), ratioPair(row), cell('everything', row), cell('floor-libs', row), floorC];
    lines.push(`| ${row.label} | ${cells.join(' | ')} |`);
  }
  const size = (key) => {
    const s = results.once[key];
    return s ? `${int(s.tool_chars)} / ${int(s.tool_tokens)}` : '—';
  };
  const ts = results.once['ts-fetch'];
  lines.push(
    `| tool definitions: characters / tokens | ${size('ours')} | ${ts ? size('ts-fetch') : '—'} | — | ${size('everything')} | — | — |`,
  );

  const notes = [
    `Medians over ${o.rounds} rounds; start times over all ${o.rounds * o.spawns} spawns. ` +
      'Each round runs every server through each measurement in turn, on a fresh simulator. ' +
      '"ours ÷ TS" is computed within each round, then its median is taken: below 1 means less time or ' +
      'memory for ours, or a lower rate.',
    `Counts per round: ${int(o.list)} sequential \`tools/list\`, ${int(o.pings)} pipelined pings, ` +
      `${int(o.calls)} sequential \`get_balance\` calls (each after the same GET made directly), ` +
      `64 calls in flight for ${o.inflightSeconds} s, ${o.jobs} \`text_to_video\` calls waiting with ` +
      `pings 20 ms apart for ${o.windowSeconds} s, one upload of ${int(o.uploadBytes)} bytes. ` +
      'CPU: /proc schedstat. MiB = 2^20 bytes, MB = 10^6 bytes. ' +
      'Tool definitions: for each tool, the characters (code points) of its name, its description and its inputSchema as compact JSON, summed (as tests/e2e/test_tool_budget.cpp counts); tokens counted as characters / 4.',
    'TS SDK: `tools/bench/ts-server/server.mjs` (McpServer, zod schemas made from our JSON Schemas, ' +
      `StdioServerTransport; @modelcontextprotocol/sdk ${o.sdkVersion ?? '(not installed)'}). ` +
      `server-everything ${o.everythingVersion ?? '(not installed)'} serves its own tools. ` +
      'Floors: `tools/bench/floor.c` answering canned bytes (our `tools/list` result); in the 64-in-flight row the ' +
      "C floor measures the bench's own ceiling.",
  ];
  if (!hasNode) notes.push(`Node servers skipped: ${o.nodeSkipReason}.`);
  for (const n of results.notes) notes.push(`Failed: ${n}.`);
  return [machineLine(o), '', ...lines, '', notes.join('\n\n')].join('\n');
}
