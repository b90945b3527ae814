#include "media_probe.h"

#include "media/sniff.h"

namespace sim {

MediaInfo probe_media(std::string_view bytes) {
  MediaInfo out;
  const std::string_view type = sniff::media_type(bytes);
  const std::string_view kind = type.substr(0, type.find('/'));
  if (kind != "video" && kind != "audio") return out;
  out.media_type = std::string(kind);
  out.ext = std::string(sniff::extension(type));
  if (auto time = sniff::duration(bytes)) out.duration_ms = time->milliseconds();
  if (auto size = sniff::pixel_size(bytes)) {
    out.width = static_cast<int>(size->width);  // a 16.16 fixed-point side: below 2^16
    out.height = static_cast<int>(size->height);
  }
  return out;
}

std::string_view media_mime(std::string_view ext) {
  if (ext == "mp4") return "video/mp4";
  if (ext == "mov") return "video/quicktime";
  if (ext == "webm") return "video/webm";
  if (ext == "mp3") return "audio/mpeg";
  if (ext == "wav") return "audio/wav";
  if (ext == "m4a") return "audio/mp4";
  if (ext == "aac") return "audio/aac";
  return "application/octet-stream";
}

std::string_view media_type_of_ext(std::string_view ext) {
  if (ext == "mp4" || ext == "mov" || ext == "webm") return "video";
  if (ext == "mp3" || ext == "wav" || ext == "m4a" || ext == "aac") return "audio";
  return "";
}

}  // namespace sim
