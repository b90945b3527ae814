#pragma once
// What media bytes are, from the bytes alone: the type from the first bytes (magic numbers), and
// the playing time and pixel size where the container's headers state them. Pure functions of a
// byte string: no files, no limits, no policy (which types and sizes are accepted is each
// caller's business). The server (media/media_file.h) and the simulator
// (tools/pixverse-sim/media_probe.h) both read media through this, so they cannot disagree on
// what a file is. Every reader stays inside the bytes it is given, whatever the headers claim
// (fuzz/fuzz_media.cpp).
#include <cstdint>
#include <optional>
#include <string_view>

namespace sniff {

// The media type the first bytes show: "image/png", "image/jpeg", "image/webp", "image/gif",
// "video/mp4", "video/quicktime", "video/webm", "audio/mpeg", "audio/wav", "audio/mp4" (M4A and
// M4B brands) or "audio/aac" (ADTS); "" for anything else. Only the first 12 bytes are read.
std::string_view media_type(std::string_view head);

// The file extension usually written for a type media_type() returns, without the dot ("png",
// "jpg", "webp", "gif", "mp4", "mov", "webm", "mp3", "wav", "m4a", "aac"); "" for any other text.
std::string_view extension(std::string_view media_type);

// A playing time exactly as the container states it: `ticks` of 1/`per_second` second each
// (an MP4's duration in its timescale, a WAV's data bytes at its byte rate, …), so a caller
// that compares whole milliseconds gets no rounding from a double on the way.
struct Duration {
  std::uint64_t ticks = 0;
  std::uint32_t per_second = 1;  // never 0
  // True for MP3: the first frame's bitrate and the file's size give the time, right for a
  // constant bitrate only (a variable-bitrate file can play much longer or shorter).
  bool estimated = false;

  double seconds() const { return static_cast<double>(ticks) / per_second; }
  // Whole milliseconds, rounded down; INT64_MAX when the header states more than that.
  std::int64_t milliseconds() const;
};

// MP4/MOV/M4A: the moov box's mvhd (timescale and duration). WAV: the data chunk, as much of
// it as the bytes hold, at the fmt chunk's byte rate. ADTS AAC: 1024 samples per frame present
// at the first frame's sample rate. MP3 (MPEG-1 Layer III): estimated (see Duration). nullopt
// where the bytes state none (WebM is not parsed; images have none).
std::optional<Duration> duration(std::string_view bytes);

// An ISO-BMFF box header (MP4, MOV, M4A) at the start of `head` (8 bytes, or 16 for a 64-bit
// size): the box's 4-character type and its whole size in bytes, header included. `room` is the
// bytes from the box's start to the end of its parent (or of the file): a size of 0 means "to
// the end". nullopt when the header is cut short or its size runs below its header or past `room`.
struct BoxHeader {
  std::string_view type;
  std::uint64_t size = 0;
  std::size_t header = 8;  // bytes of header: 8, or 16 with a 64-bit size
};
std::optional<BoxHeader> box_header(std::string_view head, std::uint64_t room);

struct PixelSize {
  std::uint32_t width = 0, height = 0;  // pixels
};
// PNG (IHDR), JPEG (the first SOFn segment), WebP (VP8, VP8L, VP8X) or MP4/MOV (the first track
// header, moov/trak/tkhd, that states a nonzero size); nullopt where the header states none.
std::optional<PixelSize> pixel_size(std::string_view bytes);

}  // namespace sniff
