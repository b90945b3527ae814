#pragma once
// Media given where an uploaded id is expected. A tool's inputSchema marks such properties
// with "x-media": "image" | "video" | "audio" (at the top level, as array items, or inside the
// objects of an array), and their limits with "x-media-limits" (media_file.h). An array of
// media may limit their playing time together: "x-media-limits": {"max_total_seconds": 15}.
// Before the request is sent, each value that is not already an id — a file path, URL or data:
// URI — is checked (local files against their limits, every one before anything is uploaded),
// then uploaded (once per distinct source) and replaced by its id.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/expected.h"
#include "media/media_upload.h"

namespace app {

struct ResolvedInputs {
  nlohmann::json args;     // sources replaced by integer ids
  nlohmann::json uploads;  // [{"field", "kind", "source", "id", "url"}]
};

// Where media must be uploaded: field path ("image_references[1].img_id"), kind, source.
struct MediaSlot {
  std::string field;
  MediaKind kind;
  std::string source;
  MediaLimits limits;
};
std::vector<MediaSlot> media_slots(const nlohmann::json& input_schema, const nlohmann::json& args);

// `access`: which local files may be read (nullptr: any).
common::Expected<ResolvedInputs> resolve_media_inputs(const nlohmann::json& input_schema, const nlohmann::json& args,
                                                      const pixverse::Client& client,
                                                      const FileAccess* access = nullptr);

}  // namespace app
