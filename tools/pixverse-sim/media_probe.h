#pragma once
// What an uploaded video/audio file is, from its magic bytes, and how long / how large it is
// where the container says so (MP4/MOV/M4A mvhd+tkhd, WAV header, MP3 and ADTS frame headers).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sim {

struct MediaInfo {
  std::string media_type;                 // "video" | "audio" | "" (not a supported file)
  std::string ext;                        // mp4 mov webm | mp3 wav m4a aac
  std::optional<std::int64_t> duration_ms;
  int width = 0, height = 0;              // from the first track header with a size
};

MediaInfo probe_media(std::string_view bytes);

// "video/mp4", "audio/mpeg", ... for a media extension.
std::string_view media_mime(std::string_view ext);
// The media type a file extension stands for ("video", "audio" or "").
std::string_view media_type_of_ext(std::string_view ext);

}  // namespace sim
