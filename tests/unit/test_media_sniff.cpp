// The shared media sniffer (media/sniff.h), which the server and the simulator both read media
// through: types from the first bytes, playing times and pixel sizes from the headers.
// (Crafted sizes that must not loop or read past the end: test_input_bounds.cpp.)
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "../support/media_bytes.h"
#include "media/sniff.h"

using namespace testsupport;

namespace {

// `frames` MPEG-1 Layer III frames of 417 bytes at 128 kbit/s, 44.1 kHz, after an ID3v2 tag of
// `tag_bytes` (syncsafe size), as the simulator's sample.mp3 is made.
std::string mp3(std::size_t frames, std::uint32_t tag_bytes = 0) {
  std::string out = "ID3\x04";
  out += std::string("\0\0", 2);
  out += {char((tag_bytes >> 21) & 0x7F), char((tag_bytes >> 14) & 0x7F), char((tag_bytes >> 7) & 0x7F),
          char(tag_bytes & 0x7F)};
  out += std::string(tag_bytes, '\0');
  for (std::size_t i = 0; i < frames; ++i) out += std::string("\xff\xfb\x90\x00", 4) + std::string(413, '\0');
  return out;
}

// `frames` ADTS frames of 8 bytes at 8 kHz (sampling index 11).
std::string adts(std::size_t frames) {
  std::string out;
  for (std::size_t i = 0; i < frames; ++i) out += std::string("\xff\xf1\x2c\x80\x01\x00\x00\x00", 8);
  return out;
}

}  // namespace

TEST_CASE("media types come from the first bytes", "[media][sniff]") {
  CHECK(sniff::media_type(kPngSignatureAndIhdr) == "image/png");
  CHECK(sniff::media_type("\xff\xd8\xff\xe0") == "image/jpeg");
  CHECK(sniff::media_type(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)) == "image/webp");
  CHECK(sniff::media_type("GIF89a....") == "image/gif");
  CHECK(sniff::media_type(iso_bmff("isom", 1000, 1)) == "video/mp4");
  CHECK(sniff::media_type(iso_bmff("qt  ", 600, 1)) == "video/quicktime");
  CHECK(sniff::media_type(iso_bmff("M4A ", 44100, 1)) == "audio/mp4");
  CHECK(sniff::media_type(iso_bmff("M4B ", 44100, 1)) == "audio/mp4");  // an audiobook
  CHECK(sniff::media_type("\x1a\x45\xdf\xa3\x01\x00") == "video/webm");
  CHECK(sniff::media_type("ID3\x04\x00") == "audio/mpeg");
  CHECK(sniff::media_type("\xff\xfb\x90\x64") == "audio/mpeg");  // MPEG-1 layer III frame
  CHECK(sniff::media_type("\xff\xf1\x50\x80") == "audio/aac");   // ADTS, MPEG-4
  CHECK(sniff::media_type(wav(0).substr(0, 16)) == "audio/wav");
  CHECK(sniff::media_type("\xff\xe0\x00\x00").empty());  // frame sync with a reserved layer
  CHECK(sniff::media_type("<html>").empty());
  CHECK(sniff::media_type("").empty());
  CHECK(sniff::media_type("RIFF").empty());  // cut before the form type
}

TEST_CASE("each media type has its extension, anything else none", "[media][sniff]") {
  CHECK(sniff::extension("image/jpeg") == "jpg");
  CHECK(sniff::extension("video/quicktime") == "mov");
  CHECK(sniff::extension("audio/mp4") == "m4a");
  CHECK(sniff::extension("audio/mpeg") == "mp3");
  CHECK(sniff::extension("").empty());
  CHECK(sniff::extension("text/plain").empty());
}

