#include "mcp/tool.h"

namespace mcp {

ToolResult ToolResult::error(const std::string& text) {
  ToolResult r;
  r.content.push_back(json{{"type", "text"}, {"text", text}});
  r.is_error = true;
  return r;
}

json ToolResult::to_json() const {
  json out{{"content", content}};
  if (structured) out["structuredContent"] = *structured;
  if (is_error) out["isError"] = true;
  return out;
}

std::string Tool::task_support() const {
  auto execution = descriptor.find("execution");
  if (execution == descriptor.end() || !execution->is_object()) return "forbidden";
  std::string value = execution->value("taskSupport", "forbidden");
  return value == "optional" || value == "required" ? value : "forbidden";
}

}  // namespace mcp
