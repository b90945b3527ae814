// POST /openapi/v2/media/upload (video and audio) and the media files the simulator serves.
#include <catch2/catch.hpp>

#include "sim_fixture.h"

using simtest::json;

namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

// The sample MP4 with another major brand ("qt  " = MOV, "M4A " = audio).
std::string rebranded(std::string mp4, const char* brand) {
  mp4.replace(8, 4, brand);
  return mp4;
}

std::string path_of(const simtest::Sim& sim, const json& resp) {
  return resp["url"].get<std::string>().substr(sim.base_url().size());
}

}  // namespace

TEST_CASE("Media upload: video and audio files by magic bytes, the url serves the same bytes", "[sim][media]") {
  simtest::Sim sim;
  const std::string mp4 = sim.asset("sample.mp4");
  CHECK(mp4.substr(4, 4) == "ftyp");
  struct Case {
    std::string content;
    const char* filename;
    const char* type;
    const char* ext;
    const char* mime;
  };
  const Case cases[] = {
      {mp4, "clip.mp4", "video", "mp4", "video/mp4"},
      {rebranded(mp4, "qt  "), "clip.mov", "video", "mov", "video/quicktime"},
      {bytes({0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01}), "clip.webm", "video", "webm", "video/webm"},
      {sim.asset("sample.mp3"), "song.mp3", "audio", "mp3", "audio/mpeg"},
      {bytes({0xFF, 0xFB, 0x90, 0x00, 0, 0, 0, 0}), "raw.mp3", "audio", "mp3", "audio/mpeg"},
      {sim.asset("sample.wav"), "voice.wav", "audio", "wav", "audio/wav"},
      {rebranded(mp4, "M4A "), "voice.m4a", "audio", "m4a", "audio/mp4"},
      {bytes({0xFF, 0xF1, 0x50, 0x80, 0x01, 0x1F, 0xFC, 0, 0}), "voice.aac", "audio", "aac", "audio/aac"},
  };
  for (const auto& c : cases) {
    INFO(c.filename);
    auto a = sim.upload_media({{"file", c.content, c.filename, "application/octet-stream"}});
    REQUIRE(a.err_code() == 0);
    const auto id = a.resp()["media_id"].get<std::uint64_t>();
    CHECK(a.resp()["media_type"] == c.type);
    CHECK(a.resp()["url"] == sim.base_url() + "/media/" + c.type + "/" + std::to_string(id) + "." + c.ext);
    auto file = sim.client()->Get(path_of(sim, a.resp()).c_str());
    REQUIRE(file);
    CHECK(file->status == 200);
    CHECK(file->body == c.content);
    CHECK(file->get_header_value("Content-Type") == c.mime);
  }
  auto media = sim.control_get("/_sim/media");
  REQUIRE(media.size() == 8);
  CHECK(media[0]["duration_ms"] == 5000);  // the sample's mvhd
  CHECK(media[0]["width"] == 640);
  CHECK(media[0]["height"] == 360);
  CHECK(media[3]["duration_ms"].get<int>() >= 1000);  // 39 MP3 frames at 128 kbit/s
  CHECK(media[3]["duration_ms"].get<int>() < 1100);
  CHECK(media[5]["duration_ms"] == 1000);  // WAV header: 16000 bytes at 16000 B/s
}

TEST_CASE("Media upload by file_url: external URLs stand for samples, own URLs are resolved", "[sim][media]") {
  simtest::Sim sim({"--polls", "0"});
  struct Case {
    std::string url;
    const char* type;
    const char* ext;
  };
  const Case ok[] = {
      {"https://cdn.example.com/clips/Dance.MP4?sig=1", "video", "mp4"},
      {"http://example.com:8080/a.mov", "video", "mov"},
      {"https://example.com/a.webm", "video", "webm"},
      {"https://example.com/song.mp3", "audio", "mp3"},
      {"https://example.com/voice.m4a", "audio", "m4a"},
      {"https://example.com/voice.aac", "audio", "aac"},
      {"https://example.com/voice.wav", "audio", "wav"},
      {sim.base_url() + "/_sim/assets/sample.wav", "audio", "wav"},
      {sim.base_url() + "/_sim/assets/sample.mp4", "video", "mp4"},
  };
  for (const auto& c : ok) {
    INFO(c.url);
    auto a = sim.upload_media({{"file_url", c.url, "", ""}});
    REQUIRE(a.err_code() == 0);
    CHECK(a.resp()["media_type"] == c.type);
    CHECK(a.resp()["url"].get<std::string>().substr(a.resp()["url"].get<std::string>().size() - 1 -
                                                     std::string(c.ext).size()) == std::string(".") + c.ext);
  }
  // a finished video of this simulator, uploaded by its URL: duration and size come along
  const auto video = sim.finished_video({{"duration", 8}});
  const auto url = sim.result(video).resp()["url"].get<std::string>();
  auto again = sim.upload_media({{"file_url", url, "", ""}});
  REQUIRE(again.err_code() == 0);
  CHECK(again.resp()["media_type"] == "video");
  auto media = sim.control_get("/_sim/media");
  CHECK(media.back()["duration_ms"] == 8000);
  CHECK(media.back()["width"] == 960);
  CHECK(media.back()["height"] == 540);
  // an uploaded media url can be uploaded again
  CHECK(sim.upload_media({{"file_url", again.resp()["url"].get<std::string>(), "", ""}}).err_code() == 0);

  const std::vector<std::pair<std::string, std::string>> bad = {
      {"https://example.com/page.html", "the simulator cannot fetch URLs"},
      {"https://example.com/picture.png", "the simulator cannot fetch URLs"},
      {"ftp://example.com/a.mp4", "file_url must be an absolute http(s) URL"},
      {"not a url.mp4", "file_url must be an absolute http(s) URL"},
      {sim.base_url() + "/_sim/assets/missing.mp4", "file_url " + sim.base_url() + "/_sim/assets/missing.mp4 does not exist"},
      {sim.base_url() + "/_sim/assets/cat.png", "unsupported media type"},
      {sim.base_url() + "/media/video/12345.mp4", "file_url"},
  };
  const auto count = sim.control_get("/_sim/media").size();
  for (const auto& [u, msg] : bad) {
    INFO(u);
    auto a = sim.upload_media({{"file_url", u, "", ""}});
    CHECK(a.err_code() == 400017);
    CHECK_THAT(a.err_msg(), Catch::Matchers::StartsWith(msg));
  }
  CHECK(sim.control_get("/_sim/media").size() == count);
}

