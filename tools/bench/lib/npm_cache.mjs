// The npm packages of the Node servers (the TypeScript SDK and server-everything), installed
// outside the repository: `npm ci` of tools/bench/package.json and its lockfile into a cache
// folder, ${PIXVERSE_BENCH_CACHE:-${XDG_CACHE_HOME:-~/.cache}/pixverse-mcp-bench}, again only
// when the lockfile changed. The TS server's source is copied beside its node_modules on every
// run, so that its imports resolve there. When npm is missing or the registry cannot be
// reached, the run goes on without the Node servers and says why.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function cacheFolder() {
  if (process.env.PIXVERSE_BENCH_CACHE) return process.env.PIXVERSE_BENCH_CACHE;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'pixverse-mcp-bench');
}

// Resolves to {ok: true, dir} or {ok: false, reason}.
export function installNodePackages(benchDir, timeoutMs) {
  const dir = cacheFolder();
  mkdirSync(dir, { recursive: true });
  const manifest = readFileSync(join(benchDir, 'package.json'));
  const lock = readFileSync(join(benchDir, 'package-lock.json'));
  const stamp = createHash('sha256').update(manifest).update(lock).digest('hex');
  const stampFile = join(dir, '.installed-lock-sha256');
  const installed = existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp;
  if (!installed) {
    writeFileSync(join(dir, 'package.json'), manifest);
    writeFileSync(join(dir, 'package-lock.json'), lock);
    process.stderr.write(`bench: npm ci into ${dir}\n`);
    const npm = spawnSync(
      'npm',
      ['ci', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error', '--fetch-retries=1'],
      { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: timeoutMs },
    );
    if (npm.error || npm.status !== 0) {
      const lines = (npm.stderr || '').split('\n').map((l) => l.replace(/^npm error\s*/, '').trim());
      const why = npm.error ? npm.error.message : lines.filter(Boolean).slice(0, 2).join('; ');
      return { ok: false, reason: `npm ci into ${dir} failed (${why || `status ${npm.status}`})` };
    }
    writeFileSync(stampFile, stamp);
  }
  copyFileSync(join(benchDir, 'ts-server', 'server.mjs'), join(dir, 'ts-server.mjs'));
  return { ok: true, dir };
}
