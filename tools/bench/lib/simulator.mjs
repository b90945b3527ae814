// The upstream every server calls: build/pixverse-sim on an ephemeral port, with credits and a
// concurrency limit no benchmark reaches, started fresh for each round (it keeps every upload
// and request log in memory). Also the direct GET the tools/call overhead is measured against:
// the same GET /openapi/v2/account/balance, made by the bench through a keep-alive Agent.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

export const API_KEY = 'sim-test-key';
export const BALANCE_PATH = '/openapi/v2/account/balance';

export async function startSimulator(simBinary) {
  const proc = spawn(
    simBinary,
    ['--port', '0', '--exit-on-stdin-eof', '--credits', '1000000000', '--max-concurrent', '100000'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (text) => (stderr = (stderr + text).slice(-2000)));
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (text) => {
      out += text;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl).trim().split(' ').pop());
    });
    proc.on('error', reject);
    exited.then((code) => reject(new Error(`pixverse-sim exited (${code}) before listening: ${stderr}`)));
  });
  const agent = new http.Agent({ keepAlive: true });
  return {
    url,
    pid: proc.pid,
    agent,
    async stop() {
      agent.destroy();
      proc.stdin.end(); // --exit-on-stdin-eof
      await exited;
    },
  };
}

// One direct GET of the balance; resolves to its duration in ms (until the whole body is read).
export function directGet(sim) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const headers = { 'API-KEY': API_KEY, 'Ai-trace-id': randomUUID() };
    http
      .get(sim.url + BALANCE_PATH, { agent: sim.agent, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => {
          const ms = performance.now() - start;
          if (res.statusCode !== 200 || JSON.parse(body).ErrCode !== 0) reject(new Error(`direct GET: ${body}`));
          else resolve(ms);
        });
      })
      .on('error', reject);
  });
}
