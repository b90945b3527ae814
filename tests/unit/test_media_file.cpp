// Local media checks (media/media_file.h): the type from the bytes (media/sniff.h, tested in
// test_media_sniff.cpp), size, duration and pixel limits, data: URIs. Sample files are built
// byte by byte (tests/support/media_bytes.h), so each test states what it feeds in.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "../support/base64_text.h"
#include "../support/media_bytes.h"
#include "media/media_file.h"

using namespace app;
using Catch::Matchers::Contains;

namespace {

using testsupport::base64;
using testsupport::iso_bmff;
using testsupport::mp4_of;
using testsupport::png_of;
using testsupport::wav;

const std::string& kPng = testsupport::kPngSignatureAndIhdr;

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

TEST_CASE("audio: a stated playing time is held to the limit, an MP3's estimate is not", "[media]") {
  // 40 s of ADTS frames (1024 samples at 8 kHz each, 8 bytes long): the frames state the time.
  std::string adts;
  for (int i = 0; i < 40 * 8000 / 1024 + 1; ++i) adts += std::string("\xff\xf1\x2c\x80\x01\x00\x00\x00", 8);
  TempFile aac("long.aac", adts);
  CHECK_THAT(problem_of(read_media_file(aac.path(), MediaKind::audio)),
             Contains("plays for 40") && Contains("up to 30 s"));
  // An MP3 whose first frame says 32 kbit/s over 200 kB would be 50 s at a constant bitrate; a
  // variable-bitrate file can be much shorter, so it is left to PixVerse.
  TempFile mp3("vbr.mp3", std::string("\xff\xfb\x10\x00", 4) + std::string(200'000, '\0'));
  auto read = read_media_file(mp3.path(), MediaKind::audio);
  REQUIRE(problem_of(read).empty());
  CHECK(read->content_type == "audio/mpeg");
  CHECK_FALSE(read->seconds);
  // An audiobook (brand M4B) is M4A audio.
  TempFile m4b("book.m4b", iso_bmff("M4B ", 1000, 5000));
  auto book = read_media_file(m4b.path(), MediaKind::audio);
  REQUIRE(problem_of(book).empty());
  CHECK(book->content_type == "audio/mp4");
  CHECK(*book->seconds == Approx(5.0));
}

TEST_CASE("a large video is checked from its boxes, its media data never read", "[media]") {
  // 5 MiB of media data before the moov box, as many cameras write it: the checks still find
  // the stated length and size after it.
  std::string big = testsupport::box("ftyp", "isom" + testsupport::be32(0) + "isom");
  big += testsupport::box("mdat", std::string(5u << 20, '\x11'));
  const std::string moov = mp4_of(41'000, 1280, 720);  // its own ftyp first, then moov
  big += moov.substr(20);                              // mp4_of starts with a 20-byte ftyp box
  TempFile file("camera.mp4", big);
  auto video = read_media_file(file.path(), MediaKind::video);
  CHECK_THAT(problem_of(video), Contains("plays for 41 s"));
  TempFile fits("short.mp4", big.replace(big.find("mvhd") + 4 + 16, 4, testsupport::be32(9'000)));
  auto ok = read_media_file(fits.path(), MediaKind::video);
  REQUIRE(problem_of(ok).empty());
  CHECK(ok->seconds == Approx(9.0));
  CHECK(ok->width == 1280);
  CHECK(ok->size == big.size());
  CHECK(ok->bytes.empty());  // read from the open file as it is uploaded
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
  TempFile gif("anim.gif", std::string("GIF89a\x01\0\x01\0", 10));
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
