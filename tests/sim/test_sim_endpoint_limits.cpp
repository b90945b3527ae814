// The per-endpoint contract of docs/pixverse-api.md in the simulator: prompts of at most 2048
// characters on transition, extend and templates; uploads checked against the limits of the
// endpoint that uses them (extend under 40 s, motion control up to 100 MB, restyle up to 16 s,
// fusion references 15 s together, the rest up to 30 s and 50 MB); V6 fusion omni mode; the
// fields the V6 clients send (style realistic, negative_prompt and style on transition and
// fusion, a seed on sound effects).
#include <catch2/catch.hpp>

#include "sim_fixture.h"

using simtest::json;
using simtest::Rejection;

namespace {

constexpr const char* kTransition = "/openapi/v2/video/transition/generate";
constexpr const char* kExtend = "/openapi/v2/video/extend/generate";
constexpr const char* kFusion = "/openapi/v2/video/fusion/generate";
constexpr const char* kLipSync = "/openapi/v2/video/lip_sync/generate";
constexpr const char* kSoundEffect = "/openapi/v2/video/sound_effect/generate";
constexpr const char* kRestyle = "/openapi/v2/video/restyle/generate";
constexpr const char* kMimic = "/openapi/v2/video/mimic/generate";
constexpr std::uint64_t kKissKiss = 315446315336768ULL;

}  // namespace

TEST_CASE("Prompts: at most 2048 characters on transition, extend and templates", "[sim][limits]") {
  simtest::Sim sim({"--max-concurrent", "100", "--polls", "0"});
  const auto a = sim.upload_asset("cat.png"), b = sim.upload_asset("square.png");
  const auto video = sim.finished_video();
  const std::string at_limit(2048, 'a'), over(2049, 'a');
  const std::string wide = std::string(2047, 'a') + "\xC3\xA9";  // 2048 characters, 2049 bytes

  const json transition = {{"first_frame_img", a}, {"last_frame_img", b}, {"model", "v6"}, {"duration", 5},
                           {"quality", "540p"}};
  const json extend = {{"source_video_id", video}, {"model", "v6"}, {"duration", 5}, {"quality", "540p"}, {"seed", 1}};
  const json tpl = {{"img_id", a}, {"template_id", kKissKiss}, {"model", "v6"}, {"duration", 5}, {"quality", "540p"}};
  for (const auto& [path, body] : std::vector<std::pair<std::string, json>>{
           {kTransition, transition}, {kExtend, extend}, {simtest::kI2V, tpl}}) {
    INFO(path);
    CHECK(sim.post(path, simtest::patched(body, {{"prompt", at_limit}})).err_code() == 0);
    CHECK(sim.post(path, simtest::patched(body, {{"prompt", wide}})).err_code() == 0);  // characters, not bytes
    auto refused = sim.post(path, simtest::patched(body, {{"prompt", over}}));
    CHECK(refused.err_code() == 400017);
    CHECK_THAT(refused.err_msg(), Catch::Matchers::StartsWith("prompt is too long: 2049 characters (max 2048"));
  }
  // Without a template, image-to-video takes up to 5000.
  json i2v = tpl;
  i2v.erase("template_id");
  CHECK(sim.post(simtest::kI2V, simtest::patched(i2v, {{"prompt", std::string(5000, 'a')}})).err_code() == 0);
  CHECK(sim.post(simtest::kT2V, simtest::t2v_body({{"prompt", over}})).err_code() == 0);
}

TEST_CASE("Fields the V6 clients send: style realistic, negative_prompt and style on transition and fusion, "
          "seed on sound effects",
          "[sim][limits]") {
  simtest::Sim sim({"--max-concurrent", "100", "--polls", "0"});
  const auto a = sim.upload_asset("cat.png"), b = sim.upload_asset("square.png");
  const json v6 = {{"style", "realistic"}, {"negative_prompt", "blur, text"}, {"seed", 42}, {"model", "v6"},
                   {"duration", 5}, {"quality", "540p"}};
  auto transition = sim.post(kTransition, simtest::patched(v6, {{"first_frame_img", a}, {"last_frame_img", b},
                                                               {"prompt", "day to night"}}));
  REQUIRE(transition.err_code() == 0);
  CHECK(sim.requests().back()["unknown_fields"].empty());  // known fields, not ignored ones
  auto result = sim.result(transition.resp()["video_id"].get<std::uint64_t>()).resp();
  CHECK(result["style"] == "realistic");
  CHECK(result["negative_prompt"] == "blur, text");
  auto fusion = sim.post(kFusion, simtest::patched(v6, {{"image_references", {{{"type", "subject"}, {"img_id", a},
                                                                              {"ref_name", "cat"}}}},
                                                       {"prompt", "@cat naps"}, {"aspect_ratio", "16:9"}}));
  REQUIRE(fusion.err_code() == 0);
  CHECK(sim.requests().back()["unknown_fields"].empty());
  CHECK(sim.result(fusion.resp()["video_id"].get<std::uint64_t>()).resp()["style"] == "realistic");
  const auto video = sim.finished_video();
  CHECK(sim.post(kSoundEffect, {{"source_video_id", video}, {"seed", 7}}).err_code() == 0);
  CHECK(sim.requests().back()["unknown_fields"].empty());
  CHECK(sim.post(kSoundEffect, {{"source_video_id", video}, {"seed", -7}}).err_code() == 400017);
  CHECK(sim.post(kTransition, simtest::patched(v6, {{"first_frame_img", a}, {"last_frame_img", b}, {"prompt", "x"},
                                                    {"style", "oil"}}))
            .err_code() == 400017);
}

