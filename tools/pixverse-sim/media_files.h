#pragma once
// Small, valid-looking video and audio files the simulator serves: built-in samples
// (/_sim/assets/sample.*) and the result file of every finished video job.
#include <cstdint>
#include <string>

namespace sim {

struct Mp4Spec {
  std::int64_t duration_ms = 5000;
  int width = 640, height = 360;
  std::size_t total_size = 2048;  // the mdat box is filled up to this size
  std::uint64_t seed = 1;         // filler bytes, stable per seed
  const char* major_brand = "isom";  // "isom" mp4, "qt  " mov, "M4A " audio
};

// ftyp + moov (mvhd with the duration, one trak with a tkhd carrying width x height) + mdat.
std::string make_mp4(const Mp4Spec& spec);
// A RIFF/WAVE file: 8 kHz mono 16-bit PCM, a quiet tone.
std::string make_wav(std::int64_t duration_ms);
// MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz) after an ID3v2 tag.
std::string make_mp3(std::int64_t duration_ms);

}  // namespace sim
