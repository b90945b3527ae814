// A server process the bench talks to as an MCP host does: spawned with pipes, one JSON-RPC
// message per line. Each answer is stamped (performance.now()) when the chunk that completes
// its line arrives, before any parsing, so the bench's own JSON work stays out of the
// latencies. Requests get numeric ids; answers are matched by id; notifications go to
// onNotification. Requests from the server (none is expected: the bench declares no client
// capabilities) get a "method not found" error.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const INITIALIZE_PARAMS = {
  protocolVersion: '2025-11-25',
  capabilities: {},
  clientInfo: { name: 'pixverse-mcp-bench', version: '1' },
};

export class StdioPeer {
  // spec: {label, cmd, args, env}. `spawnedAt` is taken just before the spawn.
  constructor(spec) {
    this.label = spec.label;
    this.spawnedAt = performance.now();
    this.proc = spawn(spec.cmd, spec.args ?? [], { env: spec.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.pid = this.proc.pid;
    this.nextId = 1;
    this.pending = new Map(); // id -> {resolve, reject, timer}
    this.onNotification = null;
    this.stderrTail = '';
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
    this.proc.on('error', (e) => this.failAll(new Error(`${this.label}: ${e.message}`)));
    this.proc.on('exit', (code, signal) =>
      this.failAll(new Error(`${this.label} exited (${signal ?? code}); stderr: ${this.stderrTail.trim()}`)),
    );
    this.proc.stdin.on('error', () => {}); // a server that exits early: reported through 'exit'
    this.proc.stderr.setEncoding('utf8');
    this.proc.stderr.on('data', (text) => (this.stderrTail = (this.stderrTail + text).slice(-2000)));
    this.proc.stdout.setEncoding('utf8');
    let partial = '';
    this.proc.stdout.on('data', (chunk) => {
      const at = performance.now();
      let start = 0;
      for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
        const line = partial + chunk.slice(start, nl);
        partial = '';
        start = nl + 1;
        if (line.trim()) this.receive(line, at);
      }
      partial += chunk.slice(start);
    });
  }

  receive(line, at) {
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      this.stderrTail = (this.stderrTail + `[stdout, not JSON] ${line.slice(0, 200)}\n`).slice(-2000);
      return;
    }
    if (msg.method !== undefined) {
      if (msg.id !== undefined) this.send({ jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'no' } });
      else this.onNotification?.(msg);
      return;
    }
    const waiter = this.pending.get(msg.id);
    if (!waiter) return;
    this.pending.delete(msg.id);
    clearTimeout(waiter.timer);
    if (msg.error) waiter.reject(new Error(`${this.label}: ${waiter.method} failed: ${JSON.stringify(msg.error)}`));
    else waiter.resolve({ result: msg.result, at, bytes: line.length });
  }

  failAll(error) {
    for (const waiter of this.pending.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.pending.clear();
  }

  send(message) {
    this.proc.stdin.write(JSON.stringify(message) + '\n');
  }

  // A request's line and the promise of its answer {result, at, bytes}; the caller writes the
  // line (alone, or with others in one write). timeoutMs 0: no timer of its own (the caller
  // bounds a whole batch).
  prepare(method, params, timeoutMs = 60_000) {
    const id = this.nextId++;
    const message = params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params };
    const answer = new Promise((resolve, reject) => {
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              this.pending.delete(id);
              reject(new Error(`${this.label}: no answer to ${method} within ${timeoutMs} ms`));
            }, timeoutMs)
          : null;
      this.pending.set(id, { resolve, reject, timer, method });
    });
    return { line: JSON.stringify(message) + '\n', answer };
  }

  // One request; resolves to {result, at, bytes, sentAt}.
  async request(method, params, timeoutMs) {
    const { line, answer } = this.prepare(method, params, timeoutMs);
    const sentAt = performance.now();
    this.proc.stdin.write(line);
    return { ...(await answer), sentAt };
  }

  // initialize, then notifications/initialized; resolves to the initialize answer.
  async initialize(timeoutMs) {
    const answer = await this.request('initialize', INITIALIZE_PARAMS, timeoutMs);
    this.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    return answer;
  }

  // Closes stdin (a host's shutdown) and waits for the exit; past the bound, SIGKILL.
  async close(boundMs = 10_000) {
    this.proc.stdin.end();
    let timer;
    const bound = new Promise((resolve) => (timer = setTimeout(resolve, boundMs, 'timeout')));
    if ((await Promise.race([this.exited, bound])) === 'timeout') {
      this.proc.kill('SIGKILL');
      await this.exited;
    }
    clearTimeout(timer);
  }
}
