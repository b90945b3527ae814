#include "catalog/job_follower.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include "catalog/id_text.h"
#include "catalog/job_registry.h"
#include "catalog/job_view.h"
#include "catalog/result_file.h"

namespace catalog {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kMaxInterval{10'000};
constexpr milliseconds kMinPollTimeout{5'000};   // one status GET; PixVerse answers in well under 1 s
constexpr milliseconds kMaxPollTimeout{10'000};
constexpr milliseconds kProgressEvery{3'000};   // "at least every few seconds"
constexpr milliseconds kTaskBudget{3'600'000};  // a task follows its job for up to an hour

std::uint64_t id_of(const JobKind& kind, const json& job) { return job.at(std::string(kind.id_key)).get<std::uint64_t>(); }

void record(const ToolCall& call, const JobKind& kind, const json& job) {
  if (!call.services.registry) return;
  try {
    std::optional<int> code;
    if (auto c = job.find("status_code"); c != job.end() && c->is_number_integer()) code = c->get<int>();
    call.services.registry->update_status(std::string(kind.name), id_of(kind, job), job.at("status").get<std::string>(),
                                          code, job.value("url", std::string()), job);
  } catch (const std::exception& e) {
    spdlog::error("job registry: cannot record {} {}: {}", kind.name, id_of(kind, job), e.what());
  }
}

// Keeps what the submission knew (trace id, credits, uploads, local job id) when a poll answers.
json merge_poll(const json& known, json polled) {
  for (const char* key : {"trace_id", "uploads", "job_id", "credits", "seed"})
    if (known.contains(key) && !polled.contains(key)) polled[key] = known[key];
  return polled;
}

void deliver(const ToolCall& call, const JobKind& kind, json& job) {
  const std::uint64_t id = id_of(kind, job);
  const auto& out_dir = call.services.settings.output_dir;
  std::optional<SavedFile> saved = existing_result_file(out_dir, kind, id);
  if (!saved) {
    std::optional<std::uint64_t> expected;
    if (auto s = job.find("size_bytes"); s != job.end() && s->is_number_unsigned()) expected = s->get<std::uint64_t>();
    auto got = save_result_file(call.services.client, kind, id, job.value("url", std::string()), out_dir, expected);
    if (auto* problem = std::get_if<std::string>(&got)) {
      job["download_error"] = *problem;
      return;
    }
    saved = std::get<SavedFile>(got);
    spdlog::info("{} {} saved to {} ({} bytes)", kind.name, id, saved->path, saved->bytes);
  }
  job["local_path"] = saved->path;
  if (!job.contains("size_bytes")) job["size_bytes"] = saved->bytes;
  if (call.services.registry) {
    try {
      call.services.registry->set_local_path(std::string(kind.name), id, saved->path);
    } catch (const std::exception& e) {
      spdlog::error("job registry: {}", e.what());
    }
  }
}

// Failures that no amount of waiting fixes: the key, the id or the request itself is wrong.
bool waiting_cannot_fix(const pixverse::ApiError& e) {
  return e.kind == pixverse::ErrorKind::auth || e.kind == pixverse::ErrorKind::not_found ||
         e.kind == pixverse::ErrorKind::invalid_argument;
}

}  // namespace

FollowPlan follow_plan(const ToolCall& call, bool poll_first) {
  FollowPlan plan;
  plan.poll_first = poll_first;
  plan.submitted = !poll_first;
  if (call.ctx.task_id()) {
    plan.budget = kTaskBudget;
  } else {
    int wait = call.args.value("wait_seconds", 0);
    plan.budget = milliseconds(1000LL * std::clamp(wait, 0, call.services.settings.max_wait_seconds));
  }
  auto d = call.args.find("download");
  plan.download = d != call.args.end() && d->is_boolean() ? d->get<bool>() : call.services.settings.output_dir_set;
  return plan;
}

mcp::ToolResult follow_job(const ToolCall& call, const JobKind& kind, json job, const FollowPlan& plan) {
  const auto start = Clock::now();
  const auto deadline = start + plan.budget;
  milliseconds interval{call.services.settings.poll_interval_ms};
  const json id = job.at(std::string(kind.id_key));
  const std::string path = std::string(kind.result_path) + id.dump();
  double last_progress = -1;

  auto report = [&](const std::string& status) {
    double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    elapsed = std::floor(elapsed * 10) / 10;
    if (elapsed <= last_progress) return;
    last_progress = elapsed;
    call.ctx.progress(elapsed, std::nullopt,
                      std::string(kind.name) + " " + id.dump() + " " + status + ", " +
                          std::to_string(static_cast<int>(elapsed)) + " s");
  };

  pixverse::Pacing pacing;  // the client's own back-off between attempts ends at a cancellation too
  pacing.sleep = [&call](milliseconds d) { return call.ctx.sleep_for(d); };
  bool poll_now = plan.poll_first;
  bool read_any = false;                      // some poll's answer was read
  std::optional<pixverse::ApiError> failure;  // of the last poll, if it failed
  bool stopped = false;                       // by a failure that waiting cannot fix
  report("submitted");
  while (true) {
    if (poll_now) {
      // A hanging poll must not outlast the wait by much: each attempt gets what is left of it,
      // between kMinPollTimeout and kMaxPollTimeout, and no back-off ends past it.
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
      pacing.deadline = std::max(deadline, Clock::now() + kMinPollTimeout);
      pacing.attempt_timeout = std::clamp(left, kMinPollTimeout, kMaxPollTimeout);
      auto out = call.services.client.get(path, {}, pacing);
      if (out.ok()) {
        read_any = true;
        failure.reset();
        job = merge_poll(job, job_from_result(kind, out.resp, id));
        record(call, kind, job);
        if (job_finished(job)) break;
      } else {
        failure = *out.error;
        if (waiting_cannot_fix(*failure)) {
          spdlog::warn("{} {}: status poll failed, not waiting any longer: {}", kind.name, id.dump(),
                       failure->message());
          stopped = true;
          break;
        }
        spdlog::warn("{} {}: status poll failed, will retry: {}", kind.name, id.dump(), failure->message());
      }
      report(job.value("status", std::string("running")));
    }
    auto now = Clock::now();
    if (now >= deadline) break;
    // Sleep until the next poll (or the deadline), waking every few seconds to show progress.
    auto next = std::min(now + interval, deadline);
    while (Clock::now() < next) {
      auto slice = std::min(std::chrono::duration_cast<milliseconds>(next - Clock::now()), kProgressEvery);
      if (!call.ctx.sleep_for(slice)) {  // no response goes out; the job stays in the registry
        json event{{"event", "wait_cancelled"}, {std::string(kind.id_key), id}};
        ids_to_strings(event);  // read by the host, like structuredContent
        call.ctx.log(mcp::LogLevel::info, "pixverse", event);
        return mcp::ToolResult::error("cancelled; the job continues on PixVerse");
      }
      report(job.value("status", std::string("running")));
    }
    poll_now = true;
    interval = std::min(std::chrono::duration_cast<milliseconds>(interval * 3 / 2), kMaxInterval);
  }

  if (failure) {  // the wait ended, or was stopped, without a readable final status: hand back the job
    if (!read_any && !plan.submitted) {
      job["status"] = "unknown";
      job.erase("status_code");
    }
    job["poll_error"] = failure->summary();  // the submit-time advice ("call again") would mislead here
    job["next_step"] = poll_failure_step(kind, id, *failure, stopped, job["status"] == "running");
  }
  if (job.value("status", std::string()) == "succeeded" && plan.download && job.contains("url")) deliver(call, kind, job);
  if (job["status"] != "unknown" || job.contains("job_id"))  // a resource exists for jobs this machine knows
    job["resource_uri"] = std::string(kind.uri_prefix) + id.dump();
  mcp::ToolResult result = job_result(kind, job, call.ctx.protocol_version());
  if (stopped && !plan.submitted) result.is_error = true;  // a lookup that cannot succeed as asked
  return result;
}

}  // namespace catalog
