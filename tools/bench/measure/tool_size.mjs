// The size of what a model reads about the tools, counted as the server's own budget test counts
// it (app::tool_definitions_chars, tests/e2e/test_tool_budget.cpp): for each tool, the characters
// (Unicode code points) of its name, its description and its inputSchema as compact JSON, summed;
// tokens estimated as characters / 4.
const codePoints = (text) => [...text].length;

export function toolDefinitionSize(toolsListResult) {
  const chars = toolsListResult.tools.reduce(
    (sum, { name, description = '', inputSchema }) =>
      sum + codePoints(name) + codePoints(description) + codePoints(JSON.stringify(inputSchema)),
    0,
  );
  return { tool_count: toolsListResult.tools.length, tool_chars: chars, tool_tokens: Math.floor(chars / 4) };
}
