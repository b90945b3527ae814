#include "mcp/tool.h"

namespace mcp {

ToolResult ToolResult::error(const std::string& text) {
  ToolResult r;
  r.content.push_back(json{{"type", "text"}, {"text", text}});
  r.is_error = true;
  return r;
}

json ToolResult::to_json(const ProtocolRevision& revision) const {
  json blocks = json::array();
  for (const auto& block : content) {
    const std::string type = block.is_object() ? block.value("type", "") : "";
    if (type == "resource_link" && !revision.resource_links) continue;
    if (type == "audio" && !revision.audio_content) continue;
    blocks.push_back(block);
  }
  json out = json::object();
  if (structured && !revision.structured_content) blocks.push_back(json{{"type", "text"}, {"text", to_wire(*structured)}});
  out["content"] = std::move(blocks);
  if (structured && revision.structured_content) out["structuredContent"] = *structured;
  if (is_error) out["isError"] = true;
  return out;
}

ToolStep ToolStep::resume_at(Clock::time_point when, Resume resume) {
  ToolStep step;
  step.when_ = when;
  step.resume_ = std::move(resume);
  return step;
}

ToolStep ToolStep::then(std::function<ToolResult(ToolResult)> finish) && {
  if (done()) return finish(std::move(*result_));
  return resume_at(when_, [resume = std::move(resume_), finish = std::move(finish)] {
    return resume().then(finish);
  });
}

std::string Tool::task_support() const {
  auto execution = descriptor.find("execution");
  if (execution == descriptor.end() || !execution->is_object()) return "forbidden";
  std::string value = execution->value("taskSupport", "forbidden");
  return value == "optional" || value == "required" ? value : "forbidden";
}

}  // namespace mcp
