#include "app/tool_listing.h"

#include <algorithm>
#include <regex>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "tools/registration.h"
#include "tools/tool_table.h"

namespace app {
namespace {

// The heading of each toolset's part of the README's table.
std::string heading(Toolset set) {
  switch (set) {
    case Toolset::generate: return "Generate";
    case Toolset::edit: return "Edit a video";
    case Toolset::inputs: return "Inputs and choices";
    case Toolset::status: return "Status, jobs and balance";
  }
  return "?";
}

// Characters as Python's len() counts them: UTF-8 bytes that do not continue a character.
std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string cost_of(const ToolRow& row, const std::string& description) {
  if (row.kind != ToolKind::generate && row.kind != ToolKind::swap_mask) return "free";
  static const std::regex fixed(R"(Costs ([0-9]+) credits\.)");  // a fixed price, not "per second"
  std::smatch m;
  return std::regex_search(description, m, fixed) ? m[1].str() + " credits" : "credits";
}

}  // namespace

nlohmann::json published_tools(const std::shared_ptr<Services>& services) {
  std::vector<std::string> lines;
  mcp::Server server(server_options(), [&lines](const std::string& line) { lines.push_back(line); });
  register_tools(server, services);
  const nlohmann::json initialize{{"jsonrpc", "2.0"},
                                  {"id", 1},
                                  {"method", "initialize"},
                                  {"params",
                                   {{"protocolVersion", kListedProtocolVersion},
                                    {"capabilities", nlohmann::json::object()},
                                    {"clientInfo", {{"name", "pixverse-mcp --list-tools"}, {"version", "1"}}}}}};
  server.handle_line(initialize.dump());
  server.handle_line(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  server.handle_line(R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})");
  for (const auto& line : lines) {
    nlohmann::json message = nlohmann::json::parse(line);
    if (message.value("id", nlohmann::json()) == 2) return message.at("result");
  }
  throw std::logic_error("tools/list gave no answer");
}

std::size_t tool_definition_chars(const nlohmann::json& tool) {
  return code_points(tool.at("name").get<std::string>()) + code_points(tool.value("description", std::string())) +
         code_points(tool.at("inputSchema").dump());
}

std::size_t tool_definitions_chars(const nlohmann::json& tools) {
  std::size_t total = 0;
  for (const auto& tool : tools.at("tools")) total += tool_definition_chars(tool);
  return total;
}

std::string tools_markdown(const nlohmann::json& tools) {
  std::string out = "| tool | title | PixVerse endpoint | cost |\n|---|---|---|---|\n";
  std::size_t listed = 0;
  for (Toolset set : kToolsets) {
    std::string rows;
    for (const auto& row : tool_table()) {
      if (row.toolset != set) continue;
      const nlohmann::json* tool = nullptr;
      for (const auto& t : tools.at("tools"))
        if (t.at("name").get<std::string>() == row.name) tool = &t;
      if (tool == nullptr) continue;  // not in the chosen toolsets
      const std::string endpoint =
          row.method.empty() ? "local job registry" : std::string(row.method) + " " + std::string(row.path);
      rows += "| `" + std::string(row.name) + "` | " + tool->value("title", "") + " | " + endpoint + " | " +
              cost_of(row, tool->value("description", "")) + " |\n";
      ++listed;
    }
    if (!rows.empty()) out += "| **" + heading(set) + "** (`" + std::string(to_string(set)) + "`) | | | |\n" + rows;
  }
  if (listed != tools.at("tools").size())
    throw std::logic_error("a published tool is not in the tool table (tool_listing.cpp)");
  return out;
}

}  // namespace app
