#pragma once
// One job's life as this machine records it. Every registry write about a job goes through
// here, in the order things happen to it:
//
//   submitting ─ resubmitted* ─┬─ accepted ─ status* ─ delivered
//                              └─ failed (submit_failed, or submit_unknown when the answer was lost)
//
// A job first seen by a status lookup starts at `status`. The registry row is written before the
// request goes out (so a lost answer can be recovered with the same trace id, jobs/registry.h).
// A write that fails never stops the job — PixVerse may already be rendering (and billing) it —
// so it is logged and kept as problem(), which the result shows as registry_error. Used by one
// call at a time (a call's steps run one after another); not thread-safe.
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "jobs/job_kind.h"

namespace app {

class JobRegistry;

class JobLifecycle {
 public:
  // A job this call is about to submit: its row ("submitting") is written now. `registry` may be
  // null (it could not be opened), and then `unavailable` says why, as problem().
  static JobLifecycle submit(std::shared_ptr<JobRegistry> registry, const std::string& unavailable, const JobKind& kind,
                             const std::string& tool, const nlohmann::json& arguments, const std::string& trace_id,
                             const std::string& request_path, const nlohmann::json& request_body);
  // A job looked up by its PixVerse id: what the registry knows of it (trace id, local job id)
  // is read; a failed read is logged and left out.
  static JobLifecycle lookup(std::shared_ptr<JobRegistry> registry, const JobKind& kind, std::uint64_t remote_id);
  // A submission recorded earlier (list_jobs' recover_job_id), to be sent again.
  static JobLifecycle resume(std::shared_ptr<JobRegistry> registry, const JobKind& kind, std::int64_t job_id);

  // The submission goes out again under a new trace id (after a refusal, answer_policy.h).
  void resubmitted(const std::string& trace_id);
  // The submission ended without a job id; `maybe_created` when the answer was lost.
  void failed(const std::string& error, bool maybe_created);
  // PixVerse accepted it as job `remote_id`.
  void accepted(std::uint64_t remote_id);
  // A status answer, as the job record shown to the client ({"status", "status_code", "url", …},
  // jobs/job_view.h). A failed write is added to `job` as registry_error (unless one is there).
  void status(nlohmann::json& job);
  // The finished file was saved at `path`.
  void delivered(const std::string& path);

  const JobKind& kind() const { return *kind_; }
  std::optional<std::int64_t> job_id() const { return job_id_; }   // the local row, once written
  const std::string& known_trace_id() const { return trace_id_; }  // lookup: the submission's
  const std::string& problem() const { return problem_; }          // the first failed write, or ""

 private:
  JobLifecycle(std::shared_ptr<JobRegistry> registry, const JobKind& kind)
      : registry_(std::move(registry)), kind_(&kind) {}
  // Runs one write; a failure is logged with `what`, kept in problem_ if it is the first, and
  // returned ("" when the write succeeded or there is no registry).
  template <typename Write>
  std::string write(const char* what, Write&& w);

  std::shared_ptr<JobRegistry> registry_;
  const JobKind* kind_;
  std::optional<std::int64_t> job_id_;
  std::optional<std::uint64_t> remote_id_;
  std::string trace_id_;
  std::string problem_;
};

}  // namespace app
