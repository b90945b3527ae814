#include "media_files.h"

#include <cmath>

namespace sim {
namespace {

void put_be16(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>((v >> 8) & 0xFFu));
  out.push_back(static_cast<char>(v & 0xFFu));
}
void put_be32(std::string& out, std::uint32_t v) {
  put_be16(out, v >> 16);
  put_be16(out, v & 0xFFFFu);
}
void put_le16(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>(v & 0xFFu));
  out.push_back(static_cast<char>((v >> 8) & 0xFFu));
}
void put_le32(std::string& out, std::uint32_t v) {
  put_le16(out, v & 0xFFFFu);
  put_le16(out, v >> 16);
}

std::string box(const char* type, const std::string& payload) {
  std::string out;
  put_be32(out, static_cast<std::uint32_t>(8 + payload.size()));
  out.append(type, 4);
  out.append(payload);
  return out;
}

void put_unity_matrix(std::string& out) {
  const std::uint32_t m[9] = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};
  for (auto v : m) put_be32(out, v);
}

constexpr std::uint32_t kTimescale = 1000;  // durations in ms

std::string mvhd(std::int64_t duration_ms) {
  std::string p;
  put_be32(p, 0);  // version 0, flags
  put_be32(p, 0);  // creation time
  put_be32(p, 0);  // modification time
  put_be32(p, kTimescale);
  put_be32(p, static_cast<std::uint32_t>(duration_ms));
  put_be32(p, 0x00010000);  // rate 1.0
  put_be16(p, 0x0100);      // volume 1.0
  p.append(10, '\0');
  put_unity_matrix(p);
  p.append(24, '\0');  // pre_defined
  put_be32(p, 2);      // next track id
  return box("mvhd", p);
}

std::string tkhd(std::int64_t duration_ms, int width, int height) {
  std::string p;
  put_be32(p, 0x00000003);  // version 0, flags: enabled, in movie
  put_be32(p, 0);
  put_be32(p, 0);
  put_be32(p, 1);  // track id
  put_be32(p, 0);
  put_be32(p, static_cast<std::uint32_t>(duration_ms));
  p.append(8, '\0');
  put_be16(p, 0);  // layer
  put_be16(p, 0);  // alternate group
  put_be16(p, 0);  // volume (video track)
  put_be16(p, 0);
  put_unity_matrix(p);
  put_be32(p, static_cast<std::uint32_t>(width) << 16);  // 16.16 fixed point
  put_be32(p, static_cast<std::uint32_t>(height) << 16);
  return box("tkhd", p);
}

}  // namespace

std::string make_mp4(const Mp4Spec& spec) {
  std::string ftyp_payload(spec.major_brand, 4);
  put_be32(ftyp_payload, 0x200);
  ftyp_payload.append("isomiso2avc1mp41");
  std::string out = box("ftyp", ftyp_payload);
  out += box("moov", mvhd(spec.duration_ms) + box("trak", tkhd(spec.duration_ms, spec.width, spec.height)));
  const std::size_t total = std::max(spec.total_size, out.size() + 16);
  put_be32(out, static_cast<std::uint32_t>(total - out.size()));
  out.append("mdat");
  std::uint64_t state = spec.seed ^ 0x9E3779B97F4A7C15ULL;  // xorshift filler, stable per seed
  while (out.size() < total) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    out.push_back(static_cast<char>(state & 0xFF));
  }
  return out;
}

std::string make_wav(std::int64_t duration_ms) {
  constexpr std::uint32_t kRate = 8000;
  const auto samples = static_cast<std::uint32_t>(kRate * duration_ms / 1000);
  const std::uint32_t data_bytes = samples * 2;
  std::string out = "RIFF";
  put_le32(out, 36 + data_bytes);
  out.append("WAVEfmt ");
  put_le32(out, 16);
  put_le16(out, 1);          // PCM
  put_le16(out, 1);          // mono
  put_le32(out, kRate);
  put_le32(out, kRate * 2);  // byte rate
  put_le16(out, 2);          // block align
  put_le16(out, 16);         // bits per sample
  out.append("data");
  put_le32(out, data_bytes);
  for (std::uint32_t i = 0; i < samples; ++i) {
    double v = 3000.0 * std::sin(2.0 * 3.14159265358979 * 440.0 * i / kRate);
    put_le16(out, static_cast<std::uint32_t>(static_cast<std::int16_t>(std::lround(v))) & 0xFFFFu);
  }
  return out;
}

std::string make_mp3(std::int64_t duration_ms) {
  std::string out = "ID3";
  out.append("\x04\x00\x00", 3);        // ID3v2.4, no flags
  out.append("\x00\x00\x00\x00", 4);    // tag size 0 (syncsafe)
  constexpr std::size_t kFrameBytes = 417;  // 144 * 128000 / 44100, no padding
  const auto frames = static_cast<std::size_t>((duration_ms * 44100 / 1152 + 999) / 1000);
  for (std::size_t i = 0; i < frames; ++i) {
    out.append("\xFF\xFB\x90\x00", 4);  // MPEG-1 Layer III, 128 kbit/s, 44.1 kHz
    out.append(kFrameBytes - 4, '\0');
  }
  return out;
}

}  // namespace sim
