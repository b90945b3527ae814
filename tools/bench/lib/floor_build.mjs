// The two floors: tools/bench/floor.c compiled with cc -O2, plain and linked against the shared
// libraries pixverse-mcp loads (--no-as-needed, so the loader really maps them), into the
// run's temporary folder, with the canned answers it serves: our server's own initialize,
// tools/list and get_balance results, byte for byte as JSON.stringify gives them back.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const OUR_LIBRARIES = ['-lcpp-httplib', '-lssl', '-lcrypto', '-lspdlog', '-lfmt', '-lsqlite3'];

// canned: {initialize, toolsList, toolsCall} results (objects). Returns {dir, plain, withLibs}.
export function buildFloors(benchDir, tmp, canned) {
  const dir = join(tmp, 'floor');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'initialize.json'), JSON.stringify(canned.initialize));
  writeFileSync(join(dir, 'tools_list.json'), JSON.stringify(canned.toolsList));
  writeFileSync(join(dir, 'tools_call.json'), JSON.stringify(canned.toolsCall));
  const source = join(benchDir, 'floor.c');
  const cc = (out, extra) => {
    const r = spawnSync('cc', ['-O2', '-o', join(dir, out), source, ...extra], { encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new Error(`cc ${out}: ${r.error?.message ?? r.stderr}`);
    return join(dir, out);
  };
  return {
    dir,
    plain: cc('floor-c', []),
    withLibs: cc('floor-libs', ['-Wl,--no-as-needed', ...OUR_LIBRARIES]),
  };
}
