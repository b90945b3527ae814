#include "job_store.h"

#include <algorithm>
#include <ctime>

namespace sim {

using nlohmann::json;

std::string utc_timestamp() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

std::int64_t default_seed(std::uint64_t id) {
  std::uint64_t x = id * 0x9E3779B97F4A7C15ULL;
  x ^= x >> 29;
  return static_cast<std::int64_t>(x % 2147483648ULL);
}

JobStore::JobStore(const SimConfig& cfg)
    : cfg_(cfg), next_id_(cfg.id_start), credit_monthly_(cfg.credits), credit_package_(cfg.package_credits) {}

std::uint64_t JobStore::next_id() { return next_id_++; }

std::uint64_t JobStore::add_image(ImageRecord img) {
  std::lock_guard lock(mu_);
  img.id = next_id();
  auto id = img.id;
  images_.emplace(id, std::move(img));
  return id;
}

std::optional<ImageRecord> JobStore::image(std::uint64_t id) const {
  std::lock_guard lock(mu_);
  auto it = images_.find(id);
  if (it == images_.end()) return std::nullopt;
  return it->second;
}

bool JobStore::image_exists(std::uint64_t id) const {
  std::lock_guard lock(mu_);
  return images_.count(id) > 0;
}

void JobStore::refresh(Job& job) {
  if (job.status != 5) return;
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - job.created);
  if (job.polls < job.spec.needed_polls || elapsed.count() < job.spec.needed_ms) return;
  job.status = job.spec.terminal_status;
  job.modify_time = utc_timestamp();
  if (job.status == 7 && !job.refunded) {  // moderation failures are refunded (api §10)
    credit_monthly_ += job.charged_monthly;
    credit_package_ += job.charged_package;
    job.refunded = true;
  }
}

int JobStore::running_count() {
  int n = 0;
  for (auto& [id, job] : jobs_) {
    refresh(job);
    if (job.status == 5) ++n;
  }
  return n;
}

CreateResult JobStore::create_job(JobSpec spec, int width, int height) {
  std::lock_guard lock(mu_);
  CreateResult out;
  if (running_count() >= cfg_.max_concurrent) {
    out.err_code = 500044;
    out.err_msg = "Reached the limit for concurrent generations.";
    return out;
  }
  if (credit_monthly_ + credit_package_ < spec.credits) {
    out.err_code = 500090;
    out.err_msg = "insufficient balance: this generation needs " + std::to_string(spec.credits) + " credits, " +
                  std::to_string(credit_monthly_ + credit_package_) + " left";
    return out;
  }
  Job job;
  job.id = next_id();
  job.charged_monthly = std::min(credit_monthly_, spec.credits);
  job.charged_package = spec.credits - job.charged_monthly;
  credit_monthly_ -= job.charged_monthly;
  credit_package_ -= job.charged_package;
  if (spec.seed < 0) spec.seed = default_seed(job.id);
  job.spec = std::move(spec);
  job.created = std::chrono::steady_clock::now();
  job.create_time = job.modify_time = utc_timestamp();
  job.width = width;
  job.height = height;
  out.id = job.id;
  jobs_.emplace(job.id, std::move(job));
  return out;
}

std::optional<Job> JobStore::poll(std::uint64_t id) {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  ++it->second.polls;
  refresh(it->second);
  return it->second;
}

std::optional<Job> JobStore::peek(std::uint64_t id) {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  refresh(it->second);
  return it->second;
}

json JobStore::balance_json() const {
  std::lock_guard lock(mu_);
  return {{"account_id", 4200000001LL}, {"credit_monthly", credit_monthly_}, {"credit_package", credit_package_}};
}

json JobStore::jobs_json() {
  std::lock_guard lock(mu_);
  json arr = json::array();
  for (auto& [id, job] : jobs_) {
    refresh(job);
    const auto& s = job.spec;
    arr.push_back({{"id", job.id},
                   {"endpoint", s.endpoint},
                   {"status", job.status},
                   {"polls", job.polls},
                   {"needed_polls", s.needed_polls},
                   {"needed_ms", s.needed_ms},
                   {"credits", s.credits},
                   {"refunded", job.refunded},
                   {"trace_id", s.trace_id},
                   {"model", s.model},
                   {"quality", s.quality},
                   {"duration", s.duration},
                   {"aspect_ratio", s.aspect_ratio},
                   {"width", job.width},
                   {"height", job.height},
                   {"seed", s.seed},
                   {"has_audio", s.has_audio},
                   {"prompt", s.prompt},
                   {"inputs", s.inputs}});
  }
  return arr;
}

json JobStore::images_json() const {
  std::lock_guard lock(mu_);
  json arr = json::array();
  for (const auto& [id, img] : images_)
    arr.push_back({{"id", img.id},
                   {"ext", img.ext},
                   {"width", img.width},
                   {"height", img.height},
                   {"size", img.bytes.size()},
                   {"source", img.source},
                   {"origin", img.origin},
                   {"trace_id", img.trace_id}});
  return arr;
}

void JobStore::reset() {
  std::lock_guard lock(mu_);
  next_id_ = cfg_.id_start;
  credit_monthly_ = cfg_.credits;
  credit_package_ = cfg_.package_credits;
  images_.clear();
  jobs_.clear();
}

}  // namespace sim
