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

std::uint64_t JobStore::add_media(MediaRecord media) {
  std::lock_guard lock(mu_);
  media.id = next_id();
  auto id = media.id;
  media_.emplace(id, std::move(media));
  return id;
}

std::optional<MediaRecord> JobStore::media(std::uint64_t id) const {
  std::lock_guard lock(mu_);
  auto it = media_.find(id);
  if (it == media_.end()) return std::nullopt;
  return it->second;
}

MaskSelection JobStore::select_masks(std::uint64_t video_id, std::int64_t keyframe_id, std::int64_t credits) {
  std::lock_guard lock(mu_);
  MaskSelection out;
  if (auto msg = insufficient(credits)) {
    out.err_code = 500090;
    out.err_msg = *msg;
    return out;
  }
  std::int64_t monthly = 0, package = 0;
  charge(credits, monthly, package);
  auto& ids = selections_[{video_id, keyframe_id}];
  if (ids.empty()) {  // the same video and keyframe always give the same masks
    for (const char* name : {"person", "object", "background"}) {
      MaskRecord m{std::to_string(next_id()), video_id, keyframe_id, name};
      ids.push_back(m.mask_id);
      masks_.emplace(m.mask_id, m);
    }
  }
  for (const auto& id : ids) out.masks.push_back(masks_.at(id));
  return out;
}

std::optional<MaskRecord> JobStore::mask(const std::string& mask_id) const {
  std::lock_guard lock(mu_);
  auto it = masks_.find(mask_id);
  if (it == masks_.end()) return std::nullopt;
  return it->second;
}

void JobStore::refresh(Job& job) {
  if (job.status != 5) return;
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - job.created);
  if (job.polls < job.spec.needed_polls || elapsed.count() < job.spec.needed_ms) return;
  job.status = job.spec.terminal_status;
  job.modify_time = utc_timestamp();
  if (job.status == 7 && !job.refunded) {  // moderation failures are refunded (docs/pixverse-api.md: moderation)
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

std::optional<std::string> JobStore::insufficient(std::int64_t credits) const {
  if (credit_monthly_ + credit_package_ >= credits) return std::nullopt;
  return "insufficient balance: this request needs " + std::to_string(credits) + " credits, " +
         std::to_string(credit_monthly_ + credit_package_) + " left";
}

void JobStore::charge(std::int64_t credits, std::int64_t& monthly, std::int64_t& package) {
  monthly = std::min(credit_monthly_, credits);
  package = credits - monthly;
  credit_monthly_ -= monthly;
  credit_package_ -= package;
}

CreateResult JobStore::create_job(JobSpec spec, int width, int height) {
  std::lock_guard lock(mu_);
  CreateResult out;
  if (running_count() >= cfg_.max_concurrent) {
    out.err_code = 500044;
    out.err_msg = "Reached the limit for concurrent generations.";
    return out;
  }
  if (auto msg = insufficient(spec.credits)) {
    out.err_code = 500090;
    out.err_msg = *msg;
    return out;
  }
  Job job;
  job.id = next_id();
  charge(spec.credits, job.charged_monthly, job.charged_package);
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

std::optional<Job> JobStore::poll(std::uint64_t id, JobKind kind) {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end() || it->second.spec.kind != kind) return std::nullopt;
  Job& job = it->second;
  ++job.polls;
  refresh(job);
  Job view = job;
  if (job.status == 1) view.url_withheld = ++job.done_polls <= job.spec.no_url_polls;
  return view;
}

std::optional<Job> JobStore::peek(std::uint64_t id) {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  refresh(it->second);
  return it->second;
}

bool JobStore::set_outcome(std::uint64_t id, std::optional<int> terminal_status, std::optional<int> needed_polls,
                           std::optional<int> no_url_polls) {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return false;
  if (terminal_status) it->second.spec.terminal_status = *terminal_status;
  if (needed_polls) it->second.spec.needed_polls = *needed_polls;
  if (no_url_polls) it->second.spec.no_url_polls = *no_url_polls;
  refresh(it->second);
  return true;
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
                   {"kind", s.kind == JobKind::Image ? "image" : "video"},
                   {"endpoint", s.endpoint},
                   {"status", job.status},
                   {"polls", job.polls},
                   {"needed_polls", s.needed_polls},
                   {"no_url_polls", s.no_url_polls},
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
                   {"template_id", s.template_id},
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

json JobStore::media_json() const {
  std::lock_guard lock(mu_);
  json arr = json::array();
  for (const auto& [id, m] : media_)
    arr.push_back({{"id", m.id},
                   {"media_type", m.media_type},
                   {"ext", m.ext},
                   {"duration_ms", m.duration_ms},
                   {"width", m.width},
                   {"height", m.height},
                   {"size", m.bytes.size()},
                   {"source", m.source},
                   {"origin", m.origin},
                   {"trace_id", m.trace_id}});
  return arr;
}

json JobStore::masks_json() const {
  std::lock_guard lock(mu_);
  json arr = json::array();
  for (const auto& [id, m] : masks_)
    arr.push_back({{"mask_id", m.mask_id}, {"video_id", m.video_id}, {"keyframe_id", m.keyframe_id},
                   {"mask_name", m.mask_name}});
  return arr;
}

void JobStore::reset() {
  std::lock_guard lock(mu_);
  next_id_ = cfg_.id_start;
  credit_monthly_ = cfg_.credits;
  credit_package_ = cfg_.package_credits;
  images_.clear();
  media_.clear();
  masks_.clear();
  selections_.clear();
  jobs_.clear();
}

}  // namespace sim
