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

std::uint32_t be16(std::string_view b, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 8) |
         static_cast<unsigned char>(b[at + 1]);
}
std::uint32_t be32(std::string_view b, std::size_t at) { return (be16(b, at) << 16) | be16(b, at + 2); }
std::uint32_t le_byte(std::string_view b, std::size_t at) { return static_cast<unsigned char>(b[at]); }
std::uint32_t le16(std::string_view b, std::size_t at) { return le_byte(b, at) | (le_byte(b, at + 1) << 8); }
std::uint32_t le24(std::string_view b, std::size_t at) { return le16(b, at) | (le_byte(b, at + 2) << 16); }

std::optional<PixelSize> jpeg_size(std::string_view b) {
  std::size_t pos = 2;
  while (pos + 9 < b.size()) {
    if (static_cast<unsigned char>(b[pos]) != 0xFF) return std::nullopt;
    auto marker = static_cast<unsigned char>(b[pos + 1]);
    if (marker == 0xFF) { ++pos; continue; }
    std::uint32_t len = be16(b, pos + 2);
    bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (sof) return PixelSize{be16(b, pos + 7), be16(b, pos + 5)};
    pos += 2 + len;
  }
  return std::nullopt;
}

std::optional<PixelSize> webp_size(std::string_view b) {
  if (b.size() < 30) return std::nullopt;
  std::string_view chunk = b.substr(12, 4);
  if (chunk == "VP8 ") return PixelSize{le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF};
  if (chunk == "VP8L") {
    std::uint32_t b1 = le_byte(b, 22), b2 = le_byte(b, 23), b3 = le_byte(b, 24);
    return PixelSize{1 + (le_byte(b, 21) | ((b1 & 0x3F) << 8)), 1 + ((b1 >> 6) | (b2 << 2) | ((b3 & 0x0F) << 10))};
  }
  if (chunk == "VP8X") return PixelSize{1 + le24(b, 24), 1 + le24(b, 27)};
  return std::nullopt;
}

}  // namespace

ImageFormat sniff_image(std::string_view b) {
  if (b.size() >= 8 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return ImageFormat::Png;
  if (b.size() >= 3 && b.substr(0, 3) == "\xFF\xD8\xFF") return ImageFormat::Jpeg;
  if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") return ImageFormat::Webp;
  return ImageFormat::None;
}

std::string_view image_extension(ImageFormat f) {
  switch (f) {
    case ImageFormat::Png: return "png";
    case ImageFormat::Jpeg: return "jpg";
    case ImageFormat::Webp: return "webp";
    case ImageFormat::None: break;
  }
  return "bin";
}

std::string_view image_mime(ImageFormat f) {
  switch (f) {
    case ImageFormat::Png: return "image/png";
    case ImageFormat::Jpeg: return "image/jpeg";
    case ImageFormat::Webp: return "image/webp";
    case ImageFormat::None: break;
  }
  return "application/octet-stream";
}

std::optional<PixelSize> image_size(std::string_view b) {
  switch (sniff_image(b)) {
    case ImageFormat::Png:
      if (b.size() < 24 || b.substr(12, 4) != "IHDR") return std::nullopt;
      return PixelSize{be32(b, 16), be32(b, 20)};
    case ImageFormat::Jpeg: return jpeg_size(b);
    case ImageFormat::Webp: return webp_size(b);
    case ImageFormat::None: break;
  }
  return std::nullopt;
}

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
