#include "jobs/record_view.h"

#include <cstdio>
#include <ctime>

namespace app {
namespace {

using nlohmann::json;

std::string iso_utc(std::int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

const JobKind& job_kind_named(const std::string& name) { return name == "image" ? kImageJob : kVideoJob; }

json job_record_json(const JobRecord& r, bool with_arguments) {
  const JobKind& kind = job_kind_named(r.kind);
  // A submission takes at most ~35 s (3 attempts of 10 s and their back-offs); one still
  // "submitting" a minute later was cut short (the server was killed): its answer is lost, and
  // it is shown as such so that recover_job_id is tried.
  constexpr std::int64_t kSubmissionMs = 60'000;
  const bool orphaned = r.status == "submitting" && now_ms() - r.updated_at_ms > kSubmissionMs;
  json j{{"job_id", r.job_id},
         {"tool", r.tool},
         {"kind", r.kind},
         {"status", orphaned ? "submit_unknown" : r.status},
         {"created_at", iso_utc(r.created_at_ms)},
         {"updated_at", iso_utc(r.updated_at_ms)}};
  if (r.remote_id) {
    j[std::string(kind.id_key)] = *r.remote_id;
    j["resource_uri"] = std::string(kind.uri_prefix) + std::to_string(*r.remote_id);
  }
  if (r.status_code) j["status_code"] = *r.status_code;
  if (!r.trace_id.empty()) j["trace_id"] = r.trace_id;
  if (!r.url.empty()) j["url"] = r.url;
  if (!r.local_path.empty()) j["local_path"] = r.local_path;
  if (!r.error.empty()) j["error"] = r.error;
  if (with_arguments && r.arguments.is_object()) j["arguments"] = r.arguments;
  return j;
}

}  // namespace app