TEST_CASE("Uploads are checked against the limits of the endpoint that uses them", "[sim][limits]") {
  simtest::Sim sim({"--max-concurrent", "100", "--polls", "0"});
  const std::string mp4 = sim.asset("sample.mp4");
  const auto img = sim.upload_asset("portrait.png");
  // The upload takes what some endpoint takes: videos under 40 s and up to 100 MB.
  const auto v35 = sim.upload_media_bytes(simtest::retimed_mp4(mp4, 35000), "v35.mp4");
  const auto v20 = sim.upload_media_bytes(simtest::retimed_mp4(mp4, 20000), "v20.mp4");
  const auto v51mb = sim.upload_media_bytes(mp4 + std::string(51u * 1024 * 1024, '\0'), "big.mp4");
  auto v40 = sim.upload_media({{"file", simtest::retimed_mp4(mp4, 40000), "v40.mp4", "video/mp4"}});
  CHECK(v40.err_code() == 400017);
  CHECK_THAT(v40.err_msg(), Catch::Matchers::StartsWith("media too long: 40.0 s"));
  // Audio stays at 30 s: a 31 s WAV (8 kHz, 8 bit, mono) is refused.
  auto le32 = [](std::uint32_t v) {
    return std::string{char(v & 0xFF), char((v >> 8) & 0xFF), char((v >> 16) & 0xFF), char(v >> 24)};
  };
  const std::uint32_t data = 31 * 8000;
  const std::string wav = "RIFF" + le32(36 + data) + "WAVEfmt " + le32(16) + std::string("\x01\0\x01\0", 4) + le32(8000) +
                          le32(8000) + std::string("\x01\0\x08\0", 4) + "data" + le32(data) + std::string(data, '\x80');
  auto long_audio = sim.upload_media({{"file", wav, "long.wav", "audio/wav"}});
  CHECK(long_audio.err_code() == 400017);
  CHECK_THAT(long_audio.err_msg(), Catch::Matchers::StartsWith("media too long: 31.0 s (limit 30 s for audio)"));

  const json extend = {{"prompt", "more"}, {"model", "v6"}, {"duration", 5}, {"quality", "540p"}, {"seed", 3}};
  CHECK(sim.post(kExtend, simtest::patched(extend, {{"video_media_id", v35}})).err_code() == 0);  // under 40 s
  CHECK(sim.post(kMimic, {{"video_media_id", v51mb}, {"img_id", img}, {"quality", "540p"}}).err_code() == 0);  // ≤ 100 MB
  CHECK(sim.post(kLipSync, {{"video_media_id", v20}, {"lip_sync_tts_speaker_id", "Auto"}, {"lip_sync_tts_content", "hi"}})
            .err_code() == 0);

  struct Case {
    const char* what;
    std::string path;
    json body;
    std::string msg_start;
  };
  const std::string id35 = "video_media_id " + std::to_string(v35);
  const std::string id51 = "video_media_id " + std::to_string(v51mb);
  const std::vector<Case> cases{
      {"lip sync: 35 s", kLipSync,
       {{"video_media_id", v35}, {"lip_sync_tts_speaker_id", "Auto"}, {"lip_sync_tts_content", "hi"}},
       id35 + " plays for 35.0 s; this endpoint takes uploaded videos up to 30.0 s"},
      {"sound effect: 51 MB", kSoundEffect, {{"video_media_id", v51mb}},
       id51 + " is 51 MB; this endpoint takes uploaded videos up to 50 MB"},
      {"mimic: 35 s", kMimic, {{"video_media_id", v35}, {"img_id", img}, {"quality", "540p"}},
       id35 + " plays for 35.0 s; mimic takes uploaded videos up to 30.0 s"},
      {"extend: 51 MB", kExtend, simtest::patched(extend, {{"video_media_id", v51mb}}),
       id51 + " is 51 MB; extend takes uploaded videos up to 50 MB"},
      {"restyle: 20 s", kRestyle, {{"video_media_id", v20}, {"restyle_id", 1001}},
       "restyle: the source video must be at most 16 s long"},
  };
  const auto jobs_before = sim.jobs().size();
  for (const auto& c : cases) {
    INFO(c.what);
    auto a = sim.post(c.path, c.body);
    CHECK(a.err_code() == 400017);
    CHECK_THAT(a.err_msg(), Catch::Matchers::StartsWith(c.msg_start));
  }
  CHECK(sim.jobs().size() == jobs_before);
}

