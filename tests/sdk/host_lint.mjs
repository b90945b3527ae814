// Lints what pixverse-mcp publishes against what MCP hosts and model APIs accept.
//   node host_lint.mjs build/pixverse-mcp
// For each protocol revision the server speaks it runs initialize + tools/list (+ one local tool
// call), checks the fields that revision has, then runs every rule of host_profiles.mjs over every
// tool and compiles every schema with Ajv (2020-12 strict, and draft-07 as VS Code does).
// Plain newline-delimited JSON-RPC over the child's stdio: no SDK in between to normalize things.
// Prints one `ok - …` / `not ok - …` line per check group, then `N passed, M failed`.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { ajv2020Strict, draft07Ajv, hosts, rules, runRule, walkSchema } from './host_profiles.mjs';

const [serverPath] = process.argv.slice(2);
if (!serverPath) {
  console.error('usage: node host_lint.mjs <path to pixverse-mcp>');
  process.exit(2);
}

// The legacy revisions (initialize) and the modern one (each request names it in its _meta,
// no handshake).
const LEGACY = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];
const MODERN = '2026-07-28';
const REVISIONS = [...LEGACY, MODERN];
const LATEST = LEGACY.at(-1);   // what initialize answers at most
// The revision that introduced each optional Tool field; older revisions must not see it.
const FIELD_SINCE = { annotations: '2025-03-26', title: '2025-06-18', outputSchema: '2025-06-18',
                      execution: '2025-11-25', icons: '2025-11-25' };
// And the last revision that has it: 2026-07-28 moved core tasks (Tool.execution) to an extension.
const FIELD_UNTIL = { execution: '2025-11-25' };
const has = (rev, since, field) => rev >= since && !(FIELD_UNTIL[field] && rev > FIELD_UNTIL[field]);   // ISO dates compare as strings
// The tool count is the binary's own (--list-tools), not a number kept here.
const TOOL_COUNT = JSON.parse(execFileSync(serverPath, ['--list-tools'], { encoding: 'utf8' })).tools.length;

// ---------- a minimal JSON-RPC client over a child's stdio ----------

