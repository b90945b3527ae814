#pragma once
// What an uploaded video/audio file is, in the simulator's words ("video"/"audio", an extension)
// and with the facts its container states (playing time, pixel size). The bytes are read by the
// server's own sniffer (src/media/sniff.h), so the simulator and the server cannot disagree on
// what a file is; which of them the simulator accepts is its policy (media_upload.cpp).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sim {

struct MediaInfo {
  std::string media_type;                   // "video" | "audio" | "" (an image, or not a media file)
  std::string ext;                          // mp4 mov webm | mp3 wav m4a aac
  std::optional<std::int64_t> duration_ms;  // rounded down; MP3: estimated from the first frame
  int width = 0, height = 0;                // pixels, from the first track header with a size (0 = unknown)
};

MediaInfo probe_media(std::string_view bytes);

// "video/mp4", "audio/mpeg", ... for a media extension; "application/octet-stream" for others.
std::string_view media_mime(std::string_view ext);
// The media type a file extension stands for ("video", "audio" or "").
std::string_view media_type_of_ext(std::string_view ext);

}  // namespace sim
