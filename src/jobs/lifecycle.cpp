#include "jobs/lifecycle.h"

#include <spdlog/spdlog.h>

#include "jobs/registry.h"

namespace app {

template <typename Write>
std::string JobLifecycle::write(const char* what, Write&& w) {
  if (!registry_) return "";  // said once, when the lifecycle began
  try {
    w(*registry_);
    return "";
  } catch (const std::exception& e) {
    spdlog::error("job registry: cannot record {} of {} {}: {}", what, kind_->name,
                  remote_id_ ? std::to_string(*remote_id_) : "job " + std::to_string(job_id_.value_or(0)), e.what());
    if (problem_.empty()) problem_ = e.what();
    return e.what();
  }
}

JobLifecycle JobLifecycle::submit(std::shared_ptr<JobRegistry> registry, const std::string& unavailable,
                                  const JobKind& kind, const std::string& tool, const nlohmann::json& arguments,
                                  const std::string& trace_id, const std::string& request_path,
                                  const nlohmann::json& request_body) {
  JobLifecycle life(std::move(registry), kind);
  life.trace_id_ = trace_id;
  if (!life.registry_) life.problem_ = "the job registry is not available: " + unavailable;
  life.write("the submission", [&](JobRegistry& r) {
    life.job_id_ = r.begin_submission(tool, std::string(kind.name), arguments, trace_id, request_path, request_body);
  });
  return life;
}

JobLifecycle JobLifecycle::lookup(std::shared_ptr<JobRegistry> registry, const JobKind& kind, std::uint64_t remote_id) {
  JobLifecycle life(std::move(registry), kind);
  life.remote_id_ = remote_id;
  if (!life.registry_) return life;
  try {  // only a read: the job is followed all the same
    if (auto rec = life.registry_->find(std::string(kind.name), remote_id)) {
      life.job_id_ = rec->job_id;
      life.trace_id_ = rec->trace_id;
    }
  } catch (const std::exception& e) {
    spdlog::error("job registry: {}", e.what());
  }
  return life;
}

JobLifecycle JobLifecycle::resume(std::shared_ptr<JobRegistry> registry, const JobKind& kind, std::int64_t job_id) {
  JobLifecycle life(std::move(registry), kind);
  life.job_id_ = job_id;
  return life;
}

void JobLifecycle::resubmitted(const std::string& trace_id) {
  trace_id_ = trace_id;
  if (job_id_) write("the new trace id", [&](JobRegistry& r) { r.replace_trace_id(*job_id_, trace_id); });
}

void JobLifecycle::failed(const std::string& error, bool maybe_created) {
  if (job_id_)
    write("the failed submission", [&](JobRegistry& r) { r.mark_submit_failed(*job_id_, error, maybe_created); });
}

void JobLifecycle::accepted(std::uint64_t remote_id) {
  remote_id_ = remote_id;
  if (job_id_) write("the accepted job", [&](JobRegistry& r) { r.mark_accepted(*job_id_, remote_id); });
}

void JobLifecycle::status(nlohmann::json& job) {
  if (!remote_id_) return;
  const std::string failure = write("a status", [&](JobRegistry& r) {
    std::optional<int> code;
    if (auto c = job.find("status_code"); c != job.end() && c->is_number_integer()) code = c->get<int>();
    r.update_status(std::string(kind_->name), *remote_id_, job.at("status").get<std::string>(), code,
                    job.value("url", std::string()), job);
  });
  if (!failure.empty() && !job.contains("registry_error")) job["registry_error"] = failure;
}

void JobLifecycle::delivered(const std::string& path) {
  if (remote_id_)
    write("the saved file", [&](JobRegistry& r) { r.set_local_path(std::string(kind_->name), *remote_id_, path); });
}

}  // namespace app