TEST_CASE("durations come from the mvhd box, the WAV header, ADTS frames, or an MP3 estimate", "[media][sniff]") {
  const auto seconds = [](const std::string& bytes) { return sniff::duration(bytes).value().seconds(); };
  CHECK(seconds(iso_bmff("isom", 1000, 12'500)) == Approx(12.5));
  CHECK(seconds(iso_bmff("qt  ", 600, 600 * 40)) == Approx(40.0));
  CHECK(seconds(iso_bmff("isom", 90000, 90000ull * 7, true)) == Approx(7.0));
  CHECK(seconds(iso_bmff("M4A ", 44100, 44100 * 3)) == Approx(3.0));
  CHECK(seconds(wav(3)) == Approx(3.0));
  CHECK_FALSE(sniff::duration(iso_bmff("isom", 0, 5)));         // no timescale, no answer
  CHECK_FALSE(sniff::duration(box("ftyp", "isom" + be32(0))));  // no moov
  CHECK_FALSE(sniff::duration(kPngSignatureAndIhdr));           // an image
  CHECK_FALSE(sniff::duration("\x1a\x45\xdf\xa3\x01\x00"));     // WebM is not parsed

  // Stated times are exact; an MP3's is an estimate from its first frame's bitrate.
  CHECK_FALSE(sniff::duration(wav(3))->estimated);
  const auto mp3_time = sniff::duration(mp3(106, 100));
  REQUIRE(mp3_time);
  CHECK(mp3_time->estimated);
  CHECK(mp3_time->milliseconds() == 106 * 417 * 8 / 128);  // the frames, not the tag
  CHECK_FALSE(sniff::duration("\xff\xfb\x00\x64"));        // a "free" bitrate: nothing to go by
  CHECK_FALSE(sniff::duration("ID3\x04"));                 // a tag cut short
}

TEST_CASE("ADTS: every frame present counts, 1024 samples each", "[media][sniff]") {
  const auto time = sniff::duration(adts(125));
  REQUIRE(time);
  CHECK_FALSE(time->estimated);
  CHECK(time->milliseconds() == 16000);  // 125 * 1024 / 8000 s
  // A damaged frame (shorter than its header) ends the count.
  CHECK(sniff::duration(adts(10) + std::string("\xff\xf1\x2c\x80\x00\x00\x00\x00", 8) + adts(10))->milliseconds() ==
        1280);
  CHECK_FALSE(sniff::duration(std::string("\xff\xf1\x2c\x80\x00\x00\x00", 7)));  // no whole frame
}

TEST_CASE("a WAV plays for the data that is there, not for what its header claims", "[media][sniff]") {
  std::string cut = wav(3);
  cut.resize(cut.size() - 16000);  // 1 of the 3 seconds left
  CHECK(sniff::duration(cut)->milliseconds() == 1000);
  // No fmt chunk before data: no byte rate to go by.
  CHECK_FALSE(sniff::duration("RIFF" + le32(12) + "WAVE" + "data" + le32(4) + "abcd"));
}

TEST_CASE("durations in whole milliseconds: exact, rounded down, saturating", "[media][sniff]") {
  CHECK(sniff::Duration{3, 1000}.milliseconds() == 3);
  CHECK(sniff::Duration{2999, 3000}.milliseconds() == 999);  // 999.67 ms
  CHECK(sniff::Duration{300, 1000}.milliseconds() == 300);   // 0.3 s, which a double holds as 0.29999…
  CHECK(sniff::Duration{441000, 44100}.milliseconds() == 10000);
  CHECK(sniff::Duration{~std::uint64_t{0}, 1}.milliseconds() == std::numeric_limits<std::int64_t>::max());
  CHECK(sniff::Duration{~std::uint64_t{0}, 1}.seconds() > 1e19);
}

TEST_CASE("pixel sizes come from the image and track headers", "[media][sniff]") {
  auto png = sniff::pixel_size(png_of(640, 360));
  REQUIRE(png);
  CHECK(png->width == 640);
  CHECK(png->height == 360);
  // JPEG: SOI, an APP0 segment, then SOF0 with height 480 and width 720.
  const std::string jpeg =
      std::string("\xff\xd8\xff\xe0\x00\x04\x00\x00\xff\xc0\x00\x11\x08\x01\xe0\x02\xd0", 17) + std::string(16, '\0');
  auto j = sniff::pixel_size(jpeg);
  REQUIRE(j);
  CHECK(j->width == 720);
  CHECK(j->height == 480);
  // WebP VP8X: canvas size minus one, 24-bit little endian.
  const std::string webp = "RIFF" + le32(30) + "WEBPVP8X" + le32(10) + std::string(4, '\0') +
                           std::string("\x0f\x27\x00", 3) + std::string("\x63\x00\x00", 3) + std::string(4, '\0');
  auto w = sniff::pixel_size(webp);
  REQUIRE(w);
  CHECK(w->width == 10000);
  CHECK(w->height == 100);
  // WebP VP8L: 14-bit width and height minus one after the 0x2F signature.
  const std::uint32_t bits = (64 - 1) | ((36 - 1) << 14);
  const std::string lossless = "RIFF" + le32(30) + "WEBPVP8L" + le32(10) + "\x2f" + le32(bits) + std::string(5, '\0');
  auto l = sniff::pixel_size(lossless);
  REQUIRE(l);
  CHECK(l->width == 64);
  CHECK(l->height == 36);
  auto video = sniff::pixel_size(mp4_of(5000, 1920, 1080));
  REQUIRE(video);
  CHECK(video->width == 1920);
  CHECK(video->height == 1080);
  CHECK_FALSE(sniff::pixel_size(wav(1)));
  CHECK_FALSE(sniff::pixel_size("GIF89a\x01\0\x01\0"));  // recognised, but its size is not read
}

TEST_CASE("an ISO-BMFF box header: 32-bit, 64-bit and to-the-end sizes, and the malformed ones", "[sniff]") {
  const std::string plain = be32(24) + "moov";
  auto box = sniff::box_header(plain, 100);
  REQUIRE(box);
  CHECK(box->type == "moov");
  CHECK(box->size == 24);
  CHECK(box->header == 8);
  const std::string large = be32(1) + "mdat" + be32(1) + be32(16);  // 2^32 + 16 bytes
  box = sniff::box_header(large, std::uint64_t{1} << 33);
  REQUIRE(box);
  CHECK(box->size == (std::uint64_t{1} << 32) + 16);
  CHECK(box->header == 16);
  box = sniff::box_header(be32(0) + "mdat", 5000);
  REQUIRE(box);
  CHECK(box->size == 5000);                                 // to the end of its parent
  CHECK_FALSE(sniff::box_header(be32(7) + "free", 100));    // below its own header
  CHECK_FALSE(sniff::box_header(be32(200) + "free", 100));  // past its parent
  CHECK_FALSE(sniff::box_header(large, 100));               // a 64-bit size past its parent
  CHECK_FALSE(sniff::box_header(be32(8) + "fr", 100));      // cut short
}
