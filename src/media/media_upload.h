#pragma once
// One upload for every kind of media input: a local path, an http(s) URL (PixVerse fetches
// it) or a data: URI, to POST image/upload (→ img_id) or media/upload (→ media_id).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/expected.h"
#include "media/media_file.h"
#include "pixverse/client.h"

namespace app {

struct UploadedMedia {
  MediaKind kind;
  nlohmann::json id;  // exact integer
  std::string url;
  std::string source;  // as given; data: URIs shortened
};

// A source ready to upload: a local file or data: URI read and checked against its limits, or
// a URL (PixVerse fetches it, so only PixVerse sees what it holds).
struct PreparedMedia {
  MediaKind kind;
  std::string source;             // as given
  std::optional<MediaFile> file;  // nullopt for a URL
};

// Reads and checks a local source (nothing is sent); a URL passes as it is.
// `access`: which local files may be read (nullptr: any).
common::Expected<PreparedMedia> prepare_media(MediaKind kind, const std::string& source, const MediaLimits& limits,
                                              const FileAccess* access = nullptr);
// Uploads are free and not billable: each request gets a fresh trace id. Returns the upload
// or a sentence a model can act on.
common::Expected<UploadedMedia> upload_prepared(const pixverse::Client& client, PreparedMedia media);
// prepare_media then upload_prepared (default_limits(kind) when none are given).
common::Expected<UploadedMedia> upload_media(const pixverse::Client& client, MediaKind kind, const std::string& source,
                                             const MediaLimits& limits, const FileAccess* access = nullptr);
common::Expected<UploadedMedia> upload_media(const pixverse::Client& client, MediaKind kind, const std::string& source);

// A source shortened for messages and results (data: URIs can be megabytes).
std::string shown_source(const std::string& source);

}  // namespace app
