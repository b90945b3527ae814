#pragma once
// What the simulator serves under /_sim/assets/<name> and /media/...: built-in assets, uploaded
// images and media, finished jobs' videos and images, keyframes and masks. Also used to resolve
// upload URLs that point at this simulator.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sim {

class SimState;

struct ServedFile {
  std::string bytes;
  std::string content_type;
};

// The file at `path` (no query), or nullopt (404). Paths:
//   /_sim/assets/<name>
//   /media/image/<id>.<png|jpg|webp>      uploaded image, or a finished image job (png)
//   /media/video/<id>.<mp4|mov|webm>      uploaded video, or a finished video job (mp4)
//   /media/audio/<id>.<mp3|wav|m4a|aac>   uploaded audio
//   /media/keyframe/<video id>/<n>.png    a keyframe of a video (mask selection)
//   /media/mask/<mask id>.png             a mask of a mask selection
std::optional<ServedFile> served_file(SimState& st, std::string_view path);

// The URL of a finished image job's output / an uploaded media file, as answers give them.
std::string image_job_url(const SimState& st, std::uint64_t id);
std::string media_url(const SimState& st, std::string_view media_type, std::uint64_t id, std::string_view ext);

}  // namespace sim
