#include "media_probe.h"

namespace sim {
namespace {

std::uint32_t byte_at(std::string_view b, std::size_t at) { return static_cast<unsigned char>(b[at]); }
std::uint32_t be16(std::string_view b, std::size_t at) { return (byte_at(b, at) << 8) | byte_at(b, at + 1); }
std::uint32_t be32(std::string_view b, std::size_t at) { return (be16(b, at) << 16) | be16(b, at + 2); }
std::uint64_t be64(std::string_view b, std::size_t at) {
  return (static_cast<std::uint64_t>(be32(b, at)) << 32) | be32(b, at + 4);
}
std::uint32_t le16(std::string_view b, std::size_t at) { return byte_at(b, at) | (byte_at(b, at + 1) << 8); }
std::uint32_t le32(std::string_view b, std::size_t at) { return le16(b, at) | (le16(b, at + 2) << 16); }

struct Box {
  std::string_view type;
  std::string_view payload;  // after the header
};

// Calls `fn` for each ISO-BMFF box in `data`; stops at the first malformed header.
template <typename Fn>
void for_each_box(std::string_view data, Fn fn) {
  std::size_t pos = 0;
  while (pos + 8 <= data.size()) {
    std::uint64_t size = be32(data, pos);
    std::size_t header = 8;
    if (size == 1) {
      if (pos + 16 > data.size()) return;
      size = be64(data, pos + 8);
      header = 16;
    } else if (size == 0) {
      size = data.size() - pos;
    }
    if (size < header || size > data.size() - pos) return;
    fn(Box{data.substr(pos + 4, 4), data.substr(pos + header, static_cast<std::size_t>(size) - header)});
    pos += static_cast<std::size_t>(size);
  }
}

void probe_mvhd(std::string_view p, MediaInfo& out) {
  if (p.empty()) return;
  const bool v1 = byte_at(p, 0) == 1;
  const std::size_t need = v1 ? 32 : 20;
  if (p.size() < need) return;
  const std::uint32_t timescale = be32(p, v1 ? 20 : 12);
  const std::uint64_t duration = v1 ? be64(p, 24) : be32(p, 16);
  if (timescale) out.duration_ms = static_cast<std::int64_t>(duration * 1000 / timescale);
}

void probe_tkhd(std::string_view p, MediaInfo& out) {
  if (p.empty() || out.width) return;
  const std::size_t at = byte_at(p, 0) == 1 ? 88 : 76;  // width, then height (16.16 fixed point)
  if (p.size() < at + 8) return;
  out.width = static_cast<int>(be32(p, at) >> 16);
  out.height = static_cast<int>(be32(p, at + 4) >> 16);
}

void probe_iso_bmff(std::string_view b, MediaInfo& out) {
  const std::string_view brand = b.substr(8, 4);
  if (brand == "M4A " || brand == "M4B ") {
    out.media_type = "audio";
    out.ext = "m4a";
  } else {
    out.media_type = "video";
    out.ext = brand == "qt  " ? "mov" : "mp4";
  }
  for_each_box(b, [&](const Box& top) {
    if (top.type != "moov") return;
    for_each_box(top.payload, [&](const Box& child) {
      if (child.type == "mvhd") probe_mvhd(child.payload, out);
      if (child.type == "trak")
        for_each_box(child.payload, [&](const Box& t) {
          if (t.type == "tkhd") probe_tkhd(t.payload, out);
        });
    });
  });
}

void probe_wav(std::string_view b, MediaInfo& out) {
  std::uint32_t byte_rate = 0;
  std::size_t pos = 12;
  while (pos + 8 <= b.size()) {
    std::string_view id = b.substr(pos, 4);
    std::uint32_t size = le32(b, pos + 4);
    if (id == "fmt " && pos + 16 <= b.size()) byte_rate = le32(b, pos + 16);
    if (id == "data") {
      std::uint64_t data = std::min<std::uint64_t>(size, b.size() - pos - 8);
      if (byte_rate) out.duration_ms = static_cast<std::int64_t>(data * 1000 / byte_rate);
      return;
    }
    // In 64 bits: 8 + a chunk size near 2^32 wraps a 32-bit sum back to a small step (or 0),
    // and the walk never ends.
    const std::uint64_t next = static_cast<std::uint64_t>(pos) + 8 + size + (size & 1);
    if (next > b.size()) return;
    pos = static_cast<std::size_t>(next);
  }
}

// Constant-bitrate estimate from the first MPEG-1 Layer III frame header.
void probe_mp3(std::string_view b, std::size_t start, MediaInfo& out) {
  if (start + 4 > b.size()) return;
  const std::uint32_t h1 = byte_at(b, start + 1), h2 = byte_at(b, start + 2);
  if (byte_at(b, start) != 0xFF || (h1 & 0xFE) != 0xFA) return;  // MPEG-1 Layer III only
  static constexpr int kKbps[16] = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0};
  const int kbps = kKbps[h2 >> 4];
  if (kbps) out.duration_ms = static_cast<std::int64_t>((b.size() - start) * 8 / static_cast<std::size_t>(kbps));
}

// Sums the ADTS frames: 1024 samples each.
void probe_adts(std::string_view b, MediaInfo& out) {
  static constexpr int kRates[13] = {96000, 88200, 64000, 48000, 44100, 32000, 24000,
                                     22050, 16000, 12000, 11025, 8000,  7350};
  const std::uint32_t rate_index = (byte_at(b, 2) >> 2) & 0x0F;
  if (rate_index >= 13) return;
  std::size_t pos = 0, frames = 0;
  while (pos + 7 <= b.size() && byte_at(b, pos) == 0xFF && (byte_at(b, pos + 1) & 0xF6) == 0xF0) {
    std::size_t len = ((byte_at(b, pos + 3) & 0x03) << 11) | (byte_at(b, pos + 4) << 3) | (byte_at(b, pos + 5) >> 5);
    if (len < 7) break;
    pos += len;
    ++frames;
  }
  out.duration_ms = static_cast<std::int64_t>(frames * 1024 * 1000 / static_cast<std::size_t>(kRates[rate_index]));
}

std::size_t id3_size(std::string_view b) {
  if (b.size() < 10 || b.substr(0, 3) != "ID3") return 0;
  return 10 + ((byte_at(b, 6) & 0x7F) << 21 | (byte_at(b, 7) & 0x7F) << 14 | (byte_at(b, 8) & 0x7F) << 7 |
               (byte_at(b, 9) & 0x7F));
}

}  // namespace

