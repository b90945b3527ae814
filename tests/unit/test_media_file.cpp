// Local media checks (media/media_file.h): the type from the bytes, size and duration limits,
// data: URIs. Sample files are built here byte by byte, so each test states what it feeds in.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "../support/base64_text.h"
#include "media/media_file.h"

using namespace app;
using Catch::Matchers::Contains;

namespace {

using testsupport::base64;

const std::string kPng("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);

std::string be32(std::uint32_t v) {
  return {char(v >> 24), char((v >> 16) & 0xFF), char((v >> 8) & 0xFF), char(v & 0xFF)};
}
std::string le32(std::uint32_t v) {
  return {char(v & 0xFF), char((v >> 8) & 0xFF), char((v >> 16) & 0xFF), char(v >> 24)};
}
std::string box(const std::string& type, const std::string& payload) {
  return be32(static_cast<std::uint32_t>(8 + payload.size())) + type + payload;
}

// An ISO-BMFF file: ftyp with `brand`, then moov holding an mvhd (version 0 or 1).
std::string iso_bmff(const std::string& brand, std::uint32_t timescale, std::uint64_t duration, bool v1 = false) {
  std::string mvhd = v1 ? std::string("\x01\0\0\0", 4) + std::string(16, '\0') + be32(timescale) +
                              be32(std::uint32_t(duration >> 32)) + be32(std::uint32_t(duration))
                        : std::string(4, '\0') + std::string(8, '\0') + be32(timescale) + be32(std::uint32_t(duration));
  mvhd += std::string(80, '\0');
  return box("ftyp", brand + be32(0) + "isom") + box("moov", box("mvhd", mvhd));
}

// A PCM WAV of `seconds` at 8000 bytes per second (mono, 8 bit, 8 kHz).
std::string wav(std::uint32_t seconds) {
  const std::uint32_t data = seconds * 8000;
  std::string fmt = std::string("\x01\0\x01\0", 4) + le32(8000) + le32(8000) + std::string("\x01\0\x08\0", 4);
  return "RIFF" + le32(4 + 24 + 8 + data) + "WAVE" + "fmt " + le32(16) + fmt + "data" + le32(data) +
         std::string(data, '\x80');
}

// A file in a fresh temporary directory, removed with the object.
class TempFile {
 public:
  TempFile(const std::string& name, const std::string& bytes) {
    static std::atomic<int> n{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("media-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    std::filesystem::create_directories(dir_);
    std::ofstream(path(name), std::ios::binary) << bytes;
    name_ = name;
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string path(const std::string& name = {}) const { return (dir_ / (name.empty() ? name_ : name)).string(); }

 private:
  std::filesystem::path dir_;
  std::string name_;
};

std::string problem_of(const common::Expected<MediaFile>& r) { return r ? std::string() : r.error(); }

}  // namespace

TEST_CASE("media types come from the first bytes", "[media]") {
  CHECK(sniff_media_type(kPng) == "image/png");
  CHECK(sniff_media_type("GIF89a....") == "image/gif");
  CHECK(sniff_media_type(iso_bmff("isom", 1000, 1)) == "video/mp4");
  CHECK(sniff_media_type(iso_bmff("qt  ", 600, 1)) == "video/quicktime");
  CHECK(sniff_media_type(iso_bmff("M4A ", 44100, 1)) == "audio/mp4");
  CHECK(sniff_media_type("\x1a\x45\xdf\xa3\x01\x00") == "video/webm");
  CHECK(sniff_media_type("ID3\x04\x00") == "audio/mpeg");
  CHECK(sniff_media_type("\xff\xfb\x90\x64") == "audio/mpeg");  // MPEG-1 layer III frame
  CHECK(sniff_media_type("\xff\xf1\x50\x80") == "audio/aac");   // ADTS, MPEG-4
  CHECK(sniff_media_type(wav(0).substr(0, 16)) == "audio/wav");
  CHECK(sniff_media_type("\xff\xe0\x00\x00").empty());  // frame sync with a reserved layer
  CHECK(sniff_media_type("<html>").empty());
  CHECK(sniff_image_type(iso_bmff("isom", 1000, 1)).empty());  // a video is not an image
}

TEST_CASE("durations come from the mvhd box or the WAV header", "[media]") {
  CHECK(media_duration_seconds(iso_bmff("isom", 1000, 12'500)) == Approx(12.5));
  CHECK(media_duration_seconds(iso_bmff("qt  ", 600, 600 * 40)) == Approx(40.0));
  CHECK(media_duration_seconds(iso_bmff("isom", 90000, 90000ull * 7, true)) == Approx(7.0));
  CHECK(media_duration_seconds(wav(3)) == Approx(3.0));
  CHECK_FALSE(media_duration_seconds(iso_bmff("isom", 0, 5)).has_value());  // no timescale, no answer
  CHECK_FALSE(media_duration_seconds(box("ftyp", "isom" + be32(0))).has_value());  // no moov
  CHECK_FALSE(media_duration_seconds("\xff\xfb\x90\x64").has_value());
}

TEST_CASE("video and audio files are checked for type, size and duration", "[media]") {
  TempFile ok("clip.mp4", iso_bmff("isom", 1000, 12'000));
  auto video = read_media_file(ok.path(), MediaKind::video);
  REQUIRE(problem_of(video).empty());
  CHECK(video->content_type == "video/mp4");
  CHECK(video->filename == "clip.mp4");
  CHECK(video->path == ok.path());

  TempFile mov("named-like-a.mp3", iso_bmff("qt  ", 600, 600 * 5));  // the name does not decide
  auto quicktime = read_media_file(mov.path(), MediaKind::video);
  REQUIRE(problem_of(quicktime).empty());
  CHECK(quicktime->content_type == "video/quicktime");

  TempFile long_video("long.mp4", iso_bmff("isom", 1000, 41'000));
  CHECK_THAT(problem_of(read_media_file(long_video.path(), MediaKind::video)),
             Contains("plays for 41 s") && Contains("up to 30 s"));

  TempFile png("cat.mp4", kPng);
  CHECK_THAT(problem_of(read_media_file(png.path(), MediaKind::video)),
             Contains("is a PNG image, not a video: use upload_image"));

  TempFile sound("song.wav", wav(2));
  CHECK_THAT(problem_of(read_media_file(sound.path(), MediaKind::video)),
             Contains("is a WAV audio file, not a video: use upload_audio"));
  auto audio = read_media_file(sound.path(), MediaKind::audio);
  REQUIRE(problem_of(audio).empty());
  CHECK(audio->content_type == "audio/wav");
  CHECK_THAT(problem_of(read_media_file(ok.path(), MediaKind::audio)),
             Contains("is an MP4 video, not an audio file: use upload_video"));

  TempFile long_sound("long.wav", wav(31));
  CHECK_THAT(problem_of(read_media_file(long_sound.path(), MediaKind::audio)), Contains("plays for 31 s"));

  TempFile text("notes.mp3", "just some text");
  CHECK_THAT(problem_of(read_media_file(text.path(), MediaKind::audio)),
             Contains("is not an MP3, WAV, M4A or AAC audio file"));

  TempFile empty("empty.mp4", "");
  CHECK_THAT(problem_of(read_media_file(empty.path(), MediaKind::video)), Contains("empty"));
}

TEST_CASE("a video over 50 MB is refused before it is read", "[media]") {
  TempFile big("big.mp4", iso_bmff("isom", 1000, 1000));
  std::filesystem::resize_file(big.path(), 50u * 1024 * 1024 + 1);  // sparse: costs no disk
  CHECK_THAT(problem_of(read_media_file(big.path(), MediaKind::video)), Contains("up to 50 MB"));
}

TEST_CASE("images still go through read_image_file", "[media]") {
  TempFile png("cat.png", kPng);
  auto img = read_image_file(png.path());
  REQUIRE(problem_of(img).empty());
  CHECK(img->content_type == "image/png");
  TempFile gif("anim.gif", "GIF89a\x01\0\x01\0");
  CHECK_THAT(problem_of(read_image_file(gif.path())), Contains("GIF") && Contains("PNG, JPEG or WebP"));
  TempFile clip("clip.png", iso_bmff("isom", 1000, 1000));
  CHECK_THAT(problem_of(read_image_file(clip.path())), Contains("is an MP4 video, not an image: use upload_video"));
}

TEST_CASE("data: URIs are decoded and checked like files", "[media]") {
  // Payload lengths with 0, 1 and 2 padding characters decode to exactly the original bytes.
  for (const std::string& bytes : {kPng, kPng + "x", kPng + "xy"}) {
    auto r = decode_data_uri("data:image/png;base64," + base64(bytes), MediaKind::image);
    REQUIRE(problem_of(r).empty());
    CHECK(r->bytes == bytes);
    CHECK(r->filename == "upload.png");
    CHECK(r->content_type == "image/png");
  }
  // The declared type is not trusted; line breaks in the payload are tolerated.
  std::string encoded = base64(wav(1));
  encoded.insert(8, "\r\n");
  auto sound = decode_data_uri("data:application/octet-stream;base64," + encoded, MediaKind::audio);
  REQUIRE(problem_of(sound).empty());
  CHECK(sound->filename == "upload.wav");
  CHECK(sound->bytes == wav(1));

  // No declared type at all is fine too: the bytes decide.
  auto untyped = decode_data_uri("data:;base64," + base64(kPng), MediaKind::image);
  REQUIRE(problem_of(untyped).empty());
  CHECK(untyped->content_type == "image/png");

  CHECK_THAT(problem_of(decode_data_uri("data:image/png;base64,iVBO@@@@", MediaKind::image)),
             Contains("not valid base64"));
  CHECK_THAT(problem_of(decode_data_uri("data:image/png;base64,iVBOR", MediaKind::image)), Contains("damaged"));
  CHECK_THAT(problem_of(decode_data_uri("data:image/png,rawtext", MediaKind::image)), Contains("base64"));
  CHECK_THAT(problem_of(decode_data_uri("data:image/png;base64", MediaKind::image)), Contains("not a data: URI"));
  CHECK_THAT(problem_of(decode_data_uri("data:audio/wav;base64," + base64(wav(1)), MediaKind::image)),
             Contains("the data: URI is a WAV audio file, not an image: use upload_audio"));
  CHECK_THAT(problem_of(decode_data_uri("data:video/mp4;base64," + base64(iso_bmff("isom", 1000, 45'000)),
                                        MediaKind::video)),
             Contains("plays for 45 s"));
}

TEST_CASE("data: URIs over the size limits are refused", "[media]") {
  const std::string big_png = kPng + std::string(20u * 1024 * 1024, '\0');
  CHECK_THAT(problem_of(decode_data_uri("data:image/png;base64," + base64(big_png), MediaKind::image)),
             Contains("under 20 MB"));
  // Over 50 MB is refused from the payload's length, before decoding.
  const std::string huge(68u * 1024 * 1024 + 4, 'A');
  CHECK_THAT(problem_of(decode_data_uri("data:video/mp4;base64," + huge, MediaKind::video)),
             Contains("more than 50 MB"));
}

namespace {

// A PNG header stating `width` x `height` (IHDR only: enough for the checks before upload).
std::string png_of(std::uint32_t width, std::uint32_t height) {
  return kPng + be32(width) + be32(height) + std::string("\x08\x02\0\0\0", 5) + be32(0);
}

// An MP4 whose mvhd states `ms` milliseconds and whose one track is `width` x `height`.
std::string mp4_of(std::uint32_t ms, std::uint32_t width, std::uint32_t height) {
  std::string tkhd = std::string(76, '\0') + be32(width << 16) + be32(height << 16);
  std::string mvhd = std::string(12, '\0') + be32(1000) + be32(ms) + std::string(80, '\0');
  return box("ftyp", "isom" + be32(0) + "isom") + box("moov", box("mvhd", mvhd) + box("trak", box("tkhd", tkhd)));
}

}  // namespace

TEST_CASE("pixel sizes come from the image and track headers", "[media]") {
  auto png = media_pixel_size(png_of(640, 360));
  REQUIRE(png);
  CHECK(png->width == 640);
  CHECK(png->height == 360);
  // JPEG: SOI, an APP0 segment, then SOF0 with height 480 and width 720.
  const std::string jpeg = std::string("\xff\xd8\xff\xe0\x00\x04\x00\x00\xff\xc0\x00\x11\x08\x01\xe0\x02\xd0", 17) +
                           std::string(16, '\0');
  auto j = media_pixel_size(jpeg);
  REQUIRE(j);
  CHECK(j->width == 720);
  CHECK(j->height == 480);
  // WebP VP8X: canvas size minus one, 24-bit little endian.
  const std::string webp = "RIFF" + le32(30) + "WEBPVP8X" + le32(10) + std::string(4, '\0') +
                           std::string("\x0f\x27\x00", 3) + std::string("\x63\x00\x00", 3) + std::string(4, '\0');
  auto w = media_pixel_size(webp);
  REQUIRE(w);
  CHECK(w->width == 10000);
  CHECK(w->height == 100);
  auto video = media_pixel_size(mp4_of(5000, 1920, 1080));
  REQUIRE(video);
  CHECK(video->width == 1920);
  CHECK(video->height == 1080);
  CHECK_FALSE(media_pixel_size(wav(1)).has_value());
}

TEST_CASE("images over 10000 px per side and videos over 1920 px are refused before upload", "[media]") {
  TempFile ok("ok.png", png_of(10000, 4000));
  CHECK(problem_of(read_image_file(ok.path())).empty());
  TempFile wide("wide.png", png_of(10001, 200));
  CHECK_THAT(problem_of(read_image_file(wide.path())), Contains("10001x200 px") && Contains("up to 10000 px per side"));
  CHECK_THAT(problem_of(decode_data_uri("data:image/png;base64," + base64(png_of(300, 12000)), MediaKind::image)),
             Contains("300x12000 px"));
  TempFile hd("hd.mp4", mp4_of(5000, 1920, 1080));
  auto read = read_media_file(hd.path(), MediaKind::video);
  REQUIRE(problem_of(read).empty());
  CHECK(read->width == 1920);
  CHECK(*read->seconds == Approx(5.0));
  TempFile uhd("4k.mp4", mp4_of(5000, 3840, 2160));
  CHECK_THAT(problem_of(read_media_file(uhd.path(), MediaKind::video)),
             Contains("3840x2160 px") && Contains("up to 1920 px per side"));
}

TEST_CASE("each input's own limits: extend under 40 s, motion control up to 100 MB, restyle up to 16 s", "[media]") {
  const MediaLimits extend = media_limits(MediaKind::video, {{"max_mb", 50}, {"under_seconds", 40}, {"max_side_px", 1920}});
  const MediaLimits mimic = media_limits(MediaKind::video, {{"max_mb", 100}, {"max_seconds", 30}, {"max_side_px", 1920}});
  const MediaLimits restyle = media_limits(MediaKind::video, {{"max_seconds", 16}});

  TempFile v35("v35.mp4", mp4_of(35'000, 640, 360));
  CHECK(problem_of(read_media_file(v35.path(), MediaKind::video, extend)).empty());
  CHECK_THAT(problem_of(read_media_file(v35.path(), MediaKind::video)), Contains("plays for 35 s") && Contains("up to 30 s"));
  TempFile v40("v40.mp4", mp4_of(40'000, 640, 360));
  CHECK_THAT(problem_of(read_media_file(v40.path(), MediaKind::video, extend)),
             Contains("plays for 40 s") && Contains("under 40 s"));
  TempFile v39("v39.mp4", mp4_of(39'900, 640, 360));
  CHECK(problem_of(read_media_file(v39.path(), MediaKind::video, extend)).empty());
  TempFile v17("v17.mp4", mp4_of(17'000, 640, 360));
  CHECK_THAT(problem_of(read_media_file(v17.path(), MediaKind::video, restyle)), Contains("up to 16 s"));
  // No tolerance: PixVerse (and the simulator) refuse 30.04 s against "up to 30 s".
  TempFile v30("v30.mp4", mp4_of(30'000, 640, 360));
  CHECK(problem_of(read_media_file(v30.path(), MediaKind::video, mimic)).empty());
  TempFile v3004("v3004.mp4", mp4_of(30'040, 640, 360));
  CHECK_THAT(problem_of(read_media_file(v3004.path(), MediaKind::video, mimic)),
             Contains("plays for 30.04 s") && Contains("up to 30 s"));

  // 60 MB (sparse after the header): too big for most inputs, fine for motion control.
  TempFile big("big.mp4", mp4_of(5000, 640, 360));
  std::filesystem::resize_file(big.path(), 60u * 1024 * 1024);
  CHECK_THAT(problem_of(read_media_file(big.path(), MediaKind::video)), Contains("60 MB") && Contains("up to 50 MB"));
  auto ok = read_media_file(big.path(), MediaKind::video, mimic);
  CHECK(problem_of(ok).empty());
  std::filesystem::resize_file(big.path(), 100u * 1024 * 1024 + 1);
  CHECK_THAT(problem_of(read_media_file(big.path(), MediaKind::video, mimic)), Contains("up to 100 MB"));

  // A file already read, checked against another input's limits.
  const MediaFile& file = *ok;
  CHECK_THAT(check_media_limits(file, MediaKind::video, default_limits(MediaKind::video), "clip").value_or(""),
             Contains("clip is 60 MB"));
  CHECK_FALSE(check_media_limits(file, MediaKind::video, mimic, "clip").has_value());
}
