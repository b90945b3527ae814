#pragma once
// The simulator's account state: issued ids, uploaded images, video jobs, credits. Thread-safe.
//
// A job is running (status 5) until it has been polled `needed_polls` times AND `needed_ms`
// milliseconds have passed since creation; then it takes its terminal status (1, or 7/8 when the
// prompt asked for it). Status 7 refunds the charged credits.
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "sim_config.h"

namespace sim {

struct ImageRecord {
  std::uint64_t id = 0;
  std::string bytes;       // what /media/image/<id>.<ext> serves
  std::string ext;         // png | jpg | webp
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::string source;      // "file" or "url"
  std::string origin;      // file name or URL
  std::string trace_id;
};

struct JobSpec {
  std::string endpoint;    // text_to_video | image_to_video
  std::string trace_id;
  std::string prompt, negative_prompt, style, model, quality, aspect_ratio;
  std::int64_t duration = 5;
  std::int64_t seed = -1;  // -1: chosen by the simulator
  bool has_audio = false;
  int needed_polls = 0;
  std::int64_t needed_ms = 0;
  int terminal_status = 1;  // 1 success, 7 moderation, 8 failure
  std::int64_t credits = 0;
  nlohmann::json inputs;   // img_id / img_ids / template_id, for /_sim/jobs
};

struct Job {
  std::uint64_t id = 0;
  JobSpec spec;
  int status = 5;
  int polls = 0;
  std::chrono::steady_clock::time_point created;
  std::string create_time, modify_time;
  int width = 0, height = 0;
  std::int64_t charged_monthly = 0, charged_package = 0;
  bool refunded = false;
};

struct CreateResult {
  std::optional<std::uint64_t> id;  // set on success
  std::int64_t err_code = 0;
  std::string err_msg;
};

class JobStore {
 public:
  explicit JobStore(const SimConfig& cfg);

  std::uint64_t add_image(ImageRecord img);  // assigns and returns the id
  std::optional<ImageRecord> image(std::uint64_t id) const;
  bool image_exists(std::uint64_t id) const;

  // Checks the concurrency limit and the balance, then charges and creates the job.
  CreateResult create_job(JobSpec spec, int width, int height);
  // Counts one poll and returns the job as the poll sees it.
  std::optional<Job> poll(std::uint64_t id);
  std::optional<Job> peek(std::uint64_t id);

  nlohmann::json balance_json() const;
  nlohmann::json jobs_json();
  nlohmann::json images_json() const;
  void reset();

 private:
  void refresh(Job& job);  // applies the terminal status once due (mu_ held)
  int running_count();     // mu_ held
  std::uint64_t next_id();  // mu_ held

  const SimConfig cfg_;
  mutable std::mutex mu_;
  std::uint64_t next_id_;
  std::int64_t credit_monthly_, credit_package_;
  std::map<std::uint64_t, ImageRecord> images_;
  std::map<std::uint64_t, Job> jobs_;
};

// "2025-06-01 12:34:56" (UTC).
std::string utc_timestamp();
// Stable pseudo-random seed for a job that was given none: 0..2147483647.
std::int64_t default_seed(std::uint64_t id);

}  // namespace sim
