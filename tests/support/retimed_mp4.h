#pragma once
// A copy of an MP4 with one mvhd and one tkhd box (the simulator's sample.mp4) that states
// another duration and frame size: long or large test videos without encoding any.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace testsupport {

inline std::string retimed_mp4(std::string mp4, std::uint32_t duration_ms, std::uint32_t width = 640,
                               std::uint32_t height = 360) {
  auto put = [&mp4](std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) mp4[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
  };
  const auto mvhd = mp4.find("mvhd"), tkhd = mp4.find("tkhd");
  if (mvhd == std::string::npos || tkhd == std::string::npos) throw std::runtime_error("not the sample MP4");
  put(mvhd + 4 + 12, 1000);  // timescale: ms
  put(mvhd + 4 + 16, duration_ms);
  put(tkhd + 4 + 76, width << 16);
  put(tkhd + 4 + 80, height << 16);
  return mp4;
}

}  // namespace testsupport
