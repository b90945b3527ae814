#pragma once
// `pixverse-mcp --list-tools`: the tool catalog exactly as tools/list publishes it, for docs and
// for users who want to read what a model is shown, without starting a host.
#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "tools/tool_call.h"

namespace app {

// The revision whose tools/list is printed: the newest one initialize negotiates.
inline constexpr const char* kListedProtocolVersion = "2025-11-25";

// The result of tools/list ({"tools": [...]}) at kListedProtocolVersion, from a server with the
// tools of services->settings.toolsets registered over `services` (nothing is sent to PixVerse,
// no registry is needed).
nlohmann::json published_tools(const std::shared_ptr<Services>& services);

// The size of one tool's definition as a model reads it, in characters (Unicode code points):
// its name, its description, and its inputSchema serialised as compact JSON (no spaces, keys in
// the order tools/list sends them, non-ASCII characters unescaped). The title, annotations and
// outputSchema are not counted. `tool` is one element of tools/list's "tools".
// In Python: len(name) + len(description) + len(json.dumps(inputSchema, separators=(",", ":"),
// ensure_ascii=False)) over the tools of `pixverse-mcp --list-tools`.
std::size_t tool_definition_chars(const nlohmann::json& tool);
// The sum over a tools/list result ({"tools": [...]}): the figure the README's budget is about
// (at most 24,000 characters, ~6,000 tokens at characters/4, for the default toolsets).
std::size_t tool_definitions_chars(const nlohmann::json& tools);

// The README's tool table: one markdown table, tools grouped by toolset (a heading row each),
// in tool table order, each row `name` | title | PixVerse endpoint | cost ("free", "credits",
// or "N credits" when the description states a fixed price). Lists the tools of `tools` only.
// Throws std::logic_error when a tool of `tools` is not in the tool table.
std::string tools_markdown(const nlohmann::json& tools);

}  // namespace app