TEST_CASE("Media upload: rejected content and part structure -> 400017", "[sim][media]") {
  simtest::Sim sim;
  const std::string mp4 = sim.asset("sample.mp4");
  struct Case {
    const char* what;
    httplib::MultipartFormDataItems items;
    const char* msg_start;
  };
  const Case cases[] = {
      {"png content", {{"file", sim.asset("cat.png"), "cat.mp4", "video/mp4"}}, "unsupported media type"},
      {"text content", {{"file", "hello world", "a.mp3", "audio/mpeg"}}, "unsupported media type"},
      {"40 s video", {{"file", simtest::retimed_mp4(mp4, 40000), "long.mp4", "video/mp4"}}, "media too long: 40.0 s"},
      {"4k video", {{"file", simtest::retimed_mp4(mp4, 5000, 3840, 2160), "big.mp4", "video/mp4"}},
       "video too large: 3840x2160"},
      {"both parts", {{"file", mp4, "a.mp4", "video/mp4"}, {"file_url", "https://e.com/a.mp4", "", ""}},
       "send exactly one of 'file' or 'file_url', not both"},
      {"neither", {{"media_type", "video", "", ""}}, "one of 'file' (a file part) or 'file_url'"},
      {"wrong part name", {{"video", mp4, "a.mp4", "video/mp4"}}, "unexpected form field 'video'"},
      {"image part name", {{"image", mp4, "a.mp4", "video/mp4"}}, "unexpected form field 'image'"},
      {"file as a text field", {{"file", "https://e.com/a.mp4", "", ""}}, "file must be a file part"},
      {"file_url as a file part", {{"file_url", "https://e.com/a.mp4", "a.txt", "text/plain"}},
       "file_url must be a text field"},
      {"two files", {{"file", mp4, "a.mp4", "video/mp4"}, {"file", mp4, "b.mp4", "video/mp4"}},
       "only one 'file' part is allowed"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    auto a = sim.upload_media(c.items);
    CHECK(a.err_code() == 400017);
    CHECK_THAT(a.err_msg(), Catch::Matchers::StartsWith(c.msg_start));
  }
  // Audio up to 50 MB (videos up to 100 MB: motion control takes them; each endpoint checks its own).
  auto huge = sim.upload_media(
      {{"file", sim.asset("sample.wav") + std::string(50u * 1024u * 1024u, '\0'), "huge.wav", "audio/wav"}});
  CHECK(huge.err_code() == 400017);
  CHECK_THAT(huge.err_msg(), Catch::Matchers::StartsWith("media too large"));
  CHECK(sim.control_get("/_sim/media").empty());
  // A hostile chunk size (found by review): 8 + 0xFFFFFFF8 wrapped to 0 in 32 bits and the
  // chunk walk spun for ever. It is answered, and the simulator serves on.
  std::string wav = "RIFF" + std::string("\x24\x00\x00\x00", 4) + "WAVE" + "junk" + std::string("\xF8\xFF\xFF\xFF", 4) +
                    std::string(64, '\0');
  auto hostile = sim.upload_media({{"file", wav, "evil.wav", "audio/wav"}});
  CHECK(hostile.status == 200);
  CHECK(sim.control_get("/_sim/health").is_object());
  // JSON is not multipart
  CHECK(sim.post(simtest::kMediaUpload, json{{"file_url", "https://e.com/a.mp4"}}).status == 400);
}

TEST_CASE("Media upload: media_type part tolerated, ids share the counter with images and videos", "[sim][media]") {
  simtest::Sim sim;
  const auto img = sim.upload_asset("cat.png");
  auto a = sim.upload_media({{"file", sim.asset("sample.mp4"), "clip.mp4", "video/mp4"}, {"media_type", "video", "", ""}});
  REQUIRE(a.err_code() == 0);
  CHECK(a.resp()["media_id"].get<std::uint64_t>() == img + 1);
  CHECK(a.resp()["media_id"].is_number_unsigned());
  CHECK(sim.create_video() == img + 2);
  auto log = sim.requests();
  REQUIRE(log.size() == 3);
  CHECK(log[1]["path"] == simtest::kMediaUpload);
  CHECK(log[1]["multipart"][1]["value"] == "video");
  // built-in assets list the samples
  auto names = sim.control_get("/_sim/assets");
  for (const char* n : {"sample.mp4", "sample.mp3", "sample.wav"}) CHECK(std::find(names.begin(), names.end(), n) != names.end());
  auto wav = sim.client()->Get("/_sim/assets/sample.wav");
  REQUIRE(wav);
  CHECK(wav->get_header_value("Content-Type") == "audio/wav");
  CHECK(wav->body.substr(0, 4) == "RIFF");
  CHECK(wav->body.substr(8, 4) == "WAVE");
  CHECK(wav->body.size() == 44 + 16000);
}
