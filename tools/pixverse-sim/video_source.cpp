#include "video_source.h"

#include <algorithm>

#include "job_store.h"

namespace sim {
namespace {

using nlohmann::json;

// Uploaded files whose container does not tell (webm): assumed 5 s at 1280x720.
constexpr std::int64_t kUnknownDurationMs = 5000;

ValidationError not_found(const std::string& field, std::uint64_t id) {
  return ValidationError{400017, "couldn't find a matching " + field + ": " + std::to_string(id)};
}

}  // namespace

std::string quality_for_lines(int lines) {
  if (lines <= 360) return "360p";
  if (lines <= 540) return "540p";
  if (lines <= 720) return "720p";
  return "1080p";
}

common::Expected<SourceVideo, ValidationError> find_video_source(const json& body, JobStore& store) {
  const bool job = has_value(body, "source_video_id"), media = has_value(body, "video_media_id");
  if (job && media)
    return common::Unexpected{
        ValidationError{400017, "source_video_id and video_media_id are mutually exclusive: send exactly one"}};
  if (!job && !media)
    return common::Unexpected{ValidationError{400017, "either source_video_id or video_media_id must be provided"}};
  SourceVideo out;
  out.field = job ? "source_video_id" : "video_media_id";
  out.id = body.at(out.field).get<std::uint64_t>();
  if (job) {
    auto found = store.peek(out.id);
    if (!found || found->spec.kind != JobKind::Video) return common::Unexpected{not_found(out.field, out.id)};
    if (found->status != 1)
      return common::Unexpected{
          ValidationError{400017, "source_video_id " + std::to_string(out.id) + " is not a finished video (status " +
                                      std::to_string(found->status) + "; only status 1 can be edited)"}};
    out.duration_ms = found->spec.duration * 1000;
    out.width = found->width;
    out.height = found->height;
    out.ext = "mp4";
    out.has_audio = found->spec.has_audio;
  } else {
    auto found = store.media(out.id);
    if (!found) return common::Unexpected{not_found(out.field, out.id)};
    if (found->media_type != "video")
      return common::Unexpected{ValidationError{400017, "Invalid media_type: not a video resource (video_media_id " +
                                                            std::to_string(out.id) + " is " + found->media_type + ")"}};
    out.duration_ms = found->duration_ms > 0 ? found->duration_ms : kUnknownDurationMs;
    out.width = found->width > 0 ? found->width : 1280;
    out.height = found->height > 0 ? found->height : 720;
    out.ext = found->ext;
    out.has_audio = true;  // uploads are assumed to carry sound
    out.bytes = found->bytes.size();
  }
  out.quality = quality_for_lines(std::min(out.width, out.height));
  return out;
}

std::string seconds_text(std::int64_t ms) { return std::to_string(ms / 1000) + "." + std::to_string(ms % 1000 / 100); }

std::optional<ValidationError> check_source_limits(const SourceVideo& src, const SourceLimits& limits) {
  if (src.field != "video_media_id") return std::nullopt;
  const std::string name = "video_media_id " + std::to_string(src.id);
  const std::string takes = std::string(limits.endpoint) + " takes uploaded videos ";
  if (src.bytes > limits.max_bytes)
    return ValidationError{400017, name + " is " + std::to_string(src.bytes / kMiB) + " MB; " + takes + "up to " +
                                       std::to_string(limits.max_bytes / kMiB) + " MB"};
  if (limits.under ? src.duration_ms >= limits.max_ms : src.duration_ms > limits.max_ms)
    return ValidationError{400017, name + " plays for " + seconds_text(src.duration_ms) + " s; " + takes +
                                       (limits.under ? "shorter than " : "up to ") + seconds_text(limits.max_ms) + " s"};
  return std::nullopt;
}

common::Expected<SourceAudio, ValidationError> find_audio_media(std::uint64_t id, JobStore& store) {
  auto found = store.media(id);
  if (!found) return common::Unexpected{not_found("audio_media_id", id)};
  if (found->media_type != "audio")
    return common::Unexpected{ValidationError{400017, "Invalid media_type: not an audio resource (audio_media_id " +
                                                          std::to_string(id) + " is " + found->media_type + ")"}};
  return SourceAudio{id, found->duration_ms > 0 ? found->duration_ms : kUnknownDurationMs};
}

}  // namespace sim