class RpcChild {
  constructor(command, env) {
    this.child = spawn(command, [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.child.stderr.on('data', (d) => { this.stderr = (this.stderr + d).slice(-4000); });
    this.pending = new Map();
    this.nextId = 1;
    this.exited = new Promise((resolve) => this.child.on('exit', (code, sig) => {
      for (const { reject } of this.pending.values()) reject(new Error(`server exited (${code ?? sig}): ${this.stderr.trim()}`));
      resolve();
    }));
    readline.createInterface({ input: this.child.stdout }).on('line', (line) => {
      let msg;
      try { msg = JSON.parse(line); } catch { return; }   // stdout must be JSON only; a stray line fails a request by timeout
      const p = this.pending.get(msg.id);
      if (!p || msg.method) return;                          // notifications and server requests are not needed here
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${msg.error.code} ${msg.error.message}`));
      else p.resolve(msg.result);
    });
  }

  request(method, params, timeoutMs = 15000) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.pending.delete(id); reject(new Error(`${method} timed out`)); }, timeoutMs);
      this.pending.set(id, { resolve: (r) => { clearTimeout(timer); resolve(r); },
                             reject: (e) => { clearTimeout(timer); reject(e); } });
      this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  }

  notify(method, params) {
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method, ...(params ? { params } : {}) })}\n`);
  }

  async close() {
    this.child.stdin.end();                     // stdio servers exit on EOF
    const t = setTimeout(() => this.child.kill('SIGTERM'), 3000);
    await this.exited;
    clearTimeout(t);
  }
}

// The server must start without a key (hosts list tools before the user configures one).
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pixverse-lint-'));
const env = { ...process.env, PIXVERSE_STATE_DIR: stateDir, PIXVERSE_LOG_LEVEL: 'warn' };
delete env.PIXVERSE_API_KEY;
delete env.PIXVERSE_OUTPUT_DIR;

// One session: initialize at `version` (the modern revision: server/discover, and every request
// carries the version in its _meta), then tools/list to the last page and list_jobs (local, no key).
async function session(version, { listTools = true } = {}) {
  const rpc = new RpcChild(serverPath, env);
  const clientInfo = { name: 'pixverse-host-lint', version: '1.0.0' };
  const modern = version === MODERN;
  const withMeta = (params) => (modern ? { ...params, _meta: {
    'io.modelcontextprotocol/protocolVersion': version, 'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': clientInfo } } : params);
  try {
    let init;
    if (modern) {
      const discover = await rpc.request('server/discover', withMeta({}));
      init = { protocolVersion: discover.supportedVersions.includes(version) ? version : discover.supportedVersions.join() };
    } else {
      init = await rpc.request('initialize', { protocolVersion: version, capabilities: {}, clientInfo });
      rpc.notify('notifications/initialized');
    }
    if (!listTools) return { init };
    const tools = [];
    let cursor;
    for (let page = 0; page < 100; page++) {
      const r = await rpc.request('tools/list', withMeta(cursor === undefined ? {} : { cursor }));
      tools.push(...r.tools);
      cursor = r.nextCursor;
      if (cursor === undefined || cursor === null) break;
    }
    const listJobs = await rpc.request('tools/call', withMeta({ name: 'list_jobs', arguments: {} }));
    return { init, tools, listJobs };
  } finally {
    await rpc.close();
  }
}

// ---------- reporting ----------

let passed = 0;
let failed = 0;
const MAX_DETAILS = 12;
// A check group: `problems` is a list of strings; warnings pass but still show what they found.
function report(name, problems, { level = 'error', why } = {}) {
  const bad = problems.length > 0;
  if (bad && level === 'error') {
    failed++;
    console.log(`not ok - ${name}`);
    if (why) console.log(`#   why: ${why}`);
  } else {
    passed++;
    console.log(`ok - ${name}${bad ? ` # warning: ${problems.length} finding(s)` : ''}`);
  }
  for (const p of problems.slice(0, MAX_DETAILS)) console.log(`#   ${p}`);
  if (problems.length > MAX_DETAILS) console.log(`#   … and ${problems.length - MAX_DETAILS} more`);
}
const errText = (e) => String(e?.message ?? e).split('\n')[0];

// Problems found in several revisions' lists read as one line naming the revisions they occur in.
function acrossRevisions(lists, fn) {
  if (lists.length === 0) return ['no revision answered tools/list, so there is nothing to check'];   // never pass vacuously
  const where = new Map();
  for (const [rev, tools] of lists) for (const p of fn(tools, rev)) (where.get(p) ?? where.set(p, []).get(p)).push(rev);
  return [...where].map(([p, revs]) => (revs.length === lists.length ? p : `${p} [${revs.join(', ')}]`));
}

// ---------- run ----------

const sessions = new Map();
for (const rev of REVISIONS) {
  try {
    sessions.set(rev, await session(rev));
  } catch (e) {
    sessions.set(rev, { error: e });
  }
}

// 1. Each revision is answered in kind (the modern one: server/discover lists it); an unknown
// one gets the latest legacy revision.
for (const rev of REVISIONS) {
  const s = sessions.get(rev);
  const got = s.init?.protocolVersion;
  const what = rev === MODERN ? `server/discover lists ${rev}` : `initialize ${rev} answers ${rev}`;
  report(what, s.error ? [errText(s.error)] : got === rev ? [] : [`answered ${got}`]);
}
try {
  const { init } = await session('2099-01-01', { listTools: false });
  report(`initialize with an unknown version answers ${LATEST}`,
         init.protocolVersion === LATEST ? [] : [`answered ${init.protocolVersion}`]);
} catch (e) {
  report(`initialize with an unknown version answers ${LATEST}`, [errText(e)]);
}

const latestTools = sessions.get(LATEST).tools ?? [];
const lists = REVISIONS.filter((r) => sessions.get(r).tools).map((r) => [r, sessions.get(r).tools]);

// 2. Per revision: all tools, and only the Tool fields that revision defines.
for (const rev of REVISIONS) {
  const { tools, error } = sessions.get(rev);
  if (error) { report(`tools/list ${rev}: ${TOOL_COUNT} tools (all pages)`, [errText(error)]); continue; }
  const names = tools.map((t) => t.name);
  const countProblems = names.length === TOOL_COUNT ? [] : [`${names.length} tools`];
  if (rev !== LATEST && names.join() !== latestTools.map((t) => t.name).join()) countProblems.push(`names differ from ${LATEST}`);
  report(`tools/list ${rev}: ${TOOL_COUNT} tools (all pages)`, countProblems);

  const fieldProblems = [];
  for (const t of tools) {
    const full = latestTools.find((l) => l.name === t.name) ?? {};
    for (const [field, since] of Object.entries(FIELD_SINCE)) {
      if (field in t && !has(rev, since, field)) fieldProblems.push(`${t.name}: has ${field} (not in ${rev})`);
      if (!(field in t) && has(rev, since, field) && field in full) fieldProblems.push(`${t.name}: lacks ${field}`);
    }
    if (rev >= LATEST) for (const f of ['title', 'annotations', 'outputSchema'])
      if (!(f in t)) fieldProblems.push(`${t.name}: lacks ${f}`);
  }
  const omitted = Object.entries(FIELD_SINCE).filter(([f, s]) => !has(rev, s, f)).map(([f]) => f);
  report(`tools/list ${rev}: ${omitted.length ? `no ${omitted.join('/')}` : 'every Tool field'}`, fieldProblems);
}

// 3. Per revision: a tool result. Before 2025-06-18 there is no structuredContent (and no
// resource_link block type), so the result's JSON must be in a text block instead.
for (const rev of REVISIONS) {
  const { listJobs: r, tools, error } = sessions.get(rev);
  const structured = has(rev, '2025-06-18');
  const name = `tools/call list_jobs ${rev}: ${structured ? 'structuredContent matches the outputSchema'
                                                          : 'no structuredContent/resource_link, JSON in a text block'}`;
  if (error) { report(name, [errText(error)]); continue; }
  const problems = [];
  if (r.isError) problems.push(`isError: ${JSON.stringify(r.content)}`);
  if (structured) {
    const schema = tools.find((t) => t.name === 'list_jobs')?.outputSchema;
    if (typeof r.structuredContent !== 'object' || r.structuredContent === null) problems.push('no structuredContent');
    else if (schema) {
      try {
        const validate = ajv2020Strict().compile(schema);
        if (!validate(r.structuredContent)) problems.push(`structuredContent: ${ajv2020Strict().errorsText(validate.errors)}`);
      } catch (e) { problems.push(`outputSchema does not compile: ${errText(e)}`); }
    }
  } else {
    if ('structuredContent' in r) problems.push('has structuredContent');
    const types = (r.content ?? []).map((c) => c.type);
    if (types.some((t) => t !== 'text' && t !== 'image' && t !== 'resource')) problems.push(`content block types ${types.join(',')}`);
    const json = (r.content ?? []).filter((c) => c.type === 'text').map((c) => { try { return JSON.parse(c.text); } catch { return undefined; } })
      .find((v) => v && typeof v === 'object' && !Array.isArray(v));
    if (!json) problems.push('no text block holds the result as a JSON object');
    else if (!Array.isArray(json.jobs)) problems.push(`the JSON text has no jobs array: ${JSON.stringify(json).slice(0, 200)}`);
  }
  report(name, problems);
}

// 4. This server's own contract for what it publishes (the portable schemas, exact ids).
const ROOT_KEYS = ['type', 'properties', 'required', 'additionalProperties'];
const NEVER = ['dependentRequired', 'if', 'then', 'else', 'unevaluatedProperties', '$ref'];
// PixVerse ids are 64-bit: published as strings so JavaScript hosts (doubles) keep every digit.
const ID_INPUTS = ['video_id', 'img_id', 'image_id', 'source_video_id', 'video_media_id', 'audio_media_id',
                   'first_frame_img', 'last_frame_img', 'img_ids'];
const ID_OUTPUTS = ['video_id', 'img_id', 'image_id', 'media_id', 'source_video_id'];
const everyNode = (s, fn) => { const out = []; walkSchema(s, (n, p) => { if (n && typeof n === 'object') out.push(...fn(n, p)); }); return out; };
// Type of an id property, looking through arrays (img_ids is an array of ids).
const idType = (s) => (s?.type === 'array' ? idType(s.items) : s?.type);

const contract = [
  ['inputSchema root has exactly type/properties/required/additionalProperties', (tools) => tools.flatMap((t) => {
    const s = t.inputSchema ?? {};
    return [...Object.keys(s).filter((k) => !ROOT_KEYS.includes(k)).map((k) => `${t.name}: root has ${k}`),
            ...(s.type === 'object' ? [] : [`${t.name}: root type ${JSON.stringify(s.type)}`])];
  })],
  [`no ${NEVER.join('/')} or type arrays anywhere`, (tools) => tools.flatMap((t) =>
    [['inputSchema', t.inputSchema], ['outputSchema', t.outputSchema]].flatMap(([w, s]) => everyNode(s, (n, p) => [
      ...NEVER.filter((k) => k in n).map((k) => `${t.name} ${w} ${p}: ${k}`),
      ...(Array.isArray(n.type) ? [`${t.name} ${w} ${p}: type ${JSON.stringify(n.type)}`] : []),
    ])))],
  ['PixVerse id inputs are {"type":"string"}', (tools) => tools.flatMap((t) => everyNode(t.inputSchema, (n, p) =>
    Object.entries(n.properties ?? {}).filter(([k, s]) => ID_INPUTS.includes(k) && idType(s) !== 'string')
      .map(([k, s]) => `${t.name} ${p}/properties/${k}: ${JSON.stringify(s.type ?? Object.keys(s))}`)))],
  ['PixVerse ids in outputSchemas are strings', (tools) => tools.flatMap((t) => everyNode(t.outputSchema, (n, p) =>
    Object.entries(n.properties ?? {})
      .filter(([k, s]) => (ID_OUTPUTS.includes(k) || (k === 'id' && p.includes('/uploads/'))) && idType(s) !== 'string')
      .map(([k, s]) => `${t.name} ${p}/properties/${k}: ${JSON.stringify(s.type)}`)))],
  ['outputSchema roots are type object without $schema', (tools) => tools.filter((t) => t.outputSchema)
    .filter((t) => t.outputSchema.type !== 'object' || '$schema' in t.outputSchema).map((t) => t.name)],
];
for (const [name, fn] of contract) report(`pixverse: ${name}`, acrossRevisions(lists, fn));

// 5. Every host profile rule over every tool of every revision.
for (const rule of rules) {
  report(`${rule.host}: ${rule.id}`, acrossRevisions(lists, (tools) => runRule(rule, tools)),
         { level: rule.level, why: `${rule.why} — ${hosts[rule.host]}` });
}

// 6. Compile every schema: Ajv 2020-12 in strict mode (an unknown keyword is an error), and the
// inputSchemas also with draft-07 Ajv, the dialect VS Code / Copilot validate with.
const compileAll = (ajv, key) => (tools) => tools.filter((t) => t[key] !== undefined).flatMap((t) => {
  try { ajv.compile(t[key]); return []; } catch (e) { return [`${t.name}: ${errText(e)}`]; }
});
report('ajv 2020-12 strict: every inputSchema compiles', acrossRevisions(lists, compileAll(ajv2020Strict(), 'inputSchema')));
report('ajv 2020-12 strict: every outputSchema compiles', acrossRevisions(lists, compileAll(ajv2020Strict(), 'outputSchema')));
report('ajv draft-07 strict (VS Code): every inputSchema compiles', acrossRevisions(lists, compileAll(draft07Ajv(), 'inputSchema')));

// Sizes, for the record (the portable profile caps descriptions at 1,024 chars).
if (latestTools.length) {
  const sizes = latestTools.map((t) => [t.name, (t.description ?? '').length]).sort((a, b) => b[1] - a[1]);
  console.log(`# description sizes: max ${sizes[0][1]} (${sizes[0][0]}), min ${sizes.at(-1)[1]} (${sizes.at(-1)[0]}), ` +
              `${sizes.filter(([, n]) => n > 1024).length} over 1024`);
}

fs.rmSync(stateDir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
