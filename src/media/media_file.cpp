#include "media/media_file.h"

#include "media/file_access.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <utility>

#include "config/settings.h"
#include "media/sniff.h"

namespace app {
namespace {

constexpr std::uint64_t kMiB = std::uint64_t{1024} * 1024;

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

// How messages name a type sniff::media_type() returns: "… is a PNG image, not a video".
const char* described(std::string_view type) {
  static constexpr std::pair<std::string_view, const char*> kDescribed[] = {
      {"image/png", "a PNG image"},       {"image/jpeg", "a JPEG image"},      {"image/webp", "a WebP image"},
      {"image/gif", "a GIF image"},       {"video/mp4", "an MP4 video"},       {"video/quicktime", "a MOV video"},
      {"video/webm", "a WebM video"},     {"audio/mpeg", "an MP3 audio file"}, {"audio/wav", "a WAV audio file"},
      {"audio/mp4", "an M4A audio file"}, {"audio/aac", "an AAC audio file"}};
  for (const auto& [t, words] : kDescribed)
    if (t == type) return words;
  return "a file of an unknown type";
}

std::string number_text(double v) {
  // A crafted header states 1e19 s: past 2^53 a double has no fraction to show, and converting
  // past 2^63 to long long is undefined (found by fuzz/fuzz_media.cpp).
  if (!std::isfinite(v) || std::abs(v) >= 0x1p53) {
    char text[64];
    std::snprintf(text, sizeof text, "%.0f", v);
    return text;
  }
  const auto whole = static_cast<long long>(v);
  if (static_cast<double>(whole) == v) return std::to_string(whole);
  std::string s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  return s;
}

bool over(double value, double limit, bool exclusive) {
  return limit > 0 && (exclusive ? value >= limit : value > limit);
}

// "up to 50 MB" / "under 20 MB", for messages.
std::string bound(bool exclusive) { return exclusive ? "under " : "up to "; }

// Type sniffing and the facts the header states (playing time, pixel size) from `bytes` (the
// file's content), then the limits; shared by files and data: URIs. `name` is for messages.
std::optional<std::string> check_content(MediaFile& f, std::string_view bytes, MediaKind kind,
                                         const MediaLimits& limits, const std::string& name) {
  f.content_type = std::string(sniff::media_type(bytes));
  if (f.content_type.empty())
    return name + " is not " + accepted(kind) + " (its first bytes match none of them; PixVerse accepts only those)";
  if (f.content_type == "image/gif")
    return name + " is a GIF image; PixVerse takes only PNG, JPEG or WebP images (convert it first)";
  if (const MediaKind actual = kind_of_type(f.content_type); actual != kind)
    return name + " is " + described(f.content_type) + ", not " + a_kind(kind) + ": use " + upload_tool(actual) +
           " (or the argument that takes " + a_kind(actual) + ")";
  // An MP3's time is only an estimate (sniff.h): a variable-bitrate file within the limit must
  // not be refused on a guess, so only a time the header states is checked here.
  if (auto time = sniff::duration(bytes); time && !time->estimated && kind != MediaKind::image)
    f.seconds = time->seconds();
  if (kind != MediaKind::audio)
    if (auto size = sniff::pixel_size(bytes)) f.width = size->width, f.height = size->height;
  return check_media_limits(f, kind, limits, name);
}

// The bytes the checks read (sniff.h), read with pread (a mapping would crash the server with
// SIGBUS if the file were cut short meanwhile). A file up to kWholeFileBytes is read whole. A
// larger ISO-BMFF file (MP4, MOV, M4A: "ftyp" first) is read as its top-level boxes without
// their media data ("mdat"), which is all the checks read: a few KB of a 45 MB video. Anything
// else is read whole (audio and images are smaller). nullopt if the file cannot be read.
constexpr std::uint64_t kWholeFileBytes = 4u << 20;
constexpr std::size_t kMaxBoxes = 4096;                // top-level boxes walked; past them, the rest is not read
constexpr std::uint64_t kMaxCheckedBytes = 16u << 20;  // of boxes other than mdat

std::optional<std::string> bytes_to_check(const OpenFile& file) {
  const std::uint64_t size = file.size();
  std::string head(static_cast<std::size_t>(std::min<std::uint64_t>(size, 16)), '\0');
  if (!file.read_at(0, head.data(), head.size())) return std::nullopt;
  const bool iso_bmff = head.size() >= 8 && head.compare(4, 4, "ftyp") == 0;
  if (size <= kWholeFileBytes || !iso_bmff) {
    std::string all(static_cast<std::size_t>(size), '\0');
    if (!file.read_at(0, all.data(), all.size())) return std::nullopt;
    return all;
  }
  std::string kept;
  std::uint64_t at = 0;
  for (std::size_t boxes = 0; boxes < kMaxBoxes && size - at >= 8; ++boxes) {
    char header[16];
    const std::size_t header_size = static_cast<std::size_t>(std::min<std::uint64_t>(16, size - at));
    if (!file.read_at(at, header, header_size)) return std::nullopt;
    const auto box = sniff::box_header(std::string_view(header, header_size), size - at);
    if (!box) break;  // malformed: the checks see what came before
    if (box->type != "mdat") {
      if (kept.size() + box->size > kMaxCheckedBytes) break;
      const std::size_t from = kept.size();
      kept.resize(from + static_cast<std::size_t>(box->size));
      if (!file.read_at(at, kept.data() + from, static_cast<std::size_t>(box->size))) return std::nullopt;
    }
    at += box->size;
  }
  return kept;
}

}  // namespace

std::shared_ptr<const OpenFile> OpenFile::open(const std::string& path, std::string& error) {
  std::error_code ec;
  platform::File file = platform::File::open_to_read(path, ec);
  if (ec == std::errc::invalid_argument) error = "not a regular file";
  else if (ec == std::errc::permission_denied) error = "permission denied";
  else if (ec) error = ec.message();
  if (ec) return nullptr;
  return std::shared_ptr<const OpenFile>(new OpenFile(std::move(file)));
}

bool OpenFile::read_at(std::uint64_t offset, char* out, std::size_t n) const {
  while (n > 0) {
    std::error_code ec;
    const std::size_t got = file_.read_at(offset, out, n, ec);
    if (got == 0) return false;  // an error, or the file was cut short since it was checked
    out += got;
    n -= got;
    offset += got;
  }
  return true;
}

MediaLimits default_limits(MediaKind kind) {
  switch (kind) {
    case MediaKind::image: return MediaLimits{20 * kMiB, true, 0, false, 10000};
    case MediaKind::video: return MediaLimits{50 * kMiB, false, 30, false, 1920};
    case MediaKind::audio: return MediaLimits{50 * kMiB, false, 30, false, 0};
  }
  return {};
}

MediaLimits media_limits(MediaKind kind, const nlohmann::json& x) {
  MediaLimits out = default_limits(kind);
  if (x.is_null()) return out;
  if (!x.is_object()) throw std::runtime_error("x-media-limits must be an object, got " + x.dump());
  for (const auto& [key, value] : x.items()) {
    if (!value.is_number() || value.get<double>() <= 0)
      throw std::runtime_error("x-media-limits." + key + " must be a positive number, got " + value.dump());
    const double v = value.get<double>();
    if (key == "max_mb" || key == "under_mb") {
      out.max_bytes = static_cast<std::uint64_t>(v * static_cast<double>(kMiB));
      out.bytes_exclusive = key == "under_mb";
    } else if (key == "max_seconds" || key == "under_seconds") {
      out.max_seconds = v;
      out.seconds_exclusive = key == "under_seconds";
    } else if (key == "max_side_px") {
      out.max_side = static_cast<std::uint32_t>(v);
    } else if (key != "max_total_seconds") {  // a limit of an array of media (media_inputs.h)
      throw std::runtime_error("x-media-limits has an unknown key \"" + key + "\"");
    }
  }
  return out;
}

std::string size_limit_text(const MediaLimits& l) {
  if (!l.max_bytes) return "—";
  return std::string(l.bytes_exclusive ? "< " : "≤ ") + number_text(static_cast<double>(l.max_bytes) / kMiB) + " MB";
}

std::string length_limit_text(const MediaLimits& l) {
  if (l.max_seconds <= 0) return "—";
  return std::string(l.seconds_exclusive ? "< " : "≤ ") + number_text(l.max_seconds) + " s";
}

std::string side_limit_text(const MediaLimits& l) {
  if (!l.max_side) return "—";
  return "≤ " + std::to_string(l.max_side) + " px";
}

std::optional<std::string> check_media_limits(const MediaFile& f, MediaKind kind, const MediaLimits& limits,
                                              const std::string& name) {
  const double size = static_cast<double>(f.size);
  if (over(size, static_cast<double>(limits.max_bytes), limits.bytes_exclusive))
    return name + " is " + std::to_string(f.size / kMiB) + " MB; PixVerse takes " +
           (kind == MediaKind::image ? "images " : std::string(to_string(kind)) + " ") + bound(limits.bytes_exclusive) +
           number_text(static_cast<double>(limits.max_bytes) / kMiB) + " MB here";
  // No tolerance: PixVerse (and the simulator) refuse 30.04 s against "up to 30 s", and a
  // refusal after the upload costs the user the upload. Hundredths show why 30.04 is too long.
  if (f.seconds && limits.max_seconds > 0 && over(*f.seconds, limits.max_seconds, limits.seconds_exclusive))
    return name + " plays for " + number_text(std::round(*f.seconds * 100) / 100) + " s; PixVerse takes " +
           to_string(kind) + " " + bound(limits.seconds_exclusive) + number_text(limits.max_seconds) +
           " s here (trim it first)";
  if (limits.max_side && (f.width > limits.max_side || f.height > limits.max_side))
    return name + " is " + std::to_string(f.width) + "x" + std::to_string(f.height) + " px; PixVerse takes " +
           (kind == MediaKind::image ? "images" : "videos") + " up to " + std::to_string(limits.max_side) +
           " px per side (scale it down first)";
  return std::nullopt;
}

const char* to_string(MediaKind kind) {
  return kind == MediaKind::image ? "image" : kind == MediaKind::video ? "video" : "audio";
}

common::Expected<MediaFile> read_media_file(const std::string& given, MediaKind kind, const MediaLimits& limits,
                                            const FileAccess* access) {
  namespace fs = std::filesystem;
  // Before anything else (a relative path, a file:// URI): over HTTP none is read, whatever its form.
  if (access != nullptr && access->refuses_every_path()) return common::Unexpected{*access->refuses_every_path()};
  std::string path = expand_home(given);
  if (path.empty() || path.front() != '/')
    return common::Unexpected{
        "file_path must be an absolute path (the server's working directory is not yours), got \"" + given + "\""};
  if (path.rfind("/mnt/user-data/", 0) == 0 || path.rfind("/mnt/data/", 0) == 0)
    return common::Unexpected{"\"" + given +
                              "\" looks like a path inside the chat app's sandbox, which this server cannot read; "
                              "save the file on this machine or give a public URL instead"};
  if (access != nullptr) {  // confined first (whether it exists is not told outside); then the resolved path
    std::string refusal;
    auto resolved = access->resolve(path, refusal);
    if (!resolved) return common::Unexpected{refusal};
    path = *resolved;
  }
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return common::Unexpected{"no such file: " + path};
  if (!fs::is_regular_file(status)) return common::Unexpected{"not a regular file: " + path};
  auto size = fs::file_size(path, ec);
  if (ec) return common::Unexpected{"cannot read " + path + ": " + ec.message()};
  if (size == 0) return common::Unexpected{"the file is empty: " + path};
  if (over(static_cast<double>(size), static_cast<double>(limits.max_bytes),
           limits.bytes_exclusive))  // before reading it
    return common::Unexpected{path + " is " + std::to_string(size / kMiB) + " MB; PixVerse takes " + to_string(kind) +
                              " files " + bound(limits.bytes_exclusive) +
                              number_text(static_cast<double>(limits.max_bytes) / kMiB) + " MB here"};

  std::string error;
  MediaFile f;
  f.open_file = OpenFile::open(path, error);
  if (!f.open_file) return common::Unexpected{"cannot open " + path + ": " + error};
  f.path = path;
  f.filename = fs::path(path).filename().string();
  f.size = f.open_file->size();  // the open file's: what is checked is what is sent
  if (f.size == 0) return common::Unexpected{"the file is empty: " + path};
  const std::optional<std::string> checked = bytes_to_check(*f.open_file);
  if (!checked) return common::Unexpected{"could not read " + path + " (cut short while it was read?)"};
  if (auto problem = check_content(f, *checked, kind, limits, path)) return common::Unexpected{*problem};
  return f;
}

common::Expected<MediaFile> read_media_file(const std::string& path, MediaKind kind) {
  return read_media_file(path, kind, default_limits(kind));
}

common::Expected<MediaFile> read_image_file(const std::string& path) { return read_media_file(path, MediaKind::image); }

common::Expected<MediaFile> decode_data_uri(const std::string& uri, MediaKind kind, const MediaLimits& limits) {
  const std::string shown = uri.substr(0, 40) + (uri.size() > 40 ? "…" : "");
  auto comma = uri.find(',');
  if (uri.rfind("data:", 0) != 0 || comma == std::string::npos)
    return common::Unexpected{"\"" + shown + "\" is not a data: URI (data:<type>;base64,<data>)"};
  std::string meta = uri.substr(5, comma - 5);
  if (meta.size() < 7 || meta.compare(meta.size() - 7, 7, ";base64") != 0)
    return common::Unexpected{"the data: URI must be base64-encoded (data:<type>;base64,<data>)"};
  // Checked before copying: base64 takes 4 characters for 3 bytes (line breaks allowed a little
  // slack), and again on the cleaned payload, before decoding.
  const MediaLimits& l = limits.max_bytes ? limits : default_limits(kind);
  const std::string most = number_text(static_cast<double>(l.max_bytes) / kMiB) + " MB";
  const std::string too_big = "the data: URI holds " + (l.bytes_exclusive ? most + " or more" : "more than " + most) +
                              "; PixVerse takes " +
                              (kind == MediaKind::image ? "images " : std::string(to_string(kind)) + " ") +
                              bound(l.bytes_exclusive) + most + " here (give a file path or URL instead)";
  if ((uri.size() - comma - 1) / 4 * 3 > l.max_bytes + l.max_bytes / 32) return common::Unexpected{too_big};
  std::string payload = uri.substr(comma + 1);
  payload.erase(
      std::remove_if(payload.begin(), payload.end(), [](char c) { return c == '\n' || c == '\r' || c == ' '; }),
      payload.end());
  if (payload.empty() || payload.size() % 4 != 0)
    return common::Unexpected{"the data: URI's base64 payload is damaged (its length is not a multiple of 4)"};
  // At least this many bytes decode from it (up to two are padding).
  const std::size_t least_bytes = payload.size() / 4 * 3 - 2;  // whole groups of 4 → 3 bytes
  if (over(static_cast<double>(least_bytes), static_cast<double>(l.max_bytes), l.bytes_exclusive))
    return common::Unexpected{too_big};
  MediaFile f;
  f.bytes.resize(payload.size() / 4 * 3);
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(f.bytes.data()),
                          reinterpret_cast<const unsigned char*>(payload.data()), static_cast<int>(payload.size()));
  if (n < 0) return common::Unexpected{"the data: URI's base64 payload is not valid base64"};
  std::size_t pad =
      payload.size() >= 2 && payload[payload.size() - 1] == '=' ? (payload[payload.size() - 2] == '=' ? 2 : 1) : 0;
  f.bytes.resize(static_cast<std::size_t>(n) - pad);  // EVP_DecodeBlock counts the padding as zero bytes
  f.size = f.bytes.size();
  if (auto problem = check_content(f, f.bytes, kind, limits, "the data: URI")) return common::Unexpected{*problem};
  f.filename = "upload." + std::string(sniff::extension(f.content_type));
  return f;
}

common::Expected<MediaFile> decode_data_uri(const std::string& uri, MediaKind kind) {
  return decode_data_uri(uri, kind, default_limits(kind));
}

}  // namespace app
