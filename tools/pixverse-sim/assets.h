#pragma once
// Bytes the simulator serves: generated PNG test assets and the fake MP4 of a finished job.
// (What uploaded bytes are is read by the shared sniffer, src/media/sniff.h.)
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sim {

// A valid RGB PNG (stored deflate) with a deterministic picture.
std::string make_png(std::uint32_t width, std::uint32_t height);

// Built-in assets under /_sim/assets/<name>: cat.png (64x36), portrait.png (36x64),
// square.png (48x48), not-an-image.txt, sample.mp4 (5 s, 640x360), sample.mp3 (1 s),
// sample.wav (1 s).
std::optional<std::string> builtin_asset(std::string_view name);
std::vector<std::string> builtin_asset_names();
// The Content-Type to serve a built-in asset with.
std::string asset_mime(std::string_view name);

// Deterministic fake MP4 of a finished video job: ftyp, moov (mvhd with the duration, tkhd with
// the size), then an mdat box of filler; 4-8 KiB.
std::string fake_mp4(std::uint64_t id, std::int64_t duration_s, int width, int height);

}  // namespace sim
