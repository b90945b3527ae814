#include "media/sniff.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace sniff {
namespace {

// Readers of fixed-width integers; every caller has checked that the bytes are there.
std::uint32_t byte_at(std::string_view b, std::size_t at) { return static_cast<unsigned char>(b[at]); }
std::uint32_t be16(std::string_view b, std::size_t at) { return (byte_at(b, at) << 8) | byte_at(b, at + 1); }
std::uint32_t be32(std::string_view b, std::size_t at) { return (be16(b, at) << 16) | be16(b, at + 2); }
std::uint64_t be64(std::string_view b, std::size_t at) { return (std::uint64_t{be32(b, at)} << 32) | be32(b, at + 4); }
std::uint32_t le16(std::string_view b, std::size_t at) { return byte_at(b, at) | (byte_at(b, at + 1) << 8); }
std::uint32_t le24(std::string_view b, std::size_t at) { return le16(b, at) | (byte_at(b, at + 2) << 16); }
std::uint32_t le32(std::string_view b, std::size_t at) { return le16(b, at) | (le16(b, at + 2) << 16); }

bool has_at(std::string_view b, std::size_t at, std::string_view magic) {
  return b.size() >= at + magic.size() && b.substr(at, magic.size()) == magic;
}

struct TypeExtension {
  std::string_view type, ext;
};
constexpr TypeExtension kExtensions[] = {{"image/png", "png"},   {"image/jpeg", "jpg"}, {"image/webp", "webp"},
                                         {"image/gif", "gif"},   {"video/mp4", "mp4"},  {"video/quicktime", "mov"},
                                         {"video/webm", "webm"}, {"audio/mpeg", "mp3"}, {"audio/wav", "wav"},
                                         {"audio/mp4", "m4a"},   {"audio/aac", "aac"}};

// ADTS: a 12-bit sync and layer 00. MPEG audio: an 11-bit sync and a layer that is not the
// reserved 00 (which ADTS uses).
bool adts_sync(std::string_view b, std::size_t at) {
  return b.size() >= at + 2 && byte_at(b, at) == 0xFF && (byte_at(b, at + 1) & 0xF6) == 0xF0;
}
bool mpeg_audio_sync(std::string_view b) {
  return b.size() >= 2 && byte_at(b, 0) == 0xFF && (byte_at(b, 1) & 0xE0) == 0xE0 && (byte_at(b, 1) & 0x06) != 0;
}

// An ISO-BMFF box's payload, as [begin, end) within the whole byte string.
using Span = std::pair<std::size_t, std::size_t>;

}  // namespace

std::optional<BoxHeader> box_header(std::string_view head, std::uint64_t room) {
  if (head.size() < 8 || room < 8) return std::nullopt;
  BoxHeader box{head.substr(4, 4), be32(head, 0), 8};
  if (box.size == 1 && head.size() >= 16 && room >= 16) box.size = be64(head, 8), box.header = 16;  // 64-bit size
  if (box.size == 0) box.size = room;  // to the end of the parent
  if (box.size < box.header || box.size > room) return std::nullopt;
  return box;
}

