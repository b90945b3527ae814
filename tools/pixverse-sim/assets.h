#pragma once
// Bytes the simulator serves or inspects: generated PNG test assets, the fake MP4 of a finished
// job, and image sniffing (format by magic bytes, pixel size from the header).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sim {

enum class ImageFormat { None, Png, Jpeg, Webp };

ImageFormat sniff_image(std::string_view bytes);
std::string_view image_extension(ImageFormat f);  // "png", "jpg", "webp"
std::string_view image_mime(ImageFormat f);       // "image/png", ...

struct PixelSize {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
};
// Width/height from a PNG IHDR, JPEG SOFn or WebP VP8/VP8L/VP8X header.
std::optional<PixelSize> image_size(std::string_view bytes);

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
