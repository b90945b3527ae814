#include "tools/list_jobs.h"

#include <spdlog/spdlog.h>

#include "jobs/job_kind.h"
#include "jobs/lifecycle.h"
#include "jobs/record_view.h"
#include "pixverse/envelope.h"
#include "schema/id_text.h"
#include "schema/tool_schema.h"

namespace app {
namespace {

using nlohmann::json;

// A validated job id argument (an integer up to 2^63 - 1, or an integral float below that, as
// JSON Schema counts 5.0 an integer) as int64; 0, which names no job, for anything else.
std::int64_t job_id_argument(const json& v) {
  if (auto n = pixverse::integer_value(v)) return *n;
  if (v.is_number_float() && v.get<double>() >= 1 && v.get<double>() < 9.2e18)
    return static_cast<std::int64_t>(v.get<double>());
  return 0;
}

// Resends a submission whose answer never arrived, with its original trace id and body:
// PixVerse answers a repeated trace id with the first result, so nothing is billed twice.
json recover(const ToolCall& call, std::int64_t job_id, std::string& problem) {
  auto rec = call.services.registry->get()->find_by_job_id(job_id);
  if (!rec) {
    problem = "no job " + std::to_string(job_id) + " in the registry";
    return nullptr;
  }
  const JobKind& kind = job_kind_named(rec->kind);
  if (rec->remote_id) {
    problem = "job " + std::to_string(job_id) + " already has " + std::string(kind.id_key) + " " +
              std::to_string(*rec->remote_id) + "; follow it with " + std::string(kind.status_tool);
    return nullptr;
  }
  // Only a submission whose answer never came (or a server that stopped mid-submit) may be
  // resent: a refusal created no job, and resending it would create one — a second job when the
  // user has meanwhile submitted again, as the refusal told them to.
  if (rec->status != "submit_unknown" && rec->status != "submitting") {
    problem = "job " + std::to_string(job_id) + " is " + rec->status +
              (rec->status == "submit_failed"
                   ? ": PixVerse refused it, so no job was created and nothing was charged; there is nothing to "
                     "recover. To try again, call " +
                         rec->tool + " again"
                   : "; only a submission whose answer was lost (submit_unknown) can be recovered");
    return nullptr;
  }
  if (rec->request_path.empty() || rec->trace_id.empty() || !rec->request_body.is_object()) {  // a damaged row too
    problem = "job " + std::to_string(job_id) + " has no stored request to resend";
    return nullptr;
  }
  // A refusal is resubmitted under a new trace id (answer_policy.h); the registry follows it.
  JobLifecycle life = JobLifecycle::resume(call.services.registry->get(), kind, job_id);
  pixverse::Pacing pacing;
  pacing.sleep = [&call](std::chrono::milliseconds d) { return call.ctx.sleep_for(d); };
  pacing.on_new_trace_id = [&life](const std::string& trace_id) { life.resubmitted(trace_id); };
  auto out = call.services.client.post_json(rec->request_path, rec->request_body, rec->trace_id, pacing);
  if (!out.ok()) {
    problem =
        "resending job " + std::to_string(job_id) + " (trace id " + out.trace_id + ") failed: " + out.error->message();
    life.failed(out.error->message(), out.error->answer_lost());
    return nullptr;
  }
  auto id = as_id(pixverse::member(out.resp, std::string(kind.id_key)));
  if (!id) {
    problem = "PixVerse answered the resend of job " + std::to_string(job_id) + " without " + std::string(kind.id_key);
    return nullptr;
  }
  json recovered{{"job_id", job_id},
                 {std::string(kind.id_key), *id},
                 {"trace_id", out.trace_id},
                 {"next_step", "Recovered. Follow it with " + std::string(kind.status_tool) + "."}};
  // The job exists and is billed: its id reaches the user even if the registry cannot keep it.
  life.accepted(id->get<std::uint64_t>());
  if (!life.problem().empty()) recovered["registry_error"] = life.problem();
  return recovered;
}

}  // namespace

std::optional<std::int64_t> parse_since(const std::string& text, std::int64_t now) {
  if (text.empty()) return std::nullopt;
  char unit = text.back();
  std::int64_t scale = unit == 'm' ? 60'000 : unit == 'h' ? 3'600'000 : unit == 'd' ? 86'400'000 : 0;
  if (scale != 0 && text.size() > 1 && text.find_first_not_of("0123456789") == text.size() - 1) {
    if (text.size() > 10) return std::nullopt;  // more than 999,999,999 units back: not a span anyone means
    return now - std::stoll(text.substr(0, text.size() - 1)) * scale;
  }
  std::tm tm{};
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char tail = 0;
  int n = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &tail);
  bool date_only = n == 3 && text.size() == 10;
  if (!(date_only || (n == 7 && tail == 'Z' && text.size() == 20))) return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<std::int64_t>(timegm(&tm)) * 1000;
}

mcp::ToolStep list_jobs(const ToolCall& call) {
  const std::shared_ptr<JobRegistry> registry = call.services.registry->get();
  if (!registry)
    return mcp::ToolResult::error("The job registry is not available: " + call.services.registry->why_unavailable() +
                                  ".");
  json data = json::object();
  std::string recover_problem;
  if (auto r = call.args.find("recover_job_id"); r != call.args.end()) {
    json recovered = recover(call, job_id_argument(*r), recover_problem);
    if (!recover_problem.empty())
      return mcp::ToolResult::error("Cannot recover: " + recover_problem + (recover_problem.back() == '.' ? "" : "."));
    data["recovered"] = recovered;
  }
  JobFilter filter;
  const std::pair<const char*, std::optional<std::string>*> text_filters[] = {
      {"status", &filter.status}, {"tool", &filter.tool}, {"kind", &filter.kind}};
  for (auto [key, slot] : text_filters)
    if (auto it = call.args.find(key); it != call.args.end()) *slot = it->get<std::string>();
  if (auto it = call.args.find("since"); it != call.args.end()) {
    filter.since_ms = parse_since(it->get<std::string>(), now_ms());
    if (!filter.since_ms)
      return mcp::ToolResult::error(
          "since must be a UTC time like 2026-11-28T06:00:00Z, a date like 2026-11-28, "
          "or a span back from now like 30m, 2h or 7d. Nothing was listed.");
  }
  filter.limit = call.args.value("limit", 20);
  if (auto it = call.args.find("before_job_id"); it != call.args.end()) filter.before_job_id = job_id_argument(*it);

  json jobs = json::array();
  std::string text;
  for (const auto& rec : registry->list(filter)) {
    json j = job_record_json(rec, false);
    text += "\n- job " + std::to_string(rec.job_id) + " " + rec.tool + " " + rec.status;
    if (j.contains("video_id")) text += " video_id " + j["video_id"].dump();
    if (j.contains("image_id")) text += " image_id " + j["image_id"].dump();
    if (j.contains("local_path")) text += " file " + j["local_path"].get<std::string>();
    text += " (" + j["created_at"].get<std::string>() + ")";
    jobs.push_back(std::move(j));
  }
  data["jobs"] = jobs;
  if (jobs.size() == filter.limit && !jobs.empty()) data["next_before_job_id"] = jobs.back()["job_id"];
  std::string head = std::to_string(jobs.size()) + " job(s) in " + registry->path() + ":";
  if (data.contains("recovered")) {
    json shown = data["recovered"];
    ids_to_strings(shown);  // the text is read by JS hosts too
    head = "Recovered: " + shown.dump() + "\n" + head;
  }
  if (jobs.empty()) text = " none match.";
  return structured_result(data, head + text);
}

}  // namespace app