namespace {

// The first box of `type` among the boxes that fill [from, to), or nullopt (also at the first
// box whose size runs past `to` or below its own header: nothing after it can be trusted).
std::optional<Span> find_box(std::string_view b, std::size_t from, std::size_t to, std::string_view type) {
  for (std::size_t at = from; at + 8 <= to;) {
    auto box = box_header(b.substr(at, std::min<std::size_t>(16, to - at)), to - at);
    if (!box) return std::nullopt;
    if (box->type == type) return Span{at + box->header, at + static_cast<std::size_t>(box->size)};
    at += static_cast<std::size_t>(box->size);
  }
  return std::nullopt;
}

std::optional<Duration> mvhd_duration(std::string_view b) {
  auto moov = find_box(b, 0, b.size(), "moov");
  if (!moov) return std::nullopt;
  auto mvhd = find_box(b, moov->first, moov->second, "mvhd");
  if (!mvhd || mvhd->first == mvhd->second) return std::nullopt;
  const std::size_t p = mvhd->first;
  const bool v1 = byte_at(b, p) == 1;  // version 1: 64-bit times
  if (mvhd->second - p < (v1 ? 32u : 20u)) return std::nullopt;
  const std::uint32_t timescale = v1 ? be32(b, p + 20) : be32(b, p + 12);
  if (timescale == 0) return std::nullopt;
  return Duration{v1 ? be64(b, p + 24) : be32(b, p + 16), timescale, false};
}

// The chunks after "RIFF" size "WAVE": fmt gives the byte rate, data the length.
std::optional<Duration> wav_duration(std::string_view b) {
  std::uint32_t byte_rate = 0;
  for (std::uint64_t at = 12; at + 8 <= b.size();) {
    const std::uint32_t len = le32(b, at + 4);
    if (b.substr(at, 4) == "fmt " && at + 20 <= b.size()) byte_rate = le32(b, at + 16);
    if (b.substr(at, 4) == "data") {
      if (byte_rate == 0) return std::nullopt;
      // A header that claims more than the file holds: what plays is what is there.
      const std::uint64_t present = std::min<std::uint64_t>(len, b.size() - at - 8);
      return Duration{present, byte_rate, false};
    }
    // In 64 bits: 8 + len + pad wraps to 0 in 32 (len 0xFFFFFFF8), and the walk never moved on.
    at += 8 + std::uint64_t{len} + (len & 1);
  }
  return std::nullopt;
}

// Every ADTS frame present, 1024 samples each, at the first frame's sample rate.
std::optional<Duration> adts_duration(std::string_view b) {
  static constexpr std::uint32_t kRates[13] = {96000, 88200, 64000, 48000, 44100, 32000, 24000,
                                               22050, 16000, 12000, 11025, 8000,  7350};
  if (b.size() < 7) return std::nullopt;
  const std::uint32_t rate_index = (byte_at(b, 2) >> 2) & 0x0F;
  if (rate_index >= 13) return std::nullopt;
  std::uint64_t frames = 0;
  for (std::size_t at = 0; at + 7 <= b.size() && adts_sync(b, at); ++frames) {
    const std::size_t len = ((byte_at(b, at + 3) & 0x03) << 11) | (byte_at(b, at + 4) << 3) | (byte_at(b, at + 5) >> 5);
    if (len < 7) break;  // a frame shorter than its header: the stream is damaged here
    at += len;
  }
  if (frames == 0) return std::nullopt;
  return Duration{frames * 1024, kRates[rate_index], false};
}

// The first MPEG-1 Layer III frame header's bitrate over the bytes from it to the end; the
// frame is the first byte after an ID3v2 tag, if there is one.
std::optional<Duration> mp3_duration(std::string_view b) {
  std::size_t start = 0;
  if (has_at(b, 0, "ID3")) {
    if (b.size() < 10) return std::nullopt;
    start = 10 + ((byte_at(b, 6) & 0x7F) << 21 | (byte_at(b, 7) & 0x7F) << 14 | (byte_at(b, 8) & 0x7F) << 7 |
                  (byte_at(b, 9) & 0x7F));  // the tag's size is "syncsafe": 7 bits a byte
  }
  if (start + 4 > b.size() || byte_at(b, start) != 0xFF || (byte_at(b, start + 1) & 0xFE) != 0xFA)
    return std::nullopt;  // MPEG-1 Layer III only
  static constexpr std::uint32_t kKbps[16] = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0};
  const std::uint32_t kbps = kKbps[byte_at(b, start + 2) >> 4];
  if (kbps == 0) return std::nullopt;  // "free" or a forbidden index: no rate to go by
  return Duration{std::uint64_t{b.size() - start} * 8, kbps * 1000, true};
}

std::optional<PixelSize> png_size(std::string_view b) {
  if (b.size() < 24 || b.substr(12, 4) != "IHDR") return std::nullopt;
  return PixelSize{be32(b, 16), be32(b, 20)};
}

std::optional<PixelSize> jpeg_size(std::string_view b) {
  for (std::size_t at = 2; at + 9 < b.size();) {
    if (byte_at(b, at) != 0xFF) return std::nullopt;
    const std::uint32_t marker = byte_at(b, at + 1);
    if (marker == 0xFF) {  // a fill byte
      ++at;
      continue;
    }
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (sof) return PixelSize{be16(b, at + 7), be16(b, at + 5)};
    at += 2 + be16(b, at + 2);
  }
  return std::nullopt;
}