MediaInfo probe_media(std::string_view b) {
  MediaInfo out;
  if (b.size() >= 12 && b.substr(4, 4) == "ftyp") {
    probe_iso_bmff(b, out);
  } else if (b.size() >= 4 && b.substr(0, 4) == std::string_view("\x1A\x45\xDF\xA3", 4)) {
    out.media_type = "video";
    out.ext = "webm";  // duration: not parsed (EBML)
  } else if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WAVE") {
    out.media_type = "audio";
    out.ext = "wav";
    probe_wav(b, out);
  } else if (b.size() >= 3 && b.substr(0, 3) == "ID3") {
    out.media_type = "audio";
    out.ext = "mp3";
    probe_mp3(b, id3_size(b), out);
  } else if (b.size() >= 2 && byte_at(b, 0) == 0xFF && (byte_at(b, 1) & 0xF6) == 0xF0) {
    out.media_type = "audio";  // ADTS: 0xFFF1 / 0xFFF9
    out.ext = "aac";
    if (b.size() >= 7) probe_adts(b, out);
  } else if (b.size() >= 2 && byte_at(b, 0) == 0xFF && (byte_at(b, 1) & 0xE0) == 0xE0) {
    out.media_type = "audio";  // an MPEG audio frame sync
    out.ext = "mp3";
    probe_mp3(b, 0, out);
  }
  return out;
}

std::string_view media_mime(std::string_view ext) {
  if (ext == "mp4") return "video/mp4";
  if (ext == "mov") return "video/quicktime";
  if (ext == "webm") return "video/webm";
  if (ext == "mp3") return "audio/mpeg";
  if (ext == "wav") return "audio/wav";
  if (ext == "m4a") return "audio/mp4";
  if (ext == "aac") return "audio/aac";
  return "application/octet-stream";
}

std::string_view media_type_of_ext(std::string_view ext) {
  if (ext == "mp4" || ext == "mov" || ext == "webm") return "video";
  if (ext == "mp3" || ext == "wav" || ext == "m4a" || ext == "aac") return "audio";
  return "";
}

}  // namespace sim
