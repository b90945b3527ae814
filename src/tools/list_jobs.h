#pragma once
// list_jobs: the local job registry as a tool (no API call, except to recover a submission
// whose answer was lost). Rows are shown as jobs/record_view.h says.
#include <nlohmann/json.hpp>

#include "jobs/registry.h"
#include "tools/tool_call.h"

namespace app {

mcp::ToolStep list_jobs(const ToolCall& call);

// "2026-11-28T06:00:00Z", "2026-11-28", or a span back from now: "30m", "2h", "7d".
// Returns unix ms, or nullopt if `text` is none of these.
std::optional<std::int64_t> parse_since(const std::string& text, std::int64_t now_ms);

}  // namespace app
