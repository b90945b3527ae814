#pragma once
// Local media (a file path or a data: URI) read safely and checked before anything is
// uploaded: the type comes from the bytes, never the name, and PixVerse's limits are applied
// here so a bad input costs no round trip.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace catalog {

enum class MediaKind { image, video, audio };

const char* to_string(MediaKind kind);

struct MediaFile {
  std::string path;          // absolute, ~ expanded ("" for a data: URI)
  std::string filename;      // base name, sent as the multipart filename
  std::string content_type;  // from the magic bytes
  std::string bytes;
};

// Reads a local file of the given kind: image PNG/JPEG/WebP < 20 MB; video MP4/MOV/WebM and
// audio MP3/WAV/M4A/AAC ≤ 50 MB and (where the header says) ≤ 30 s. On failure returns a
// sentence a model can act on.
std::variant<MediaFile, std::string> read_media_file(const std::string& path, MediaKind kind);
std::variant<MediaFile, std::string> read_image_file(const std::string& path);

// "data:<mime>;base64,<payload>" decoded and checked like a file of the given kind.
std::variant<MediaFile, std::string> decode_data_uri(const std::string& uri, MediaKind kind);

// The media type of some bytes from their first bytes ("image/png", "video/mp4", "audio/wav",
// …) or "" if none we know. GIF is recognised (to say it is not accepted).
std::string sniff_media_type(const std::string& head);
std::string sniff_image_type(const std::string& head);  // images only

// The playing time an MP4/MOV (mvhd) or WAV header states, if it states one.
std::optional<double> media_duration_seconds(const std::string& bytes);

}  // namespace catalog
