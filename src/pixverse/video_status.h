#pragma once
// Generation status codes of GET /openapi/v2/video/result/{id} (and image results):
// 1 done; 6 deleted, 7 moderated (credits refunded), 8 failed are terminal; anything else
// (5 and undocumented values) means still running. The status may arrive as a digit string
// (read with integer_value, envelope.h); a 1 whose answer has no url yet is shown as running
// (jobs/job_view.cpp) until the url is there.
#include <string_view>

namespace pixverse {

enum class JobState { running, succeeded, deleted, moderated, failed };

constexpr JobState job_state(long long status) {
  switch (status) {
    case 1: return JobState::succeeded;
    case 6: return JobState::deleted;
    case 7: return JobState::moderated;
    case 8: return JobState::failed;
    default: return JobState::running;
  }
}

constexpr bool is_terminal(JobState s) { return s != JobState::running; }

constexpr std::string_view to_string(JobState s) {
  switch (s) {
    case JobState::running: return "running";
    case JobState::succeeded: return "succeeded";
    case JobState::deleted: return "deleted";
    case JobState::moderated: return "moderated";
    case JobState::failed: return "failed";
  }
  return "running";
}

}  // namespace pixverse
