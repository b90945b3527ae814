// POST /openapi/v2/media/upload: multipart with exactly one of a file part `file` or a text part
// `file_url` (an extra text part `media_type`, which the official MCP server sends, is tolerated).
// The content decides the type (media_probe.h): video mp4/mov/webm, audio mp3/wav/m4a/aac. No
// internet: an external URL ending in a media extension stands for a built-in sample; URLs of
// this simulator are resolved for real (served_files.h).
#include <httplib.h>

#include "assets.h"
#include "http_url.h"
#include "media_probe.h"
#include "openapi_endpoints.h"
#include "served_files.h"
#include "video_source.h"

namespace sim {
namespace {

// What the upload itself takes: the loosest of the endpoints' limits (motion control takes
// videos up to 100 MB, extend videos under 40 s); each endpoint checks its own when the
// media_id is used (video_source.h). Audio: up to 50 MB and 30 s.
constexpr std::size_t kMaxVideoBytes = 100u * 1024u * 1024u;
constexpr std::int64_t kMaxVideoMs = 40000;  // exclusive
constexpr std::size_t kMaxAudioBytes = 50u * 1024u * 1024u;
constexpr std::int64_t kMaxAudioMs = 30000;
constexpr int kMaxVideoSide = 1920;

Reply invalid(std::string_view msg) { return envelope(400017, msg); }

// `stand_in_ext`: the extension of an external URL whose content a built-in sample stands for.
Reply finish_upload(SimState& st, const Call& call, MediaRecord m, std::string stand_in_ext = {}) {
  if (m.bytes.size() > kMaxVideoBytes)
    return invalid("media too large: " + std::to_string(m.bytes.size()) + " bytes (limit 100 MB)");
  const MediaInfo info = probe_media(m.bytes);
  if (info.media_type.empty())
    return invalid("unsupported media type: the content is not an MP4, MOV or WebM video nor an MP3, WAV, M4A or "
                   "AAC audio file");
  const bool audio = info.media_type == "audio";
  if (audio && m.bytes.size() > kMaxAudioBytes)
    return invalid("media too large: " + std::to_string(m.bytes.size()) + " bytes (limit 50 MB for audio)");
  if (info.duration_ms && audio && *info.duration_ms > kMaxAudioMs)
    return invalid("media too long: " + seconds_text(*info.duration_ms) + " s (limit 30 s for audio)");
  if (info.duration_ms && !audio && *info.duration_ms >= kMaxVideoMs)
    return invalid("media too long: " + seconds_text(*info.duration_ms) + " s (videos must be shorter than 40 s)");
  if (info.width > kMaxVideoSide || info.height > kMaxVideoSide)
    return invalid("video too large: " + std::to_string(info.width) + "x" + std::to_string(info.height) +
                   " (limit 1920 px per side)");
  m.media_type = stand_in_ext.empty() ? info.media_type : std::string(media_type_of_ext(stand_in_ext));
  m.ext = stand_in_ext.empty() ? info.ext : stand_in_ext;
  m.duration_ms = info.duration_ms.value_or(0);
  m.width = info.width;
  m.height = info.height;
  m.trace_id = call.trace_id;
  const std::string type = m.media_type, ext = m.ext;
  const std::uint64_t id = st.jobs.add_media(std::move(m));
  return success({{"media_id", id}, {"media_type", type}, {"url", media_url(st, type, id, ext)}});
}

Reply upload_file(SimState& st, const Call& call, const httplib::MultipartFormData& part) {
  if (part.filename.empty()) return invalid("file must be a file part with a filename (got a plain form field)");
  MediaRecord m;
  m.bytes = part.content;
  m.source = "file";
  m.origin = part.filename;
  return finish_upload(st, call, std::move(m));
}

Reply upload_url(SimState& st, const Call& call, const httplib::MultipartFormData& part) {
  if (!part.filename.empty()) return invalid("file_url must be a text field, not a file part");
  const std::string& text = part.content;
  auto url = parse_http_url(text);
  if (!url) return invalid("file_url must be an absolute http(s) URL");
  MediaRecord m;
  m.source = "url";
  m.origin = text;
  if (is_own_url(*url, st.port)) {
    auto file = served_file(st, url->path);
    if (!file) return invalid("file_url " + text + " does not exist (404)");
    m.bytes = std::move(file->bytes);
    return finish_upload(st, call, std::move(m));
  }
  const auto path = lower(url->path);
  const auto dot = path.rfind('.');
  const std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  const std::string_view type = media_type_of_ext(ext);
  if (type.empty())
    return invalid("the simulator cannot fetch URLs, so file_url must end in .mp4, .mov, .webm, .mp3, .wav, .m4a or "
                   ".aac (or point at this simulator's /_sim/assets/<name>)");
  // Stands for the remote file: the 5 s sample video, or the 1 s sample audio.
  m.bytes = *builtin_asset(type == "video" ? "sample.mp4" : (ext == "wav" ? "sample.wav" : "sample.mp3"));
  return finish_upload(st, call, std::move(m), ext);
}

}  // namespace

Reply handle_media_upload(SimState& st, const Call& call) {
  const auto& files = call.req.files;
  for (const auto& [name, part] : files) {
    if (name == "file" || name == "file_url") continue;
    if (name == "media_type" && part.filename.empty()) continue;  // tolerated, ignored
    return invalid("unexpected form field '" + name +
                   "': send exactly one of 'file' (a file part) or 'file_url' (a text part)");
  }
  const auto file_parts = files.count("file"), urls = files.count("file_url");
  if (file_parts + urls == 0) return invalid("one of 'file' (a file part) or 'file_url' (a text part) is required");
  if (file_parts && urls) return invalid("send exactly one of 'file' or 'file_url', not both");
  if (file_parts + urls > 1) return invalid("only one '" + std::string(file_parts ? "file" : "file_url") + "' part is allowed");
  if (file_parts) return upload_file(st, call, files.find("file")->second);
  return upload_url(st, call, files.find("file_url")->second);
}

}  // namespace sim
