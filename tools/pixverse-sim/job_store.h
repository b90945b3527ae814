#pragma once
// The simulator's account state: issued ids, uploaded images and media, masks, jobs (videos and
// images), credits. Thread-safe. Images, media, masks and jobs share one id counter.
//
// A job is running (status 5) until it has been polled `needed_polls` times AND `needed_ms`
// milliseconds have passed since creation; then it takes its terminal status (1, or 7/8 when the
// prompt or a control call asked for it). Status 7 refunds the charged credits. A job may show
// its first `no_url_polls` polls at status 1 with an empty url (PixVerse reporting a video done
// before its file is there).
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

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

// An uploaded video or audio file (POST media/upload).
struct MediaRecord {
  std::uint64_t id = 0;
  std::string bytes;           // what /media/<type>/<id>.<ext> serves
  std::string media_type;      // video | audio
  std::string ext;             // mp4 mov webm | mp3 wav m4a aac
  std::int64_t duration_ms = 0;
  int width = 0, height = 0;   // videos; 0 if unknown
  std::string source, origin, trace_id;
};

// One mask of a mask selection: belongs to one video (job or media id) at one keyframe.
struct MaskRecord {
  std::string mask_id;
  std::uint64_t video_id = 0;
  std::int64_t keyframe_id = 0;
  std::string mask_name;  // person | object | background
};

enum class JobKind { Video, Image };

struct JobSpec {
  JobKind kind = JobKind::Video;
  std::string endpoint;    // text_to_video | image_to_video | transition | extend | ... | image_template
  std::string trace_id;
  std::string prompt, negative_prompt, style, model, quality, aspect_ratio;
  std::int64_t duration = 5;  // seconds of the output video
  std::int64_t seed = -1;     // -1: chosen by the simulator
  bool has_audio = false;
  int needed_polls = 0;
  std::int64_t needed_ms = 0;
  int terminal_status = 1;    // 1 success, 7 moderation, 8 failure
  int no_url_polls = 0;       // polls at status 1 that still answer url "" (and size 0)
  std::int64_t credits = 0;
  std::uint64_t template_id = 0;
  nlohmann::json inputs;      // the request's inputs (ids, sources, options), for /_sim/jobs
};

struct Job {
  std::uint64_t id = 0;
  JobSpec spec;
  int status = 5;
  int polls = 0;
  int done_polls = 0;         // polls answered at status 1
  bool url_withheld = false;  // in a poll's view: status 1, but this poll answers url "" (no_url_polls)
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

struct MaskSelection {
  std::int64_t err_code = 0;  // 0 = charged and selected
  std::string err_msg;
  std::vector<MaskRecord> masks;
};

class JobStore {
 public:
  explicit JobStore(const SimConfig& cfg);

  std::uint64_t add_image(ImageRecord img);  // assigns and returns the id
  std::optional<ImageRecord> image(std::uint64_t id) const;
  bool image_exists(std::uint64_t id) const;

  std::uint64_t add_media(MediaRecord media);  // assigns and returns the id
  std::optional<MediaRecord> media(std::uint64_t id) const;

  // Charges `credits` and returns the masks of (video, keyframe), creating them the first time.
  MaskSelection select_masks(std::uint64_t video_id, std::int64_t keyframe_id, std::int64_t credits);
  std::optional<MaskRecord> mask(const std::string& mask_id) const;

  // Checks the concurrency limit and the balance, then charges and creates the job.
  CreateResult create_job(JobSpec spec, int width, int height);
  // Counts one poll of a job of `kind` and returns it as the poll sees it (nullopt: no such job).
  std::optional<Job> poll(std::uint64_t id, JobKind kind);
  std::optional<Job> peek(std::uint64_t id);
  // Control: how a job ends (terminal status 1/7/8), after how many polls, and for how many polls
  // at status 1 its url stays "". False if unknown.
  bool set_outcome(std::uint64_t id, std::optional<int> terminal_status, std::optional<int> needed_polls,
                   std::optional<int> no_url_polls = std::nullopt);

  nlohmann::json balance_json() const;
  nlohmann::json jobs_json();
  nlohmann::json images_json() const;
  nlohmann::json media_json() const;
  nlohmann::json masks_json() const;
  void reset();

 private:
  void refresh(Job& job);  // applies the terminal status once due (mu_ held)
  int running_count();     // mu_ held
  std::uint64_t next_id();  // mu_ held
  std::optional<std::string> insufficient(std::int64_t credits) const;  // mu_ held
  void charge(std::int64_t credits, std::int64_t& monthly, std::int64_t& package);  // mu_ held

  const SimConfig cfg_;
  mutable std::mutex mu_;
  std::uint64_t next_id_;
  std::int64_t credit_monthly_, credit_package_;
  std::map<std::uint64_t, ImageRecord> images_;
  std::map<std::uint64_t, MediaRecord> media_;
  std::map<std::string, MaskRecord> masks_;
  std::map<std::pair<std::uint64_t, std::int64_t>, std::vector<std::string>> selections_;
  std::map<std::uint64_t, Job> jobs_;
};

// "2025-06-01 12:34:56" (UTC).
std::string utc_timestamp();
// Stable pseudo-random seed for a job that was given none: 0..2147483647.
std::int64_t default_seed(std::uint64_t id);

}  // namespace sim
