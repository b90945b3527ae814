#include "assets.h"

#include <algorithm>

#include "media_files.h"
#include "media_probe.h"

namespace sim {
namespace {

std::uint32_t crc32(std::string_view data) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : data) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

std::uint32_t adler32(std::string_view data) {
  std::uint32_t a = 1, b = 0;
  for (unsigned char c : data) {
    a = (a + c) % 65521u;
    b = (b + a) % 65521u;
  }
  return (b << 16) | a;
}

void put_be32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFFu));
}

void put_chunk(std::string& out, std::string_view type, std::string_view data) {
  put_be32(out, static_cast<std::uint32_t>(data.size()));
  std::string typed(type);
  typed.append(data);
  out.append(typed);
  put_be32(out, crc32(typed));
}

// zlib stream made of "stored" deflate blocks (no compression needed for a test asset).
std::string zlib_stored(std::string_view raw) {
  std::string out = "\x78\x01";
  std::size_t pos = 0;
  do {
    std::size_t n = std::min<std::size_t>(raw.size() - pos, 65535);
    bool last = pos + n == raw.size();
    out.push_back(last ? '\x01' : '\x00');
    auto len = static_cast<std::uint16_t>(n);
    auto nlen = static_cast<std::uint16_t>(~len);
    out.push_back(static_cast<char>(len & 0xFF));
    out.push_back(static_cast<char>(len >> 8));
    out.push_back(static_cast<char>(nlen & 0xFF));
    out.push_back(static_cast<char>(nlen >> 8));
    out.append(raw.substr(pos, n));
    pos += n;
  } while (pos < raw.size());
  put_be32(out, adler32(raw));
  return out;
}

}  // namespace

std::string make_png(std::uint32_t width, std::uint32_t height) {
  std::string raw;
  raw.reserve(static_cast<std::size_t>(height) * (1 + 3 * static_cast<std::size_t>(width)));
  const double cx = width / 2.0, cy = height / 2.0, r = std::min(width, height) / 3.0;
  for (std::uint32_t y = 0; y < height; ++y) {
    raw.push_back('\0');  // filter: none
    for (std::uint32_t x = 0; x < width; ++x) {
      double dx = x - cx, dy = y - cy;
      bool inside = dx * dx + dy * dy <= r * r;  // an orange disc on a blue gradient
      raw.push_back(static_cast<char>(inside ? 240 : 40 + (x * 100) / width));
      raw.push_back(static_cast<char>(inside ? 150 : 60 + (y * 100) / height));
      raw.push_back(static_cast<char>(inside ? 40 : 200));
    }
  }
  std::string ihdr;
  put_be32(ihdr, width);
  put_be32(ihdr, height);
  ihdr.append("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB, deflate, no filter, no interlace
  std::string png("\x89PNG\r\n\x1a\n", 8);
  put_chunk(png, "IHDR", ihdr);
  put_chunk(png, "IDAT", zlib_stored(raw));
  put_chunk(png, "IEND", "");
  return png;
}

std::optional<std::string> builtin_asset(std::string_view name) {
  if (name == "cat.png") return make_png(64, 36);
  if (name == "portrait.png") return make_png(36, 64);
  if (name == "square.png") return make_png(48, 48);
  if (name == "not-an-image.txt") return std::string("this is plain text, not an image\n");
  if (name == "sample.mp4") return make_mp4(Mp4Spec{});
  if (name == "sample.mp3") return make_mp3(1000);
  if (name == "sample.wav") return make_wav(1000);
  return std::nullopt;
}

std::vector<std::string> builtin_asset_names() {
  return {"cat.png", "portrait.png", "square.png", "not-an-image.txt", "sample.mp4", "sample.mp3", "sample.wav"};
}

std::string asset_mime(std::string_view name) {
  auto dot = name.rfind('.');
  std::string_view ext = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
  if (ext == "png") return "image/png";
  if (!media_type_of_ext(ext).empty()) return std::string(media_mime(ext));
  return "text/plain";
}

std::string fake_mp4(std::uint64_t id, std::int64_t duration_s, int width, int height) {
  Mp4Spec spec;
  spec.duration_ms = duration_s * 1000;
  spec.width = width;
  spec.height = height;
  spec.total_size = 4096 + static_cast<std::size_t>(id % 4096);
  spec.seed = id;
  return make_mp4(spec);
}

}  // namespace sim
