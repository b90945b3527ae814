#include "catalog/media_file.h"

#include <openssl/evp.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "catalog/settings.h"

namespace catalog {
namespace {

constexpr std::uintmax_t kMaxImageBytes = 20u * 1024 * 1024;   // "< 20 MB"
constexpr std::uintmax_t kMaxMediaBytes = 50u * 1024 * 1024;   // video and audio "≤ 50 MB"
constexpr double kMaxMediaSeconds = 30.0;

std::uint32_t be32(const std::string& s, std::size_t at) {
  return (std::uint32_t(std::uint8_t(s[at])) << 24) | (std::uint32_t(std::uint8_t(s[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(s[at + 2])) << 8) | std::uint32_t(std::uint8_t(s[at + 3]));
}
std::uint64_t be64(const std::string& s, std::size_t at) { return (std::uint64_t(be32(s, at)) << 32) | be32(s, at + 4); }
std::uint32_t le32(const std::string& s, std::size_t at) {
  return std::uint32_t(std::uint8_t(s[at])) | (std::uint32_t(std::uint8_t(s[at + 1])) << 8) |
         (std::uint32_t(std::uint8_t(s[at + 2])) << 16) | (std::uint32_t(std::uint8_t(s[at + 3])) << 24);
}

MediaKind kind_of_type(const std::string& type) {
  if (type.rfind("video/", 0) == 0) return MediaKind::video;
  if (type.rfind("audio/", 0) == 0) return MediaKind::audio;
  return MediaKind::image;
}

const char* accepted(MediaKind kind) {
  switch (kind) {
    case MediaKind::image: return "a PNG, JPEG or WebP image";
    case MediaKind::video: return "an MP4, MOV or WebM video";
    case MediaKind::audio: return "an MP3, WAV, M4A or AAC audio file";
  }
  return "";
}

const char* a_kind(MediaKind kind) {
  return kind == MediaKind::image ? "an image" : kind == MediaKind::video ? "a video" : "an audio file";
}

const char* upload_tool(MediaKind kind) {
  return kind == MediaKind::image ? "upload_image" : kind == MediaKind::video ? "upload_video" : "upload_audio";
}

struct TypeInfo {
  const char* type;
  const char* ext;
  const char* described;  // for messages: "… is a PNG image, not a video"
};
constexpr TypeInfo kTypes[] = {
    {"image/png", "png", "a PNG image"},       {"image/jpeg", "jpg", "a JPEG image"},
    {"image/webp", "webp", "a WebP image"},    {"image/gif", "gif", "a GIF image"},
    {"video/mp4", "mp4", "an MP4 video"},      {"video/quicktime", "mov", "a MOV video"},
    {"video/webm", "webm", "a WebM video"},    {"audio/mpeg", "mp3", "an MP3 audio file"},
    {"audio/wav", "wav", "a WAV audio file"},  {"audio/mp4", "m4a", "an M4A audio file"},
    {"audio/aac", "aac", "an AAC audio file"}};

const TypeInfo* type_info(const std::string& type) {
  for (const auto& t : kTypes)
    if (type == t.type) return &t;
  return nullptr;
}

std::string extension_of(const std::string& type) {
  const TypeInfo* t = type_info(type);
  return t ? t->ext : "bin";
}

// Type, size and duration checks shared by files and data: URIs. `name` is for messages.
std::optional<std::string> check_content(MediaFile& f, MediaKind kind, const std::string& name) {
  f.content_type = sniff_media_type(f.bytes.substr(0, 32));
  if (f.content_type.empty())
    return name + " is not " + accepted(kind) + " (its first bytes match none of them; PixVerse accepts only those)";
  const std::string described = type_info(f.content_type)->described;
  if (f.content_type == "image/gif")
    return name + " is a GIF image; PixVerse takes only PNG, JPEG or WebP images (convert it first)";
  if (const MediaKind actual = kind_of_type(f.content_type); actual != kind)
    return name + " is " + described + ", not " + a_kind(kind) + ": use " + upload_tool(actual) +
           " (or the argument that takes " + a_kind(actual) + ")";
  const auto size = f.bytes.size();
  if (kind == MediaKind::image && size >= kMaxImageBytes)
    return name + " is " + std::to_string(size / (1024 * 1024)) + " MB; PixVerse takes images under 20 MB";
  if (kind != MediaKind::image && size > kMaxMediaBytes)
    return name + " is " + std::to_string(size / (1024 * 1024)) + " MB; PixVerse takes " + to_string(kind) +
           " up to 50 MB";
  if (kind != MediaKind::image)
    if (auto seconds = media_duration_seconds(f.bytes); seconds && *seconds > kMaxMediaSeconds + 0.05)
      return name + " plays for " + std::to_string(static_cast<int>(*seconds + 0.5)) + " s; PixVerse takes " +
             to_string(kind) + " up to 30 s (trim it first)";
  return std::nullopt;
}

}  // namespace

const char* to_string(MediaKind kind) {
  return kind == MediaKind::image ? "image" : kind == MediaKind::video ? "video" : "audio";
}

std::string sniff_media_type(const std::string& h) {
  auto starts = [&](std::size_t at, const char* magic, std::size_t n) { return h.size() >= at + n && h.compare(at, n, magic, n) == 0; };
  if (starts(0, "\x89PNG\r\n\x1a\n", 8)) return "image/png";
  if (starts(0, "\xff\xd8\xff", 3)) return "image/jpeg";
  if (starts(0, "RIFF", 4) && starts(8, "WEBP", 4)) return "image/webp";
  if (starts(0, "RIFF", 4) && starts(8, "WAVE", 4)) return "audio/wav";
  if (starts(0, "GIF87a", 6) || starts(0, "GIF89a", 6)) return "image/gif";
  if (starts(4, "ftyp", 4)) {
    if (starts(8, "M4A ", 4)) return "audio/mp4";
    if (starts(8, "qt  ", 4)) return "video/quicktime";
    return "video/mp4";
  }
  if (starts(0, "\x1a\x45\xdf\xa3", 4)) return "video/webm";
  if (starts(0, "ID3", 3)) return "audio/mpeg";
  if (h.size() >= 2 && std::uint8_t(h[0]) == 0xFF) {
    std::uint8_t b = std::uint8_t(h[1]);
    if ((b & 0xF6) == 0xF0) return "audio/aac";                    // ADTS: 12-bit sync, layer 00
    if ((b & 0xE0) == 0xE0 && (b & 0x06) != 0) return "audio/mpeg";  // MPEG audio frame sync, layer set
  }
  return "";
}

std::string sniff_image_type(const std::string& head) {
  std::string t = sniff_media_type(head);
  return t.rfind("image/", 0) == 0 ? t : "";
}

std::optional<double> media_duration_seconds(const std::string& b) {
  if (b.size() >= 44 && b.compare(0, 4, "RIFF") == 0 && b.compare(8, 4, "WAVE") == 0) {
    std::uint32_t byte_rate = 0;
    for (std::size_t at = 12; at + 8 <= b.size();) {  // walk the chunks: fmt gives the rate, data the length
      std::uint32_t len = le32(b, at + 4);
      if (b.compare(at, 4, "fmt ") == 0 && at + 20 <= b.size()) byte_rate = le32(b, at + 16);
      if (b.compare(at, 4, "data") == 0) return byte_rate ? std::optional<double>(double(len) / byte_rate) : std::nullopt;
      at += 8 + len + (len & 1);
    }
    return std::nullopt;
  }
  // ISO-BMFF: the moov box's mvhd holds timescale and duration.
  auto find_box = [&](std::size_t from, std::size_t to, const char* type) -> std::optional<std::pair<std::size_t, std::size_t>> {
    for (std::size_t at = from; at + 8 <= to;) {
      std::uint64_t size = be32(b, at);
      std::size_t header = 8;
      if (size == 1 && at + 16 <= to) size = be64(b, at + 8), header = 16;
      if (size == 0) size = to - at;
      if (size < header || at + size > to) return std::nullopt;
      if (b.compare(at + 4, 4, type) == 0) return std::pair{at + header, static_cast<std::size_t>(at + size)};
      at += static_cast<std::size_t>(size);
    }
    return std::nullopt;
  };
  if (b.size() < 12 || b.compare(4, 4, "ftyp") != 0) return std::nullopt;
  auto moov = find_box(0, b.size(), "moov");
  if (!moov) return std::nullopt;
  auto mvhd = find_box(moov->first, moov->second, "mvhd");
  if (!mvhd || mvhd->first + 32 > b.size()) return std::nullopt;
  std::size_t p = mvhd->first;
  const bool v1 = std::uint8_t(b[p]) == 1;
  std::uint32_t timescale = v1 ? be32(b, p + 20) : be32(b, p + 12);
  std::uint64_t duration = v1 ? be64(b, p + 24) : be32(b, p + 16);
  if (timescale == 0) return std::nullopt;
  return double(duration) / timescale;
}

std::variant<MediaFile, std::string> read_media_file(const std::string& given, MediaKind kind) {
  namespace fs = std::filesystem;
  std::string path = expand_home(given);
  if (path.empty() || path.front() != '/')
    return "file_path must be an absolute path (the server's working directory is not yours), got \"" + given + "\"";
  if (path.rfind("/mnt/user-data/", 0) == 0 || path.rfind("/mnt/data/", 0) == 0)
    return "\"" + given + "\" looks like a path inside the chat app's sandbox, which this server cannot read; "
           "save the file on this machine or give a public URL instead";
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return "no such file: " + path;
  if (!fs::is_regular_file(status)) return "not a regular file: " + path;
  auto size = fs::file_size(path, ec);
  if (ec) return "cannot read " + path + ": " + ec.message();
  if (size == 0) return "the file is empty: " + path;
  const std::uintmax_t limit = kind == MediaKind::image ? kMaxImageBytes : kMaxMediaBytes + 1;
  if (size >= limit)
    return path + " is " + std::to_string(size / (1024 * 1024)) + " MB; PixVerse takes " + to_string(kind) +
           (kind == MediaKind::image ? " files under 20 MB" : " files up to 50 MB");

  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot open " + path + " (permission denied?)";
  MediaFile f;
  f.path = path;
  f.filename = fs::path(path).filename().string();
  f.bytes.resize(static_cast<std::size_t>(size));
  in.read(f.bytes.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::uintmax_t>(in.gcount()) != size) return "could not read all of " + path;
  if (auto problem = check_content(f, kind, path)) return *problem;
  return f;
}

std::variant<MediaFile, std::string> read_image_file(const std::string& path) {
  return read_media_file(path, MediaKind::image);
}

std::variant<MediaFile, std::string> decode_data_uri(const std::string& uri, MediaKind kind) {
  const std::string shown = uri.substr(0, 40) + (uri.size() > 40 ? "…" : "");
  auto comma = uri.find(',');
  if (uri.rfind("data:", 0) != 0 || comma == std::string::npos)
    return "\"" + shown + "\" is not a data: URI (data:<type>;base64,<data>)";
  std::string meta = uri.substr(5, comma - 5);
  if (meta.size() < 7 || meta.compare(meta.size() - 7, 7, ";base64") != 0)
    return "the data: URI must be base64-encoded (data:<type>;base64,<data>)";
  // Checked before copying: base64 takes 4 characters for 3 bytes (line breaks allowed a little slack).
  if ((uri.size() - comma - 1) / 4 * 3 > kMaxMediaBytes + kMaxMediaBytes / 32)
    return "the data: URI holds more than 50 MB; give a file path or URL instead";
  std::string payload = uri.substr(comma + 1);
  payload.erase(std::remove_if(payload.begin(), payload.end(), [](char c) { return c == '\n' || c == '\r' || c == ' '; }),
                payload.end());
  if (payload.empty() || payload.size() % 4 != 0) return "the data: URI's base64 payload is damaged (its length is not a multiple of 4)";
  if (payload.size() / 4 * 3 > kMaxMediaBytes + 3) return "the data: URI holds more than 50 MB; give a file path or URL instead";
  MediaFile f;
  f.bytes.resize(payload.size() / 4 * 3);
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(f.bytes.data()),
                          reinterpret_cast<const unsigned char*>(payload.data()), static_cast<int>(payload.size()));
  if (n < 0) return "the data: URI's base64 payload is not valid base64";
  std::size_t pad = payload.size() >= 2 && payload[payload.size() - 1] == '=' ? (payload[payload.size() - 2] == '=' ? 2 : 1) : 0;
  f.bytes.resize(static_cast<std::size_t>(n) - pad);  // EVP_DecodeBlock counts the padding as zero bytes
  if (auto problem = check_content(f, kind, "the data: URI")) return *problem;
  f.filename = "upload." + extension_of(f.content_type);
  return f;
}

}  // namespace catalog
