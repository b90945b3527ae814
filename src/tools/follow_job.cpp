#include "tools/follow_job.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include "jobs/job_view.h"
#include "jobs/result_file.h"
#include "schema/id_text.h"

namespace app {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kMaxInterval{10'000};
constexpr milliseconds kMinPollTimeout{5'000};  // one status GET; PixVerse answers in well under 1 s
constexpr milliseconds kMaxPollTimeout{10'000};
constexpr milliseconds kProgressEvery{3'000};   // "at least every few seconds"
constexpr milliseconds kTaskBudget{3'600'000};  // a task follows its job for up to an hour

std::uint64_t id_of(const JobKind& kind, const json& job) {
  return job.at(std::string(kind.id_key)).get<std::uint64_t>();
}

// Keeps what the submission knew (trace id, credits, uploads, local job id) when a poll answers.
json merge_poll(const json& known, json polled) {
  for (const char* key : {"trace_id", "uploads", "job_id", "credits", "seed", "registry_error"})
    if (known.contains(key) && !polled.contains(key)) polled[key] = known[key];
  return polled;
}

void deliver(Services& services, JobLifecycle& life, json& job) {
  const JobKind& kind = life.kind();
  const std::uint64_t id = id_of(kind, job);
  const auto& out_dir = services.settings.output_dir;
  std::optional<SavedFile> saved = existing_result_file(out_dir, kind, id);
  if (!saved) {
    std::optional<std::uint64_t> expected;
    if (auto s = job.find("size_bytes"); s != job.end() && s->is_number_unsigned()) expected = s->get<std::uint64_t>();
    auto got = save_result_file(services.client, kind, id, job.value("url", std::string()), out_dir, expected);
    if (!got) {
      job["download_error"] = got.error();
      return;
    }
    saved = *got;
    spdlog::info("{} {} saved to {} ({} bytes)", kind.name, id, saved->path, saved->bytes);
  }
  job["local_path"] = saved->path;
  if (!job.contains("size_bytes")) job["size_bytes"] = saved->bytes;
  // Downloaded: the advice to fetch the expiring link before it goes no longer applies.
  job["next_step"] =
      "Done. The file is saved at local_path; url is PixVerse's copy (the link expires)." + std::string(kind.follow_up);
  life.delivered(saved->path);
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

namespace {

// One followed job between its steps: everything the wait needs, owned by the pending step.
struct Follow {
  Services* services;
  mcp::CallContext* ctx;  // valid until the last step (mcp::ToolStep)
  JobLifecycle life;
  const JobKind& kind() const { return life.kind(); }
  json job;
  FollowPlan plan;
  json id;
  std::string path;
  Clock::time_point start, deadline, next_poll;
  milliseconds interval;
  double last_progress = -1;
  bool read_any = false;                         // some poll's answer was read
  std::optional<pixverse::ApiError> failure;     // of the last poll, if it failed
  bool stopped = false;                          // by a failure that waiting cannot fix
  bool polled = false;                           // this call asked (or was told) the status at least once
  RecentPolls::Clock::time_point last_answer{};  // of the status answer this call read last

  void report(const std::string& status) {
    double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    elapsed = std::floor(elapsed * 10) / 10;
    if (elapsed <= last_progress) return;
    last_progress = elapsed;
    ctx->progress(elapsed, std::nullopt,
                  std::string(kind().name) + " " + id.dump() + " " + status + ", " +
                      std::to_string(static_cast<int>(elapsed)) + " s");
  }
  std::string status() const { return job.value("status", std::string("running")); }
  // The next poll is due `interval` from now (never past the deadline); the interval grows.
  void schedule_poll(Clock::time_point now) {
    next_poll = std::min(now + interval, deadline);
    interval = std::min(std::chrono::duration_cast<milliseconds>(interval * 3 / 2), kMaxInterval);
  }
};

// One status request. True when the wait is over: the job ended, or waiting cannot help.
bool poll(Follow& f) {
  // A hanging poll must not outlast the wait by much, nor hold its worker long: each attempt
  // gets what is left of the wait, between kMinPollTimeout and kMaxPollTimeout, and the
  // client's own retries of this poll end within kMaxPollTimeout; later polls retry after that.
  const auto now = Clock::now();
  const auto left = std::chrono::duration_cast<milliseconds>(f.deadline - now);
  pixverse::Pacing pacing;
  pacing.sleep = [ctx = f.ctx](milliseconds d) { return ctx->sleep_for(d); };  // ends at a cancellation
  pacing.deadline = std::clamp(f.deadline, now + kMinPollTimeout, now + kMaxPollTimeout);
  pacing.attempt_timeout = std::clamp(left, kMinPollTimeout, kMaxPollTimeout);
  auto out =
      f.services->recent_polls->get(f.path, &f.last_answer, [&] { return f.services->client.get(f.path, {}, pacing); });
  f.polled = true;
  if (out.ok()) {
    f.read_any = true;
    f.failure.reset();
    f.job = merge_poll(f.job, job_from_result(f.kind(), out.resp, f.id));
    f.life.status(f.job);
    return job_finished(f.job);
  }
  f.failure = *out.error;
  if (waiting_cannot_fix(*f.failure)) {
    spdlog::warn("{} {}: status poll failed, not waiting any longer: {}", f.kind().name, f.id.dump(),
                 f.failure->message());
    f.stopped = true;
    return true;
  }
  spdlog::warn("{} {}: status poll failed, will retry: {}", f.kind().name, f.id.dump(), f.failure->message());
  return false;
}

// The result once the wait is over: the finished job, or the handle to resume it.
mcp::ToolResult finish(Follow& f) {
  json& job = f.job;
  if (f.failure) {  // the wait ended, or was stopped, without a readable final status: hand back the job
    if (!f.read_any && !f.plan.submitted) {
      job["status"] = "unknown";
      job.erase("status_code");
    }
    job["poll_error"] = f.failure->summary();  // the submit-time advice ("call again") would mislead here
    job["next_step"] = poll_failure_step(f.kind(), f.id, *f.failure, f.stopped, job["status"] == "running");
  }
  if (job.value("status", std::string()) == "succeeded" && f.plan.download && job.contains("url"))
    deliver(*f.services, f.life, job);
  if (job["status"] != "unknown" || job.contains("job_id"))  // a resource exists for jobs this machine knows
    job["resource_uri"] = std::string(f.kind().uri_prefix) + f.id.dump();
  mcp::ToolResult result = job_result(f.kind(), job, f.ctx->protocol_version());
  if (f.stopped && !f.plan.submitted) result.is_error = true;  // a lookup that cannot succeed as asked
  return result;
}

// One step of the wait: poll when due (else just report progress), then either the result or
// the next step, due at the next poll — or sooner, every few seconds, when progress is wanted.
mcp::ToolStep follow_step(const std::shared_ptr<Follow>& f) {
  if (f->ctx->cancelled()) {  // the job stays in the registry and on PixVerse: hand it back
    const bool shutdown = f->ctx->shutting_down();
    json event{{"event", shutdown ? "wait_ended_by_shutdown" : "wait_cancelled"},
               {std::string(f->kind().id_key), f->id}};
    ids_to_strings(event);  // read by the host, like structuredContent
    f->ctx->log(mcp::LogLevel::info, "pixverse", event);
    // A client's cancellation sends nothing for a plain call, but a cancelled task keeps this
    // result; at shutdown it is the call's answer.
    f->job["next_step"] = std::string(shutdown ? "The server stopped waiting (it is shutting down)" : "Cancelled") +
                          "; the job keeps running on PixVerse: do not submit it again. Call " +
                          std::string(f->kind().status_tool) + " with " + std::string(f->kind().id_key) + " " +
                          f->id.dump() + " and wait_seconds to resume.";
    mcp::ToolResult handle = finish(*f);
    handle.is_error = !shutdown;
    return handle;
  }
  auto now = Clock::now();
  // A step that ran late (the pool was busy) past the deadline ends without one more poll: the
  // host's own timeout is near, and the last answer is recent enough.
  if (f->polled && now > f->deadline + std::chrono::seconds(1)) return finish(*f);
  if (now >= f->next_poll) {
    if (poll(*f)) return finish(*f);
    f->report(f->status());
    now = Clock::now();
    if (now >= f->deadline) return finish(*f);
    f->schedule_poll(now);
  } else {
    f->report(f->status());
  }
  auto wake = f->next_poll;
  if (f->ctx->wants_progress()) wake = std::min(wake, Clock::now() + kProgressEvery);
  return mcp::ToolStep::resume_at(wake, [f] { return follow_step(f); });
}

}  // namespace

mcp::ToolStep follow_job(const ToolCall& call, JobLifecycle life, json job, const FollowPlan& plan) {
  const JobKind& kind = life.kind();
  const json id = job.at(std::string(kind.id_key));
  const auto start = Clock::now();
  auto f = std::make_shared<Follow>(Follow{.services = &call.services,
                                           .ctx = &call.ctx,
                                           .life = std::move(life),
                                           .job = std::move(job),
                                           .plan = plan,
                                           .id = id,
                                           .path = std::string(kind.result_path) + id.dump(),
                                           .start = start,
                                           .deadline = start + plan.budget,
                                           .next_poll = start,
                                           .interval = milliseconds{call.services.settings.poll_interval_ms},
                                           .failure = std::nullopt});
  f->report("submitted");
  if (!plan.poll_first) {
    if (f->start >= f->deadline) return finish(*f);  // wait_seconds 0: not even one status request
    f->schedule_poll(f->start);
  }
  return follow_step(f);
}

}  // namespace app
