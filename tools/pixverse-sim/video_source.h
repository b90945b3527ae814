#pragma once
// The video input of the editing endpoints: exactly one of `source_video_id` (a video job of this
// simulator that finished with status 1) or `video_media_id` (an uploaded media of type video).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/expected.h"
#include "validation.h"

namespace sim {

class JobStore;

struct SourceVideo {
  std::string field;             // "source_video_id" | "video_media_id"
  std::uint64_t id = 0;
  std::int64_t duration_ms = 0;
  int width = 0, height = 0;
  std::string ext;               // mp4 for jobs; mp4 | mov | webm for uploads
  std::string quality;           // "540p" ..., from the short side
  bool has_audio = false;
  std::uint64_t bytes = 0;       // uploads: the file's size (jobs: 0)

  std::int64_t seconds() const { return (duration_ms + 999) / 1000; }  // started seconds
  nlohmann::json as_input() const { return {{field, id}}; }
};

// The source, or ErrCode 400017 naming what is wrong (both/neither, unknown id, not finished,
// not a video).
common::Expected<SourceVideo, ValidationError> find_video_source(const nlohmann::json& body, JobStore& store);

// What an endpoint takes as an uploaded source video (the docs give these per endpoint: extend
// under 40 s, motion control up to 100 MB, most others up to 30 s and 50 MB).
struct SourceLimits {
  std::string_view endpoint;  // for messages: "extend", "lip sync", ...
  std::int64_t max_ms;
  bool under;                 // max_ms itself is too long ("under 40 s")
  std::uint64_t max_bytes;
};
inline constexpr std::uint64_t kMiB = std::uint64_t{1024} * 1024;

// ErrCode 400017 if an uploaded source (video_media_id) is longer or larger than `limits` allow.
// Generated videos (source_video_id) are not limited here.
std::optional<ValidationError> check_source_limits(const SourceVideo& src, const SourceLimits& limits);
// "12.5" for 12500 ms.
std::string seconds_text(std::int64_t ms);

// The audio of `audio_media_id`: an uploaded media of type audio.
struct SourceAudio {
  std::uint64_t id = 0;
  std::int64_t duration_ms = 0;
};
common::Expected<SourceAudio, ValidationError> find_audio_media(std::uint64_t id, JobStore& store);

// "360p".."1080p" for a frame whose short side is `lines` pixels.
std::string quality_for_lines(int lines);

}  // namespace sim
