#pragma once
// A scripted MCP session: a JSON file of tool calls, where later calls use earlier results.
//
//   {"description": "…", "steps": [
//     {"say": "Upload the picture", "tool": "upload_image",
//      "arguments": {"file_path": "${script_dir}/assets/sunset.png"}, "as": "image"},
//     {"tool": "image_to_video", "arguments": {"img_id": "${image.img_id}", "prompt": "…"}, "as": "clip"}]}
//
// A string that is exactly "${name.field}" becomes that field of the structuredContent saved
// under `as` (keeping its JSON type, so ids stay integers); inside a longer string it is
// substituted as text. "${script_dir}" is the script's folder.
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "mcp-harness/session.h"

namespace harness {

// Runs every step; a step whose result isError stops the script. Returns true if all succeeded.
bool run_script(McpSession& session, const std::string& script_path, std::ostream& out);

// Replaces ${…} references in `value` (exposed for tests).
nlohmann::json substitute(const nlohmann::json& value, const nlohmann::json& saved);

}  // namespace harness
