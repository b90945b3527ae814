#pragma once
// Following a PixVerse job: poll its status with a growing interval (2 s → 10 s by default)
// until it ends, the call's wait budget is spent, or the call is cancelled; send
// notifications/progress every few seconds meanwhile; record every status (jobs/lifecycle.h);
// download the file when asked. The result is either the finished job or a handle that says
// how to resume.
//
// A job once accepted is never lost from the conversation: a poll that fails (unreadable
// answer, HTTP 5xx, network, …) is retried at the next interval until the budget ends; a
// failure waiting cannot fix (auth, not found, invalid request) stops the wait at once. Either
// way the result is the handle — the id, status "running" (or "unknown" when a status lookup
// never read the status), `poll_error` and a next_step — and never an error without the id.
// Only a status lookup stopped by such a failure is isError; a job this call submitted is not.
#include <chrono>
#include <nlohmann/json.hpp>

#include "jobs/job_kind.h"
#include "jobs/lifecycle.h"
#include "tools/tool_call.h"

namespace app {

struct FollowPlan {
  std::chrono::milliseconds budget{0};  // how long this call may wait
  bool poll_first = false;              // poll at once (a status lookup) or after the first interval (a new job)
  bool submitted = false;               // this call's own submission was accepted: the job exists
  bool download = false;                // save the file into the output folder once done
};

// How long this call may wait: a task waits for the end (up to an hour); a plain call waits
// `wait_seconds` (an argument; its schema has the default) capped by the configured bound.
FollowPlan follow_plan(const ToolCall& call, bool poll_first);

// `job` is what is known so far (submitted_job plus what `life` knows); every status and the
// saved file are recorded through `life`. Returns the tool result,
// or — while the job renders — a step due at the next poll (or the next progress report): the
// wait is a timer in the server's pool, not a sleeping thread. One poll holds a worker for at
// most about 10 s, retries included; a cancelled call ends at its next step.
mcp::ToolStep follow_job(const ToolCall& call, JobLifecycle life, nlohmann::json job, const FollowPlan& plan);

}  // namespace app
