#pragma once
// Media files built byte by byte for tests, so each test states what it feeds in: ISO-BMFF
// boxes (MP4/MOV/M4A), WAV, PNG and MP4 headers. Only the fields the readers look at are real.
#include <cstdint>
#include <string>

namespace testsupport {

inline std::string be32(std::uint32_t v) {
  return {char(v >> 24), char((v >> 16) & 0xFF), char((v >> 8) & 0xFF), char(v & 0xFF)};
}
inline std::string le32(std::uint32_t v) {
  return {char(v & 0xFF), char((v >> 8) & 0xFF), char((v >> 16) & 0xFF), char(v >> 24)};
}
inline std::string box(const std::string& type, const std::string& payload) {
  return be32(static_cast<std::uint32_t>(8 + payload.size())) + type + payload;
}

// An ISO-BMFF file: ftyp with `brand`, then moov holding an mvhd (version 0 or 1).
inline std::string iso_bmff(const std::string& brand, std::uint32_t timescale, std::uint64_t duration,
                            bool v1 = false) {
  std::string mvhd = v1 ? std::string("\x01\0\0\0", 4) + std::string(16, '\0') + be32(timescale) +
                              be32(std::uint32_t(duration >> 32)) + be32(std::uint32_t(duration))
                        : std::string(4, '\0') + std::string(8, '\0') + be32(timescale) + be32(std::uint32_t(duration));
  mvhd += std::string(80, '\0');
  return box("ftyp", brand + be32(0) + "isom") + box("moov", box("mvhd", mvhd));
}

// A PCM WAV of `seconds` at 8000 bytes per second (mono, 8 bit, 8 kHz).
inline std::string wav(std::uint32_t seconds) {
  const std::uint32_t data = seconds * 8000;
  std::string fmt = std::string("\x01\0\x01\0", 4) + le32(8000) + le32(8000) + std::string("\x01\0\x08\0", 4);
  return "RIFF" + le32(4 + 24 + 8 + data) + "WAVE" + "fmt " + le32(16) + fmt + "data" + le32(data) +
         std::string(data, '\x80');
}

inline const std::string kPngSignatureAndIhdr("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);

// A PNG header stating `width` x `height` (IHDR only: enough for the checks before upload).
inline std::string png_of(std::uint32_t width, std::uint32_t height) {
  return kPngSignatureAndIhdr + be32(width) + be32(height) + std::string("\x08\x02\0\0\0", 5) + be32(0);
}

// An MP4 whose mvhd states `ms` milliseconds and whose one track is `width` x `height`.
inline std::string mp4_of(std::uint32_t ms, std::uint32_t width, std::uint32_t height) {
  std::string tkhd = std::string(76, '\0') + be32(width << 16) + be32(height << 16);
  std::string mvhd = std::string(12, '\0') + be32(1000) + be32(ms) + std::string(80, '\0');
  return box("ftyp", "isom" + be32(0) + "isom") + box("moov", box("mvhd", mvhd) + box("trak", box("tkhd", tkhd)));
}

}  // namespace testsupport
