#pragma once
// Following a PixVerse job: poll its status with a growing interval (2 s → 10 s by default)
// until it ends, the call's wait budget is spent, or the call is cancelled; send
// notifications/progress every few seconds meanwhile; record every status in the registry;
// download the file when asked. The result is either the finished job or a handle that says
// how to resume.
#include <chrono>
#include <nlohmann/json.hpp>

#include "catalog/job_kind.h"
#include "catalog/tool_call.h"

namespace catalog {

struct FollowPlan {
  std::chrono::milliseconds budget{0};  // how long this call may wait
  bool poll_first = false;              // poll at once (a status lookup) or after the first interval (a new job)
  bool download = false;                // save the file into the output folder once done
};

// How long this call may wait: a task waits for the end (up to an hour); a plain call waits
// `wait_seconds` (an argument; its schema has the default) capped by the configured bound.
FollowPlan follow_plan(const ToolCall& call, bool poll_first);

// `job` is what is known so far (submitted_job or a registry record); returns the tool result.
mcp::ToolResult follow_job(const ToolCall& call, const JobKind& kind, nlohmann::json job, const FollowPlan& plan);

}  // namespace catalog
