// What each MCP host / model API accepts in tools/list, as data: one rule per known restriction,
// each with the host it comes from, a one-line `why` naming its public source, and a check over
// one tool descriptor (as tools/list returns it). host_lint.mjs runs every rule over every tool.
// docs/host-profiles.md explains the rules in prose.
//
// A rule is { id, host, level, why, check(tool, ctx) => string[] } (or checkList(tools, ctx) for
// rules about the whole list). The returned strings are the problems found; [] means it passes.
// level 'warn' rules report but never fail the lint.
import {
  ajv2020Strict, bothSchemas, draft07Ajv, inputOf, isObj, metaProblems, objectDepth, overNodes, patterns,
  re2Problems, TIER_B_FORMATS, walkSchema,
} from './host_schema_tools.mjs';

export { ajv2020Strict, draft07Ajv, walkSchema };  // host_lint.mjs reads them from here

export const SERVER_NAME = 'pixverse';   // the key users give the server in their host config

export const hosts = {
  anthropic: 'Anthropic Messages API (Claude Desktop, Claude Code, claude.ai)',
  openai: 'OpenAI function calling, non-strict (Chat Completions, Responses, Agents SDK)',
  gemini: 'Gemini API as gemini-cli sends MCP tools (parametersJsonSchema)',
  vscode: 'VS Code / GitHub Copilot agent mode',
  cursor: 'Cursor',
  portable: 'Portable profile (what pixverse-mcp publishes)',
};

const ROOT_APPLICATORS = ['oneOf', 'anyOf', 'allOf', 'not', 'if', 'then', 'else'];
const SPEC_TOOL_KEYS = ['name', 'title', 'description', 'inputSchema', 'outputSchema', 'annotations', 'icons',
                        '_meta', 'execution'];
const rootHas = (t, keys) => keys.filter((k) => k in inputOf(t)).map((k) => `inputSchema root has ${k}`);

// gemini-cli (packages/core/src/tools/mcp-tool.ts generateValidName): mcp_<server>_<tool>, other
// characters become _, and a name over 63 characters is cut to first 30 + '...' + last 30.
export const geminiCliName = (tool) => `mcp_${SERVER_NAME}_${tool}`;
// Claude Code: mcp__<server>__<tool>.
export const claudeCodeName = (tool) => `mcp__${SERVER_NAME}__${tool}`;

// ---------- the rules ----------

