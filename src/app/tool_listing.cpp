#include "app/tool_listing.h"

#include <algorithm>
#include <array>
#include <regex>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "tools/registration.h"
#include "tools/tool_table.h"

namespace app {
namespace {

struct ToolGroup {
  std::string_view heading;
  std::vector<std::string_view> tools;  // in the order the README lists them
};

// Where each tool appears in the README (the only copy of this grouping).
const std::array<ToolGroup, 4>& tool_groups() {
  static const std::array<ToolGroup, 4> groups{{
      {"Generate",
       {"text_to_video", "image_to_video", "transition_video", "multi_transition_video", "fusion_video",
        "template_video", "image_template"}},
      {"Edit a video",
       {"extend_video", "sound_effect_video", "lip_sync_video", "restyle_video", "modify_video", "create_swap_mask",
        "swap_video", "motion_control_video"}},
      {"Inputs", {"upload_image", "upload_video", "upload_audio"}},
      {"Status and lists",
       {"get_video_status", "get_image_status", "list_jobs", "get_tts_speakers", "list_restyle_effects",
        "get_balance"}},
  }};
  return groups;
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
  for (const auto& group : tool_groups()) {
    out += "| **" + std::string(group.heading) + "** | | | |\n";
    for (std::string_view name : group.tools) {
      const nlohmann::json* tool = nullptr;
      for (const auto& t : tools.at("tools"))
        if (t.at("name").get<std::string>() == name) tool = &t;
      if (tool == nullptr) throw std::logic_error("tool " + std::string(name) + " is not published");
      const ToolRow& row = tool_row(name);
      const std::string endpoint =
          row.method.empty() ? "local job registry" : std::string(row.method) + " " + std::string(row.path);
      out += "| `" + std::string(name) + "` | " + tool->value("title", "") + " | " + endpoint + " | " +
             cost_of(row, tool->value("description", "")) + " |\n";
      ++listed;
    }
  }
  if (listed != tools.at("tools").size())
    throw std::logic_error("a published tool belongs to no group of the README's table (tool_listing.cpp)");
  return out;
}

}  // namespace app
