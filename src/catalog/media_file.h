#pragma once
// Local media given by path: resolved safely and checked before anything is uploaded.
#include <cstdint>
#include <string>
#include <variant>

namespace catalog {

struct MediaFile {
  std::string path;          // absolute, ~ expanded
  std::string filename;      // base name, sent as the multipart filename
  std::string content_type;  // from the file's magic bytes, not its extension
  std::string bytes;
};

struct MediaLimits {
  std::uintmax_t max_bytes;
  const char* kind;  // "image", "video", "audio": for messages
};

inline constexpr MediaLimits kImageLimits{20u * 1024 * 1024, "image"};

// Reads an image file (PNG, JPEG or WebP). On failure returns a sentence a model can act on.
std::variant<MediaFile, std::string> read_image_file(const std::string& path);

// "image/png" etc. from the first bytes, or "" if not a PNG, JPEG, WebP or GIF.
std::string sniff_image_type(const std::string& head);

}  // namespace catalog
