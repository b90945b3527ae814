// The size of what a model reads about the tools: the characters of name, description and
// inputSchema of every tool, as one compact JSON array of {name, description, inputSchema}
// (JSON.stringify), and tokens estimated as characters / 4.
export function toolDefinitionSize(toolsListResult) {
  const defs = toolsListResult.tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema }));
  const chars = JSON.stringify(defs).length;
  return { tool_count: defs.length, tool_chars: chars, tool_tokens: Math.round(chars / 4) };
}
