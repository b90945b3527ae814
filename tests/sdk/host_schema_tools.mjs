// Schema tools for the host rules (host_profiles.mjs): walking every subschema of a tool's
// schemas, the pattern and depth measures hosts limit, and the JSON Schema validators (ajv)
// that hosts use.
import Ajv from 'ajv';              // draft-07, what VS Code / Copilot validates with
import Ajv2020 from 'ajv/dist/2020.js';

// ---------- schema walking ----------

// Keywords whose value is one subschema / a map of subschemas / a list of subschemas.
const ONE = ['additionalProperties', 'items', 'not', 'if', 'then', 'else', 'contains', 'propertyNames',
             'unevaluatedProperties', 'unevaluatedItems', 'additionalItems'];
const MAP = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];

// Calls visit(node, path) for the schema and every subschema in it (boolean subschemas too).
export function walkSchema(schema, visit, path = '#') {
  visit(schema, path);
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return;
  for (const k of ONE) {
    const v = schema[k];
    if (Array.isArray(v)) v.forEach((s, i) => walkSchema(s, visit, `${path}/${k}/${i}`));  // draft-07 tuple items
    else if (v !== undefined) walkSchema(v, visit, `${path}/${k}`);
  }
  for (const k of MAP)
    if (schema[k] && typeof schema[k] === 'object')
      for (const [name, s] of Object.entries(schema[k])) walkSchema(s, visit, `${path}/${k}/${name}`);
  for (const k of LIST) if (Array.isArray(schema[k])) schema[k].forEach((s, i) => walkSchema(s, visit, `${path}/${k}/${i}`));
}

// Collects fn(node, path) results (strings or arrays of strings) over every object subschema.
export function overNodes(schema, fn) {
  const out = [];
  walkSchema(schema, (node, path) => {
    if (node && typeof node === 'object' && !Array.isArray(node)) {
      const r = fn(node, path);
      if (r) out.push(...[r].flat());
    }
  });
  return out;
}

export const isObj = (v) => v && typeof v === 'object' && !Array.isArray(v);
export const inputOf = (t) => t.inputSchema ?? {};
export const bothSchemas = (t) => [['inputSchema', t.inputSchema], ['outputSchema', t.outputSchema]].filter(([, s]) => s !== undefined);

// The pattern strings of a schema, with where they are.
export function patterns(schema) {
  return overNodes(schema, (n, p) => (typeof n.pattern === 'string' ? [{ path: p, pattern: n.pattern }] : null));
}

// How many object levels nest in a schema (the root object is level 1).
export function objectDepth(s) {
  if (!isObj(s)) return 0;
  const children = [...Object.values(s.properties ?? {}), ...[s.items ?? []].flat(),
                    ...['allOf', 'anyOf', 'oneOf'].flatMap((k) => s[k] ?? [])];
  return (s.type === 'object' ? 1 : 0) + Math.max(0, ...children.map(objectDepth));
}

// Regex features RE2 (Gemini, OpenAI strict, llama.cpp grammars) does not have, or that only JS reads.
export function re2Problems(pattern) {
  const problems = [];
  if (/\(\?<?[=!]/.test(pattern)) problems.push('lookaround');
  if (/\\[1-9]|\\k</.test(pattern)) problems.push('backreference');
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') { i++; continue; }
    if (!inClass && c === '[') { inClass = true; if (pattern[i + 1] === ']') i++; continue; }
    if (inClass && c === '[') problems.push('unescaped [ inside a character class');
    if (inClass && c === ']') inClass = false;
  }
  return problems;
}

// One Ajv per dialect, made on first use. strict: an unknown keyword or a loose type is an error.
let ajv07;
let ajv2020;
export const TIER_B_FORMATS = ['date-time', 'date', 'time', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid'];
function withFormats(ajv) {
  for (const f of TIER_B_FORMATS) ajv.addFormat(f, true);   // accepted, not checked: hosts only pass them on
  return ajv;
}
export function draft07Ajv() {
  return (ajv07 ??= withFormats(new Ajv({ strict: true, allErrors: true })));
}
export function ajv2020Strict() {
  return (ajv2020 ??= withFormats(new Ajv2020({ strict: true, allErrors: true })));
}
// Meta-validation only (is it a valid schema of that dialect?), as the hosts do it.
export function metaProblems(ajv, schema) {
  try {
    if (ajv.validateSchema(schema)) return [];
    return ajv.errors.map((e) => `${e.instancePath || '#'} ${e.message}`);
  } catch (e) {
    return [String(e.message ?? e)];
  }
}