std::optional<PixelSize> webp_size(std::string_view b) {
  if (b.size() < 30) return std::nullopt;
  const std::string_view chunk = b.substr(12, 4);
  if (chunk == "VP8X") return PixelSize{le24(b, 24) + 1, le24(b, 27) + 1};
  if (chunk == "VP8L" && byte_at(b, 20) == 0x2F) {  // 0x2F: the lossless bitstream's signature
    const std::uint32_t bits = le32(b, 21);
    return PixelSize{(bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1};
  }
  if (chunk == "VP8 ") return PixelSize{le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF};
  return std::nullopt;
}

// The first track header (moov/trak/tkhd) that states a size: 16.16 fixed-point width, height.
std::optional<PixelSize> iso_bmff_size(std::string_view b) {
  auto moov = find_box(b, 0, b.size(), "moov");
  if (!moov) return std::nullopt;
  for (std::size_t at = moov->first; at < moov->second;) {
    auto trak = find_box(b, at, moov->second, "trak");
    if (!trak) return std::nullopt;
    if (auto tkhd = find_box(b, trak->first, trak->second, "tkhd"); tkhd && tkhd->first < tkhd->second) {
      const std::size_t field = tkhd->first + (byte_at(b, tkhd->first) == 1 ? 88 : 76);  // version 1: 64-bit times
      if (field + 8 <= tkhd->second) {
        const PixelSize size{be32(b, field) >> 16, be32(b, field + 4) >> 16};
        if (size.width && size.height) return size;
      }
    }
    at = trak->second;
  }
  return std::nullopt;
}

}  // namespace

std::string_view media_type(std::string_view h) {
  if (has_at(h, 0, "\x89PNG\r\n\x1a\n")) return "image/png";
  if (has_at(h, 0, "\xff\xd8\xff")) return "image/jpeg";
  if (has_at(h, 0, "RIFF") && has_at(h, 8, "WEBP")) return "image/webp";
  if (has_at(h, 0, "RIFF") && has_at(h, 8, "WAVE")) return "audio/wav";
  if (has_at(h, 0, "GIF87a") || has_at(h, 0, "GIF89a")) return "image/gif";
  if (has_at(h, 4, "ftyp")) {
    if (has_at(h, 8, "M4A ") || has_at(h, 8, "M4B ")) return "audio/mp4";  // M4B: an audiobook
    if (has_at(h, 8, "qt  ")) return "video/quicktime";
    return "video/mp4";
  }
  if (has_at(h, 0, "\x1a\x45\xdf\xa3")) return "video/webm";  // EBML (Matroska/WebM)
  if (has_at(h, 0, "ID3")) return "audio/mpeg";
  if (adts_sync(h, 0)) return "audio/aac";
  if (mpeg_audio_sync(h)) return "audio/mpeg";
  return "";
}

std::string_view extension(std::string_view type) {
  for (const auto& t : kExtensions)
    if (type == t.type) return t.ext;
  return "";
}

std::int64_t Duration::milliseconds() const {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  const std::uint64_t whole = ticks / per_second, rest = ticks % per_second;
  if (whole > static_cast<std::uint64_t>(kMax / 1000)) return kMax;
  // rest < per_second < 2^32: rest * 1000 cannot overflow.
  return static_cast<std::int64_t>(whole * 1000 + rest * 1000 / per_second);
}

std::optional<Duration> duration(std::string_view b) {
  const std::string_view type = media_type(b);
  if (type == "audio/wav") return wav_duration(b);
  if (type == "video/mp4" || type == "video/quicktime" || type == "audio/mp4") return mvhd_duration(b);
  if (type == "audio/aac") return adts_duration(b);
  if (type == "audio/mpeg") return mp3_duration(b);
  return std::nullopt;
}

std::optional<PixelSize> pixel_size(std::string_view b) {
  const std::string_view type = media_type(b);
  if (type == "image/png") return png_size(b);
  if (type == "image/jpeg") return jpeg_size(b);
  if (type == "image/webp") return webp_size(b);
  if (type == "video/mp4" || type == "video/quicktime") return iso_bmff_size(b);
  return std::nullopt;
}

}  // namespace sniff