export const rules = [
  // ----- Anthropic Messages API and the Claude clients in front of it -----
  {
    id: 'anthropic.root-type-object', host: 'anthropic', level: 'error',
    why: 'input_schema.type is required and must be "object" ("input_schema.type: Field required", BerriAI/litellm#31527)',
    check: (t) => (inputOf(t).type === 'object' ? [] : [`inputSchema.type is ${JSON.stringify(inputOf(t).type)}`]),
  },
  {
    id: 'anthropic.no-root-combinators', host: 'anthropic', level: 'error',
    why: '400 "input_schema does not support oneOf, allOf, or anyOf at the top level" (anthropics/claude-code#5319, #657)',
    check: (t) => rootHas(t, ['oneOf', 'allOf', 'anyOf']),
  },
  {
    id: 'claude-code.no-root-applicators', host: 'anthropic', level: 'error',
    why: 'Claude Code silently drops tools whose root has allOf/if/then (anthropics/claude-code#95504)',
    check: (t) => rootHas(t, ['not', 'if', 'then', 'else']),
  },
  {
    id: 'anthropic.valid-2020-12', host: 'anthropic', level: 'error',
    why: '"JSON schema is invalid. It must match JSON Schema draft 2020-12" (anthropics/claude-code#586, #31800)',
    check: (t) => metaProblems(ajv2020Strict(), inputOf(t)),
  },
  {
    id: 'anthropic.tool-name', host: 'anthropic', level: 'error',
    why: 'tool name must match ^[a-zA-Z0-9_-]{1,128}$ (platform.claude.com docs, define-tools)',
    check: (t) => (/^[a-zA-Z0-9_-]{1,128}$/.test(t.name) ? [] : [`name ${t.name}`]),
  },
  {
    id: 'claude-code.prefixed-name-64', host: 'anthropic', level: 'error',
    why: 'Claude Code sends mcp__<server>__<tool>; tool search caps it at 64 chars (anthropics/claude-code#21492)',
    check: (t) => (claudeCodeName(t.name).length <= 64 ? [] : [`${claudeCodeName(t.name)} is ${claudeCodeName(t.name).length} chars`]),
  },
  {
    id: 'claude-code.no-true-subschema', host: 'anthropic', level: 'error',
    why: 'Claude Code (>= 2.0.21) validates tools/list and rejects a bare `true` subschema (anthropics/claude-code#10858)',
    check: (t) => bothSchemas(t).flatMap(([where, s]) => {
      const out = [];
      walkSchema(s, (n, p) => { if (n === true) out.push(`${where} ${p} is true`); });
      return out;
    }),
  },
  {
    id: 'claude-code.spec-tool-keys', host: 'anthropic', level: 'error',
    why: 'a non-spec key on the tool object (`type`, `strict`) makes Claude Code drop tools (anthropics/claude-code#10858)',
    check: (t) => Object.keys(t).filter((k) => !SPEC_TOOL_KEYS.includes(k)).map((k) => `tool has key ${k}`),
  },
  {
    id: 'claude-code.no-ref', host: 'anthropic', level: 'error',
    why: 'Claude Code sends $ref-typed arguments as JSON strings and $ref enums as null (anthropics/claude-code#18260, #58794)',
    check: (t) => bothSchemas(t).flatMap(([where, s]) =>
      overNodes(s, (n, p) => ['$ref', '$defs', 'definitions'].filter((k) => k in n).map((k) => `${where} ${p} has ${k}`))),
  },
  {
    id: 'claude.output-schema-root', host: 'anthropic', level: 'error',
    why: 'Claude Desktop listed no tools for an outputSchema root without type object; a $schema there is refused (anthropics/claude-code#10030, ankimcp/anki-mcp-server#67)',
    check: (t) => {
      if (t.outputSchema === undefined) return [];
      const out = [];
      if (t.outputSchema.type !== 'object') out.push(`outputSchema.type is ${JSON.stringify(t.outputSchema.type)}`);
      if ('$schema' in t.outputSchema) out.push('outputSchema has $schema');
      return out;
    },
  },
  {
    id: 'claude-code.description-2048', host: 'anthropic', level: 'warn',
    why: 'Claude Code / Desktop cut MCP tool descriptions at 2,048 chars (Avick3110/houseCARL#583)',
    check: (t) => ((t.description ?? '').length <= 2048 ? [] : [`description is ${t.description.length} chars`]),
  },

  // ----- OpenAI function calling, non-strict -----
  {
    id: 'openai.function-name', host: 'openai', level: 'error',
    why: 'function name must match ^[a-zA-Z0-9_-]{1,64}$ (OpenAI API reference FunctionDefinition.name; packit/ai-workflows#619)',
    check: (t) => (/^[a-zA-Z0-9_-]{1,64}$/.test(t.name) ? [] : [`name ${t.name}`]),
  },
  {
    id: 'openai.root-type-object', host: 'openai', level: 'error',
    why: 'root without type object fails: got \'type: "None"\' (nspady/google-calendar-mcp#39)',
    check: (t) => (inputOf(t).type === 'object' ? [] : [`inputSchema.type is ${JSON.stringify(inputOf(t).type)}`]),
  },
  {
    id: 'openai.no-root-combinators', host: 'openai', level: 'error',
    why: '"schema must have type \'object\' and not have \'oneOf\'/\'anyOf\'/\'allOf\'/\'enum\'/\'not\' at the top level" (nspady/google-calendar-mcp#39, goruck/home-generative-agent#545)',
    check: (t) => rootHas(t, ['oneOf', 'anyOf', 'allOf', 'enum', 'not', 'const']),
  },
  {
    id: 'openai.description-1024', host: 'openai', level: 'error',
    why: 'function description over 1,024 chars -> 400 string_above_max_length (getsentry/sentry-mcp#106)',
    check: (t) => ((t.description ?? '').length <= 1024 ? [] : [`description is ${t.description.length} chars`]),
  },
  {
    id: 'openai.pattern-no-lookaround', host: 'openai', level: 'error',
    why: 'Responses API / Codex reject patterns with lookaround: "regex lookaround is not supported" (cline/cline#14019)',
    check: (t) => bothSchemas(t).flatMap(([where, s]) =>
      patterns(s).filter(({ pattern }) => /\(\?<?[=!]/.test(pattern)).map(({ path, pattern }) => `${where} ${path} pattern ${pattern}`)),
  },
  {
    id: 'openai.tool-count-128', host: 'openai', level: 'error',
    why: 'at most 128 functions per request (OpenAI API reference, chat `tools`)',
    checkList: (tools) => (tools.length <= 128 ? [] : [`${tools.length} tools`]),
  },

  // ----- Gemini, the way gemini-cli sends MCP tools -----
  {
    id: 'gemini.function-name', host: 'gemini', level: 'error',
    why: 'function name: starts with a letter or _, then [A-Za-z0-9_.:-], <= 64; one bad name fails the whole request (Vertex AI FunctionDeclaration reference; cline/cline#7339)',
    check: (t) => (/^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$/.test(geminiCliName(t.name)) ? [] : [`${geminiCliName(t.name)}`]),
  },
  {
    id: 'gemini-cli.name-kept', host: 'gemini', level: 'error',
    why: 'gemini-cli names tools mcp_<server>_<tool>, rewrites other chars to _ and shortens names over 63 chars (google-gemini/gemini-cli mcp-tool.ts generateValidName)',
    check: (t) => {
      const n = geminiCliName(t.name);
      const out = [];
      if (n.length > 63) out.push(`${n} is ${n.length} chars (> 63, gets shortened)`);
      if (!/^[a-zA-Z0-9_.-]+$/.test(n)) out.push(`${n} has characters gemini-cli rewrites`);
      return out;
    },
  },
  {
    id: 'gemini-cli.no-type-with-anyof', host: 'gemini', level: 'error',
    why: '"type and anyOf cannot be both populated": gemini-cli registers no tools of the server (google-gemini/gemini-cli#4121)',
    check: (t) => overNodes(inputOf(t), (n, p) => ('type' in n && 'anyOf' in n ? `${p} has type and anyOf` : null)),
  },
  {
    id: 'gemini-cli.typed-properties', host: 'gemini', level: 'error',
    why: 'gemini-cli (2025-08/09) skipped tools "because it has missing types in its parameter schema" (google-gemini/gemini-cli#6632)',
    check: (t) => overNodes(inputOf(t), (n, p) =>
      Object.entries(n.properties ?? {}).filter(([, s]) => !isObj(s) || !('type' in s)).map(([k]) => `${p}/properties/${k} has no type`)),
  },
  {
    id: 'gemini.enum-scalars', host: 'gemini', level: 'error',
    why: 'enum members must be strings (or numbers in parametersJsonSchema) (Gemini responseJsonSchema field docs; zed-industries/zed#45552)',
    check: (t) => overNodes(inputOf(t), (n, p) =>
      Array.isArray(n.enum) && n.enum.some((v) => typeof v !== 'string' && typeof v !== 'number') ? `${p} enum has non-scalar members` : null),
  },
  {
    id: 'gemini.json-schema-subset', host: 'gemini', level: 'warn',
    why: 'keywords outside the documented parametersJsonSchema subset are ignored, so the model never sees them (Gemini responseJsonSchema field docs)',
    check: (t) => {
      const subset = new Set(['$id', '$defs', '$ref', '$anchor', 'type', 'format', 'title', 'description', 'enum', 'items',
                              'prefixItems', 'minItems', 'maxItems', 'minimum', 'maximum', 'anyOf', 'oneOf', 'properties',
                              'additionalProperties', 'required', 'propertyOrdering']);
      const ignored = new Set();
      walkSchema(inputOf(t), (n) => { if (isObj(n)) for (const k of Object.keys(n)) if (!subset.has(k)) ignored.add(k); });
      return ignored.size ? [`ignored keywords: ${[...ignored].sort().join(', ')}`] : [];
    },
  },

  // ----- VS Code / GitHub Copilot -----
  {
    id: 'vscode.array-items', host: 'vscode', level: 'error',
    why: '"tool parameters array type must have items" rejects the tool and stops chat (microsoft/vscode#248810, #259376)',
    check: (t) => bothSchemas(t).flatMap(([where, s]) => overNodes(s, (n, p) => {
      const isArray = n.type === 'array' || (Array.isArray(n.type) && n.type.includes('array'));
      return isArray && !('items' in n) ? `${where} ${p} is an array without items` : null;
    })),
  },
  {
    id: 'vscode.patterns-compile', host: 'vscode', level: 'error',
    why: 'patterns are read as JavaScript regexes ("pattern must match format regex", microsoft/vscode#245066)',
    check: (t) => bothSchemas(t).flatMap(([where, s]) => patterns(s).flatMap(({ path, pattern }) => {
      const out = [];
      for (const flags of ['', 'u']) {
        try { new RegExp(pattern, flags); } catch (e) { out.push(`${where} ${path} /${pattern}/${flags}: ${e.message}`); }
      }
      return out;
    })),
  },
  {
    id: 'vscode.enum-unique', host: 'vscode', level: 'error',
    why: 'duplicate enum members fail draft-07 meta-validation: "Failed to validate tool" (microsoft/vscode#292474)',
    check: (t) => bothSchemas(t).flatMap(([where, s]) => overNodes(s, (n, p) =>
      Array.isArray(n.enum) && new Set(n.enum.map((v) => JSON.stringify(v))).size !== n.enum.length ? `${where} ${p} enum has duplicates` : null)),
  },
  {
    id: 'vscode.draft-07-meta', host: 'vscode', level: 'error',
    why: 'Copilot validates parameters against the draft-07 meta-schema with Ajv; a failure rejects the tool (microsoft/vscode-copilot-chat toolSchemaNormalizer.ts)',
    check: (t) => metaProblems(draft07Ajv(), inputOf(t)),
  },
  {
    id: 'vscode.tool-name', host: 'vscode', level: 'error',
    why: 'Copilot CLI forwards mcp_<server>_<tool> to Claude, which rejects . and / (github/copilot-cli#1879)',
    check: (t) => (/^[a-zA-Z0-9_-]{1,128}$/.test(`mcp_${SERVER_NAME}_${t.name}`) ? [] : [`mcp_${SERVER_NAME}_${t.name}`]),
  },
  {
    id: 'vscode.tool-count-128', host: 'vscode', level: 'error',
    why: '"You may not include more than 128 tools" (microsoft/vscode-copilot-release#9259)',
    checkList: (tools) => (tools.length <= 128 ? [] : [`${tools.length} tools`]),
  },

  // ----- Cursor -----
  {
    id: 'cursor.name-60', host: 'cursor', level: 'error',
    why: 'server name + tool name over 60 chars: "Some tools have naming issues and may be filtered out" (ComposioHQ/composio#2788)',
    check: (t) => (SERVER_NAME.length + t.name.length <= 60 ? [] : [`${SERVER_NAME} + ${t.name} is ${SERVER_NAME.length + t.name.length} chars`]),
  },
  {
    id: 'cursor.no-double-underscore', host: 'cursor', level: 'error',
    why: 'tools with __ in the name are listed but the model cannot call them (cursor/cursor#3452)',
    check: (t) => (t.name.includes('__') ? [`name ${t.name}`] : []),
  },
  {
    id: 'cursor.output-schema-root', host: 'cursor', level: 'error',
    why: 'an outputSchema root that is not type object: "Found 0 tools" (anthropics/claude-code#10030)',
    check: (t) => (t.outputSchema === undefined || t.outputSchema.type === 'object' ? [] : ['outputSchema root is not type object']),
  },
  {
    id: 'cursor.tool-count-40', host: 'cursor', level: 'warn',
    why: 'only the first 40 tools (over all servers) reach the agent (Cursor docs "Tool quantity", quoted in bun913/mcp-testrail#6)',
    checkList: (tools) => (tools.length <= 40 ? [] : [`${tools.length} tools`]),
  },

  // ----- The portable profile: what satisfies all of the above at once -----
  {
    id: 'portable.tool-name', host: 'portable', level: 'error',
    why: 'snake_case ^[a-z][a-z0-9_]{0,31}$ fits Anthropic, OpenAI, Gemini, Bedrock, Mistral and Kimi name rules',
    check: (t) => (/^[a-z][a-z0-9_]{0,31}$/.test(t.name) && !t.name.includes('__') ? [] : [`name ${t.name}`]),
  },
  {
    id: 'portable.prefix-budget', host: 'portable', level: 'error',
    why: 'server + tool <= 50 chars keeps mcp__<server>__<tool> <= 60 (Cursor 60, OpenAI 64, Claude tool search 64, gemini-cli 63)',
    check: (t) => (SERVER_NAME.length + t.name.length <= 50 ? [] : [`${SERVER_NAME.length + t.name.length} chars`]),
  },
  {
    id: 'portable.description', host: 'portable', level: 'error',
    why: 'every tool needs a non-empty description <= 1,024 chars (OpenAI limit; VS Code substitutes "No description provided"; Bedrock requires >= 1)',
    check: (t) => {
      const d = t.description ?? '';
      return d.trim() === '' ? ['description is empty'] : d.length > 1024 ? [`description is ${d.length} chars`] : [];
    },
  },
  {
    id: 'portable.root-shape', host: 'portable', level: 'error',
    why: 'inputSchema root is exactly {type: object, properties, required?, additionalProperties: false}; hosts strip or reject anything else there',
    check: (t) => {
      const s = inputOf(t);
      const out = Object.keys(s).filter((k) => !['type', 'properties', 'required', 'additionalProperties'].includes(k))
        .map((k) => `inputSchema root has ${k}`);
      if (s.type !== 'object') out.push('inputSchema root type is not object');
      if (!isObj(s.properties)) out.push('inputSchema root has no properties object');
      if (s.additionalProperties !== false) out.push('inputSchema root additionalProperties is not false');
      return out;
    },
  },
  {
    id: 'portable.keywords', host: 'portable', level: 'error',
    why: 'tier A + B keywords only, in inputSchema and outputSchema (everything else is rejected or stripped by some host)',
    check: (t) => {
      const tierA = ['type', 'description', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'title'];
      const tierB = ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'pattern', 'format'];
      // Tier B in outputSchema too: SDK clients validate structuredContent with it (e.g. an id's ^[0-9]+$).
      const allowed = new Set([...tierA, ...tierB]);
      return bothSchemas(t).flatMap(([where, s]) => {
        const bad = new Map();   // keyword -> count, so 49 `default`s read as one line
        walkSchema(s, (n) => { if (isObj(n)) for (const k of Object.keys(n)) if (!allowed.has(k)) bad.set(k, (bad.get(k) ?? 0) + 1); });
        return [...bad].map(([k, c]) => `${where} uses ${k} (${c}x)`);
      });
    },
  },
  {
    id: 'portable.explicit-types', host: 'portable', level: 'error',
    why: 'every node has one explicit type of string/integer/number/boolean/object/array; no true/{} subschemas, no unions (Codex hid type-less/union params, openai/codex#2204)',
    check: (t) => bothSchemas(t).flatMap(([where, s]) => {
      const out = [];
      walkSchema(s, (n, p) => {
        if (n === false && p.endsWith('/additionalProperties')) return;
        if (!isObj(n)) out.push(`${where} ${p} is ${JSON.stringify(n)}`);
        else if (!['string', 'integer', 'number', 'boolean', 'object', 'array'].includes(n.type))
          out.push(`${where} ${p} type ${JSON.stringify(n.type)}`);
      });
      return out;
    }),
  },
  {
    id: 'portable.property-names', host: 'portable', level: 'error',
    why: 'property names ^[a-z][a-z0-9_]{0,63}$ (Anthropic property keys ^[a-zA-Z0-9_.-]{1,64}$; Gemini parameters: letter/_ start, <= 64)',
    check: (t) => bothSchemas(t).flatMap(([where, s]) => overNodes(s, (n, p) =>
      Object.keys(n.properties ?? {}).filter((k) => !/^[a-z][a-z0-9_]{0,63}$/.test(k)).map((k) => `${where} ${p} property ${k}`))),
  },
  {
    id: 'portable.objects-closed', host: 'portable', level: 'error',
    why: 'additionalProperties only as false (OpenAI strict needs it; {}/true cannot be strict, openai/openai-agents-python#4277)',
    check: (t) => overNodes(inputOf(t), (n, p) => {
      if ('additionalProperties' in n && n.additionalProperties !== false) return `${p} additionalProperties is not false`;
      if (n.type === 'object' && n.additionalProperties !== false) return `${p} object without additionalProperties: false`;
      return null;
    }),
  },
  {
    id: 'portable.required-defined', host: 'portable', level: 'error',
    why: 'required names a property of the same node (Gemini: "property is not defined"; VS Code drops the others)',
    check: (t) => bothSchemas(t).flatMap(([where, s]) => overNodes(s, (n, p) =>
      (Array.isArray(n.required) ? n.required : []).filter((r) => !(r in (n.properties ?? {}))).map((r) => `${where} ${p} requires undefined ${r}`))),
  },
  {
    id: 'portable.enums', host: 'portable', level: 'error',
    why: 'enum: strings only, unique, <= 50 members (Gemini legacy: "only allowed for STRING type"; VS Code duplicates)',
    check: (t) => bothSchemas(t).flatMap(([where, s]) => overNodes(s, (n, p) => {
      if (!('enum' in n)) return null;
      const e = n.enum;
      if (!Array.isArray(e) || e.some((v) => typeof v !== 'string')) return `${where} ${p} enum is not all strings`;
      if (new Set(e).size !== e.length) return `${where} ${p} enum has duplicates`;
      if (e.length > 50) return `${where} ${p} enum has ${e.length} members`;
      return null;
    })),
  },
  {
    id: 'portable.patterns-re2', host: 'portable', level: 'error',
    why: 'patterns RE2-safe: no lookaround, no backreferences, [ escaped inside classes (cline/cline#14019, codefuturist/email-mcp#72)',
    check: (t) => bothSchemas(t).flatMap(([where, s]) =>
      patterns(s).flatMap(({ path, pattern }) => re2Problems(pattern).map((why) => `${where} ${path} /${pattern}/: ${why}`))),
  },
  {
    id: 'portable.formats', host: 'portable', level: 'error',
    why: `format only one of ${TIER_B_FORMATS.join(', ')} (OpenAI structured-outputs guide; Anthropic strict tool use)`,
    check: (t) => bothSchemas(t).flatMap(([where, s]) => overNodes(s, (n, p) =>
      'format' in n && !TIER_B_FORMATS.includes(n.format) ? `${where} ${p} format ${n.format}` : null)),
  },
  {
    id: 'portable.output-schema-root', host: 'portable', level: 'error',
    why: 'outputSchema root type object without $schema (MCP TS-SDK clients reject the whole list otherwise, opentokenz/mcpx#28)',
    check: (t) => {
      if (t.outputSchema === undefined) return [];
      const out = [];
      if (t.outputSchema.type !== 'object') out.push('outputSchema root type is not object');
      for (const k of ['$schema', '$id', '$defs', '$ref', 'oneOf', 'anyOf', 'allOf']) if (k in t.outputSchema) out.push(`outputSchema root has ${k}`);
      return out;
    },
  },
  {
    id: 'portable.sizes', host: 'portable', level: 'warn',
    why: '<= 3 object levels, <= 30 properties, schema + description <= ~4 KB per tool (strict-mode and context budgets; large payloads vanish in Claude Code, anthropics/claude-code#51836)',
    check: (t) => {
      const out = [];
      const depth = objectDepth(inputOf(t));
      if (depth > 3) out.push(`${depth} object levels`);
      const props = Object.keys(inputOf(t).properties ?? {}).length;
      if (props > 30) out.push(`${props} properties`);
      const bytes = JSON.stringify(inputOf(t)).length + (t.description ?? '').length;
      if (bytes > 4096) out.push(`inputSchema + description is ${bytes} chars`);
      return out;
    },
  },
  {
    id: 'portable.unique-names', host: 'portable', level: 'error',
    why: 'tool names unique per server (MCP spec 2025-11-25, tools: name)',
    checkList: (tools) => {
      const seen = new Set();
      return tools.filter((t) => seen.has(t.name) || !seen.add(t.name)).map((t) => `duplicate ${t.name}`);
    },
  },
];

// Runs one rule over a tools list: the problems, each prefixed with its tool's name.
export function runRule(rule, tools, ctx = {}) {
  if (rule.checkList) return rule.checkList(tools, ctx);
  return tools.flatMap((t) => rule.check(t, ctx).map((p) => `${t.name}: ${p}`));
}
