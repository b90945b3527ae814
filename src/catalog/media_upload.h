#pragma once
// One upload for every kind of media input: a local path, an http(s) URL (PixVerse fetches
// it) or a data: URI, to POST image/upload (→ img_id) or media/upload (→ media_id).
#include <nlohmann/json.hpp>
#include <string>
#include <variant>

#include "catalog/media_file.h"
#include "pixverse/client.h"

namespace catalog {

struct UploadedMedia {
  MediaKind kind;
  nlohmann::json id;  // exact integer
  std::string url;
  std::string source;  // as given; data: URIs shortened
};

// Uploads are free and not billable: each request gets a fresh trace id. Returns the upload
// or a sentence a model can act on.
std::variant<UploadedMedia, std::string> upload_media(const pixverse::Client& client, MediaKind kind,
                                                      const std::string& source);

// A source shortened for messages and results (data: URIs can be megabytes).
std::string shown_source(const std::string& source);

}  // namespace catalog
