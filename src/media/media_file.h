#pragma once
// Local media (a file path or a data: URI) read safely and checked before anything is
// uploaded: the type comes from the bytes, never the name, and PixVerse's limits are applied
// here so a bad input costs no round trip.
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

#include "common/expected.h"
#include "platform/file.h"

namespace app {

class FileAccess;

enum class MediaKind { image, video, audio };

const char* to_string(MediaKind kind);

// What one media input may be: PixVerse's limits differ per endpoint (extend takes videos under
// 40 s, motion control up to 100 MB, restyle up to 16 s), so each input carries its own, from
// the schema's "x-media-limits" (tool_schema.h). 0 = no limit on that dimension.
struct MediaLimits {
  std::uint64_t max_bytes = 0;
  bool bytes_exclusive = false;  // "under 20 MB" rather than "up to 50 MB"
  double max_seconds = 0;
  bool seconds_exclusive = false;  // "under 40 s" rather than "up to 30 s"
  std::uint32_t max_side = 0;      // pixels, width and height each
};

// The limits of the upload endpoints themselves: image < 20 MB, ≤ 10000 px per side; video
// ≤ 50 MB, ≤ 30 s, ≤ 1920 px; audio ≤ 50 MB, ≤ 30 s.
MediaLimits default_limits(MediaKind kind);
// An "x-media-limits" object ({"max_mb" | "under_mb", "max_seconds" | "under_seconds",
// "max_side_px"}) over the kind's defaults; null = the defaults. Throws std::runtime_error on an
// unknown key or a value that is not a positive number.
MediaLimits media_limits(MediaKind kind, const nlohmann::json& x_media_limits);
// The limits as people read them: "≤ 50 MB", "< 40 s", "≤ 1920 px" ("—" where there is none).
std::string size_limit_text(const MediaLimits& limits);
std::string length_limit_text(const MediaLimits& limits);
std::string side_limit_text(const MediaLimits& limits);

// A local file held open from its checks to its upload, so what is sent is the file that was
// checked (not another one put at its path meanwhile), and read in pieces as it is sent: a
// 50 MB video is never held in memory. Thread-safe (reads at offsets).
class OpenFile {
 public:
  // Opens `path` read-only. On failure: nullptr, and `error` says why.
  static std::shared_ptr<const OpenFile> open(const std::string& path, std::string& error);
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;

  std::uint64_t size() const { return size_; }  // bytes, when opened
  // Reads `n` bytes at `offset` into `out`; false if the file no longer has them.
  bool read_at(std::uint64_t offset, char* out, std::size_t n) const;

 private:
  explicit OpenFile(platform::File file) : file_(std::move(file)), size_(file_.size_at_open()) {}
  platform::File file_;
  std::uint64_t size_;
};

struct MediaFile {
  std::string path;          // absolute, ~ expanded ("" for a data: URI)
  std::string filename;      // base name, sent as the multipart filename
  std::string content_type;  // from the magic bytes (sniff::media_type)
  std::string bytes;         // a data: URI's decoded bytes; empty for a local file (`open_file`)
  std::shared_ptr<const OpenFile> open_file;  // a local file, read as it is uploaded
  std::uint64_t size = 0;                     // bytes, either way
  std::optional<double> seconds;        // playing time, where the header states it
  std::uint32_t width = 0, height = 0;  // pixels, where the header states them (0 = unknown)
};

// Reads a local file of the given kind: image PNG/JPEG/WebP, video MP4/MOV/WebM, audio
// MP3/WAV/M4A/AAC (the type from its bytes, media/sniff.h), within `limits` (size; playing time
// and pixel size where the header states them: an MP3's estimated time is not held against
// it). On failure the error is a sentence a model can act on. With `access`, the path
// (resolved: symlinks, "..") must be in a folder it allows (file_access.h); without, any file
// may be read.
common::Expected<MediaFile> read_media_file(const std::string& path, MediaKind kind, const MediaLimits& limits,
                                            const FileAccess* access = nullptr);
common::Expected<MediaFile> read_media_file(const std::string& path, MediaKind kind);  // default limits
common::Expected<MediaFile> read_image_file(const std::string& path);

// "data:<mime>;base64,<payload>" decoded and checked like a file of the given kind (the
// declared <mime> is ignored: the bytes say what they are). The file's name is "upload.<ext>".
common::Expected<MediaFile> decode_data_uri(const std::string& uri, MediaKind kind, const MediaLimits& limits);
common::Expected<MediaFile> decode_data_uri(const std::string& uri, MediaKind kind);  // default limits

// A read file checked against other limits (the same file given to two inputs); `name` is how
// messages call it. nullopt = within them.
std::optional<std::string> check_media_limits(const MediaFile& file, MediaKind kind, const MediaLimits& limits,
                                              const std::string& name);

}  // namespace app
