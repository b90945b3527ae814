#pragma once
// The two kinds of asynchronous PixVerse job: videos and images. They differ only in names,
// paths and file types, so they are data, not code.
#include <string_view>

namespace app {

struct JobKind {
  std::string_view name;         // "video" | "image": the registry's kind column
  std::string_view id_key;       // the id's name in answers and arguments
  std::string_view status_tool;  // the tool that follows this kind of job
  std::string_view result_path;  // GET this + id
  std::string_view extension;    // of a downloaded file
  std::string_view mime_type;
  std::string_view uri_prefix;  // MCP resource URI of a job: prefix + id
  // Appended to a finished job's next_step: what the result can be used for next (the tool
  // descriptions leave this out, to keep tools/list short). Empty: nothing to add.
  std::string_view follow_up = {};
};

inline constexpr JobKind kVideoJob{.name = "video",
                                   .id_key = "video_id",
                                   .status_tool = "get_video_status",
                                   .result_path = "/openapi/v2/video/result/",
                                   .extension = ".mp4",
                                   .mime_type = "video/mp4",
                                   .uri_prefix = "pixverse://jobs/",
                                   .follow_up =
                                       " Its video_id can be the source_video_id of extend_video, "
                                       "sound_effect_video, lip_sync_video and the other video edits."};
inline constexpr JobKind kImageJob{.name = "image",
                                   .id_key = "image_id",
                                   .status_tool = "get_image_status",
                                   .result_path = "/openapi/v2/image/result/",
                                   .extension = ".png",
                                   .mime_type = "image/png",
                                   .uri_prefix = "pixverse://images/"};

}  // namespace app