TEST_CASE("Fusion omni mode: video references, up to 10 images, duration 0, aspect ratio auto, v6", "[sim][limits]") {
  simtest::Sim sim({"--max-concurrent", "100", "--polls", "0"});
  const std::string mp4 = sim.asset("sample.mp4");  // 5 s, 640x360
  const auto dog = sim.upload_asset("square.png");
  const auto clip = sim.upload_media_asset("sample.mp4");
  const auto ten_s = sim.upload_media_bytes(simtest::retimed_mp4(mp4, 10000), "ten.mp4");
  const auto sixteen_s = sim.upload_media_bytes(simtest::retimed_mp4(mp4, 16000), "sixteen.mp4");
  const auto audio = sim.upload_media_asset("sample.wav");
  const auto generated = sim.finished_video({{"model", "v6"}, {"duration", 4}});
  auto images = [&](int n) {
    json out = json::array();
    for (int i = 0; i < n; ++i) out.push_back({{"type", "subject"}, {"img_id", dog}, {"ref_name", "p" + std::to_string(i)}});
    return out;
  };
  const json valid = {{"reference_mode", "omni"},
                      {"image_references", images(1)},
                      {"video_references", {{{"ref_name", "moves"}, {"video_media_id", clip}}}},
                      {"prompt", "@p0 dances like @moves "},
                      {"model", "v6"},
                      {"duration", 0},
                      {"quality", "540p"},
                      {"aspect_ratio", "auto"}};
  auto ok = sim.post(kFusion, valid);
  REQUIRE(ok.err_code() == 0);
  CHECK(sim.requests().back()["unknown_fields"].empty());
  json job = sim.jobs().back();
  CHECK(job["duration"] == 5);  // as long as the reference video
  CHECK(job["width"] == 960);   // auto: the reference's 16:9 shape
  CHECK(job["height"] == 540);
  CHECK(job["inputs"]["reference_mode"] == "omni");
  CHECK(job["credits"] == 35);  // v6 at 540p: 7 per second, for 5 s

  // Two references (an upload and a generated video), 9 s together; videos only; ten images.
  const json two = {{{"ref_name", "a"}, {"video_media_id", clip}}, {{"ref_name", "b"}, {"source_video_id", generated}}};
  CHECK(sim.post(kFusion, simtest::patched(valid, {{"video_references", two}, {"image_references", nullptr},
                                                   {"prompt", "@a meets @b "}}))
            .err_code() == 0);
  CHECK(sim.jobs().back()["duration"] == 5);  // the longer of 5 s and 4 s
  CHECK(sim.post(kFusion, simtest::patched(valid, {{"image_references", images(10)}, {"video_references", nullptr},
                                                   {"prompt", "@p9 waves"}, {"duration", 8}, {"aspect_ratio", "16:9"}}))
            .err_code() == 0);  // omni with images only
  const json ten_and_five = {{{"ref_name", "a"}, {"video_media_id", ten_s}}, {{"ref_name", "b"}, {"video_media_id", clip}}};
  CHECK(sim.post(kFusion, simtest::patched(valid, {{"video_references", ten_and_five}, {"prompt", "@a and @b "}}))
            .err_code() == 0);  // exactly 15 s

  const json three = {{{"ref_name", "a"}, {"video_media_id", clip}},
                      {{"ref_name", "b"}, {"video_media_id", clip}},
                      {{"ref_name", "c"}, {"video_media_id", clip}}};
  const json ten_and_ten = {{{"ref_name", "a"}, {"video_media_id", ten_s}}, {{"ref_name", "b"}, {"video_media_id", ten_s}}};
  simtest::check_rejections(
      sim, kFusion, valid,
      {
          {"three videos", {{"video_references", three}}, 400017, "video_references must have at most 2 items (got 3)"},
          {"eleven images", {{"image_references", images(11)}}, 400017,
           "image_references must have at most 10 items (got 11)"},
          {"eight images without omni", {{"image_references", images(8)}, {"reference_mode", nullptr},
                                         {"video_references", nullptr}, {"duration", 5}, {"aspect_ratio", "16:9"}},
           400017, "image_references: model v6 takes 1-7 images (got 8)"},
          {"videos without omni", {{"reference_mode", nullptr}}, 400017, "video_references need reference_mode omni"},
          {"omni on c1", {{"model", "c1"}}, 400017, "reference_mode omni is not supported by model c1 (supported by: v6)"},
          {"bad mode", {{"reference_mode", "full"}}, 400017, "reference_mode 'full' is not supported (allowed: omni)"},
          {"duration with videos", {{"duration", 5}}, 400017, "duration must be 0 with video_references"},
          {"duration 0 without videos",
           {{"video_references", nullptr}, {"duration", 0}, {"aspect_ratio", "16:9"}, {"prompt", "@p0 "}}, 400017,
           "duration 0 is not supported by model v6"},
          {"auto without videos", {{"video_references", nullptr}, {"duration", 5}, {"prompt", "@p0 "}}, 400017,
           "aspect_ratio auto needs video_references"},
          {"20 s together", {{"video_references", ten_and_ten}, {"prompt", "@a and @b "}}, 400017,
           "video_references: the reference videos play 20.0 s together (at most 15 s)"},
          {"one of 16 s", {{"video_references", {{{"ref_name", "moves"}, {"video_media_id", sixteen_s}}}}}, 400017,
           "video_references[0]: video_media_id " + std::to_string(sixteen_s) + " plays for 16.0 s"},
          {"both ids", {{"video_references", {{{"ref_name", "moves"}, {"video_media_id", clip}, {"source_video_id", generated}}}}},
           400017, "video_references[0]: source_video_id and video_media_id are mutually exclusive"},
          {"no id", {{"video_references", {{{"ref_name", "moves"}}}}}, 400017,
           "video_references[0]: either source_video_id or video_media_id must be provided"},
          {"no ref_name", {{"video_references", {{{"video_media_id", clip}}}}}, 400011,
           "video_references[0].ref_name is required"},
          {"audio as a video", {{"video_references", {{{"ref_name", "moves"}, {"video_media_id", audio}}}}}, 400017,
           "video_references[0]: Invalid media_type: not a video resource"},
          {"unknown video", {{"video_references", {{{"ref_name", "moves"}, {"source_video_id", generated + 1000}}}}}, 400017,
           "video_references[0]: couldn't find a matching source_video_id"},
          {"name used twice", {{"video_references", {{{"ref_name", "p0"}, {"video_media_id", clip}}}}, {"prompt", "@p0 "}},
           400017, "video_references[0].ref_name 'p0' is used twice"},
          {"unknown reference in the prompt", {{"prompt", "@p0 dances like @dancer "}}, 400017,
           "prompt references @dancer, which is not the ref_name of any reference (known: p0, moves)"},
          {"no references at all", {{"video_references", nullptr}, {"image_references", nullptr}}, 400011,
           "image_references is required"},
      });
}

TEST_CASE("Image uploads: at most 10000 px per side", "[sim][limits]") {
  simtest::Sim sim;
  auto be32 = [](std::uint32_t v) {
    return std::string{char(v >> 24), char((v >> 16) & 0xFF), char((v >> 8) & 0xFF), char(v & 0xFF)};
  };
  // A PNG signature and an IHDR chunk are all the size check reads.
  auto png = [&](std::uint32_t w, std::uint32_t h) {
    return std::string("\x89PNG\r\n\x1a\n", 8) + be32(13) + "IHDR" + be32(w) + be32(h) + std::string("\x08\x02\0\0\0", 5) +
           be32(0);
  };
  CHECK(sim.upload({{"image", png(10000, 300), "ok.png", "image/png"}}).err_code() == 0);
  auto wide = sim.upload({{"image", png(10001, 300), "wide.png", "image/png"}});
  CHECK(wide.err_code() == 500033);
  CHECK_THAT(wide.err_msg(), Catch::Matchers::StartsWith("invalid image width/height: 10001x300"));
  CHECK(sim.upload({{"image", png(20, 12000), "tall.png", "image/png"}}).err_code() == 500033);
  CHECK(sim.control_get("/_sim/images").size() == 1);
}
