// The TypeScript SDK's version of our server, for tools/bench/run to compare with: the same 24
// tools (names, titles, descriptions, input and output schemas, annotations, read from a file
// written by `pixverse-mcp --list-tools`), registered the way a TypeScript author would, with
// McpServer, zod schemas (z.fromJSONSchema) and StdioServerTransport. Only get_balance does
// real work: the same GET /openapi/v2/account/balance our server sends, with a fresh trace id,
// through fetch or through node:http with a keep-alive Agent (--http fetch|node). The other
// tools answer a tool error: the bench calls none of them.
//
// It runs from the bench's npm cache folder (tools/bench/run copies it there), so that its
// imports resolve to the packages pinned in tools/bench/package-lock.json.
//
//   node server.mjs --tools TOOLS.json --http fetch|node
//   env: PIXVERSE_API_KEY, PIXVERSE_BASE_URL
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

const flag = (name) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const toolsFile = flag('--tools');
const mode = flag('--http') ?? 'fetch';
if (!toolsFile || !['fetch', 'node'].includes(mode)) {
  console.error('usage: node server.mjs --tools TOOLS.json --http fetch|node');
  process.exit(2);
}
const apiKey = process.env.PIXVERSE_API_KEY ?? '';
const balanceUrl = `${process.env.PIXVERSE_BASE_URL}/openapi/v2/account/balance`;

const agent = new http.Agent({ keepAlive: true });

// The balance envelope {ErrCode, ErrMsg, Resp}, through the chosen HTTP client.
async function getBalance() {
  const headers = { 'API-KEY': apiKey, 'Ai-trace-id': randomUUID() };
  if (mode === 'fetch') {
    const res = await fetch(balanceUrl, { headers });
    return res.json();
  }
  return new Promise((resolve, reject) => {
    http
      .get(balanceUrl, { agent, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => {
          try {
            resolve(JSON.parse(body));
          } catch (e) {
            reject(e);
          }
        });
      })
      .on('error', reject);
  });
}

async function balanceTool() {
  try {
    const env = await getBalance();
    if (env.ErrCode !== 0) {
      return { isError: true, content: [{ type: 'text', text: `PixVerse error ${env.ErrCode}: ${env.ErrMsg}` }] };
    }
    const { account_id, credit_monthly, credit_package } = env.Resp;
    const total = credit_monthly + credit_package;
    return {
      content: [{ type: 'text', text: `PixVerse credits: ${total} (monthly ${credit_monthly}, package ${credit_package}).` }],
      structuredContent: { account_id: String(account_id), credit_monthly, credit_package, credits_total: total },
    };
  } catch (e) {
    return { isError: true, content: [{ type: 'text', text: `Reading the balance failed: ${e.message}` }] };
  }
}

const notHere = async () => ({
  isError: true,
  content: [{ type: 'text', text: 'Not implemented in the benchmark server: only get_balance is.' }],
});

const server = new McpServer({ name: 'pixverse-mcp-ts-bench', version: '0.1.0' });
const { tools } = JSON.parse(readFileSync(toolsFile, 'utf8'));
for (const tool of tools) {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: z.fromJSONSchema(tool.inputSchema),
      outputSchema: tool.outputSchema ? z.fromJSONSchema(tool.outputSchema) : undefined,
      annotations: tool.annotations,
    },
    tool.name === 'get_balance' ? balanceTool : notHere,
  );
}
await server.connect(new StdioServerTransport());
