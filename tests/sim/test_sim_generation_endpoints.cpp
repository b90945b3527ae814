// Transition, extend, fusion and multi-transition: one valid request each and their rejections.
#include <catch2/catch.hpp>

#include "sim_fixture.h"

using simtest::json;
using simtest::Rejection;

namespace {

constexpr const char* kTransition = "/openapi/v2/video/transition/generate";
constexpr const char* kExtend = "/openapi/v2/video/extend/generate";
constexpr const char* kFusion = "/openapi/v2/video/fusion/generate";
constexpr const char* kMulti = "/openapi/v2/video/multi_transition/generate";

json last_job(const simtest::Sim& sim) { return sim.jobs().back(); }

}  // namespace

TEST_CASE("Transition: first/last frame images, per-model rules, no aspect_ratio", "[sim][generation]") {
  simtest::Sim sim({"--max-concurrent", "100"});
  const auto first = sim.upload_asset("cat.png"), last = sim.upload_asset("square.png");
  const json valid = {{"first_frame_img", first}, {"last_frame_img", last}, {"prompt", "day turns to night"},
                      {"model", "v5"}, {"duration", 5}, {"quality", "540p"}};
  auto ok = sim.post(kTransition, simtest::patched(valid, {{"aspect_ratio", "9:16"}, {"seed", 7}}));
  REQUIRE(ok.err_code() == 0);
  const auto id = ok.resp()["video_id"].get<std::uint64_t>();
  CHECK(sim.requests().back()["unknown_fields"] == json::array({"aspect_ratio"}));
  auto job = last_job(sim);
  CHECK(job["endpoint"] == "transition");
  CHECK(job["inputs"]["first_frame_img"].get<std::uint64_t>() == first);
  CHECK(job["inputs"]["last_frame_img"].get<std::uint64_t>() == last);
  CHECK(job["width"] == 960);  // the first frame is 16:9
  CHECK(job["credits"] == 45);
  CHECK(sim.result(id).resp()["seed"] == 7);
  CHECK(sim.post(kTransition, simtest::patched(valid, {{"model", "v6"}, {"duration", 12}, {"generate_audio_switch", true}}))
            .err_code() == 0);
  CHECK(sim.post(kTransition, simtest::patched(valid, {{"model", "v4"}, {"motion_mode", "fast"}})).err_code() == 0);
  CHECK(sim.post(kTransition, simtest::patched(valid, {{"sound_effect_switch", true}, {"sound_effect_content", "rain"}}))
            .err_code() == 0);

  simtest::check_rejections(
      sim, kTransition, valid,
      {
          {"missing last frame", {{"last_frame_img", nullptr}}, 400011, "last_frame_img is required"},
          {"missing prompt", {{"prompt", nullptr}}, 400011, "prompt is required"},
          {"id as string", {{"first_frame_img", std::to_string(first)}}, 400013,
           "invalid binding request: first_frame_img must be integer (uint64)"},
          {"unknown image", {{"last_frame_img", last + 1000}}, 400032,
           "couldn't find a matching img_id: " + std::to_string(last + 1000) + " in last_frame_img"},
          {"unknown model", {{"model", "v7"}}, 400017, "model 'v7' is not supported"},
          {"duration", {{"duration", 10}}, 400017, "duration 10 is not supported by model v5 (allowed: 5, 8)"},
          {"quality", {{"quality", "4k"}}, 400017, "quality '4k' is not supported"},
          {"audio switch on v5", {{"generate_audio_switch", true}}, 400017,
           "generate_audio_switch is not supported by model v5 (supported by: v5.5, v5.6, v6, c1)"},
          {"legacy audio on v6", {{"model", "v6"}, {"sound_effect_switch", false}}, 400017,
           "sound_effect_switch is not supported by model v6 (supported by: v3.5, v4, v4.5, v5)"},
          {"fast on v5", {{"motion_mode", "fast"}}, 400017, "motion_mode fast is not supported by model v5"},
          {"seed range", {{"seed", -1}}, 400017, "seed must be between 0 and 2147483647"},
          {"switch as string", {{"generate_audio_switch", "true"}}, 400013,
           "invalid binding request: generate_audio_switch must be boolean"},
      });
}

TEST_CASE("Extend: exactly one finished video source, models without v5.6 and c1", "[sim][generation]") {
  simtest::Sim sim({"--max-concurrent", "100", "--polls", "0"});
  const auto video = sim.finished_video();
  const auto media = sim.upload_media_asset("sample.mp4");
  const auto audio = sim.upload_media_asset("sample.wav");
  const auto running = sim.create_video({{"prompt", "slow [sim:polls=5]"}});
  const json valid = {{"source_video_id", video}, {"prompt", "keep walking"}, {"model", "v5"}, {"duration", 5},
                      {"quality", "540p"}, {"seed", 11}};
  auto ok = sim.post(kExtend, valid);
  REQUIRE(ok.err_code() == 0);
  CHECK(sim.result(ok.resp()["video_id"].get<std::uint64_t>()).resp()["seed"] == 11);
  auto job = last_job(sim);
  CHECK(job["endpoint"] == "extend");
  CHECK(job["duration"] == 10);  // the 5 s source + 5 s
  CHECK(job["credits"] == 45);
  CHECK(job["inputs"]["source_video_id"].get<std::uint64_t>() == video);
  // the extended video can be extended again, and an uploaded video works too
  auto again = sim.post(kExtend, simtest::patched(valid, {{"source_video_id", ok.resp()["video_id"]}, {"duration", 8}}));
  REQUIRE(again.err_code() == 0);
  CHECK(last_job(sim)["duration"] == 18);
  auto uploaded = sim.post(kExtend, simtest::patched(valid, {{"source_video_id", nullptr}, {"video_media_id", media},
                                                             {"seed", 3}, {"water_mark", false}}));
  CHECK(uploaded.err_code() == 0);
  CHECK(sim.post(kExtend, simtest::patched(valid, {{"model", "v6"}, {"duration", 15}, {"generate_audio_switch", true}}))
            .err_code() == 0);
  CHECK(sim.post(kExtend, simtest::patched(valid, {{"template_id", 315446315336768ULL}})).err_code() == 0);

  simtest::check_rejections(
      sim, kExtend, valid,
      {
          {"both sources", {{"video_media_id", media}}, 400017,
           "source_video_id and video_media_id are mutually exclusive"},
          {"no source", {{"source_video_id", nullptr}}, 400017,
           "either source_video_id or video_media_id must be provided"},
          {"unknown video", {{"source_video_id", video + 1000}}, 400017,
           "couldn't find a matching source_video_id: " + std::to_string(video + 1000)},
          {"image id as video", {{"source_video_id", sim.upload_asset("cat.png")}}, 400017,
           "couldn't find a matching source_video_id"},
          {"running video", {{"source_video_id", running}}, 400017,
           "source_video_id " + std::to_string(running) + " is not a finished video (status 5"},
          {"audio media", {{"source_video_id", nullptr}, {"video_media_id", audio}}, 400017,
           "Invalid media_type: not a video resource"},
          {"unknown media", {{"source_video_id", nullptr}, {"video_media_id", audio + 1000}}, 400017,
           "couldn't find a matching video_media_id: " + std::to_string(audio + 1000)},
          {"id as string", {{"source_video_id", std::to_string(video)}}, 400013,
           "invalid binding request: source_video_id must be integer (uint64)"},
          {"v5.6", {{"model", "v5.6"}}, 400017, "model 'v5.6' is not supported (allowed: v3.5, v4, v4.5, v5, v5.5, v6)"},
          {"c1", {{"model", "c1"}}, 400017, "model 'c1' is not supported"},
          {"quality", {{"quality", "2160p"}}, 400017, "quality '2160p' is not supported"},
          {"duration", {{"duration", 9}}, 400017, "duration 9 is not supported by model v5"},
          {"audio on v5", {{"generate_audio_switch", false}}, 400017, "generate_audio_switch is not supported by model v5"},
          {"seed as string", {{"seed", "1"}}, 400013, "invalid binding request: seed must be integer"},
          {"template not activated", {{"template_id", 123456}}, 500070, "template_id 123456 is not activated"},
          {"prompt missing", {{"prompt", ""}}, 400011, "prompt is required"},
          {"no seed (the official spec requires it)", {{"seed", nullptr}}, 400011, "seed is required"},
          {"prompt over 2048", {{"prompt", std::string(2049, 'a')}}, 400017,
           "prompt is too long: 2049 characters (max 2048)"},
          {"style", {{"style", "photographic"}}, 400017, "style 'photographic' is not supported"},
      });
  CHECK(sim.post(kExtend, simtest::patched(valid, {{"prompt", std::string(2048, 'a')}, {"style", "realistic"},
                                                   {"negative_prompt", "blur"}}))
            .err_code() == 0);
}

TEST_CASE("Fusion: image_references, @ref_name prompts, per-model counts and rules", "[sim][generation]") {
  simtest::Sim sim({"--max-concurrent", "100"});
  const auto dog = sim.upload_asset("square.png"), room = sim.upload_asset("cat.png");
  const json refs = json::array({{{"type", "subject"}, {"img_id", dog}, {"ref_name", "dog"}},
                                 {{"type", "background"}, {"img_id", room}, {"ref_name", "room"}}});
  const json valid = {{"image_references", refs}, {"prompt", "@dog plays at @room"}, {"model", "v4.5"},
                      {"duration", 5},  {"quality", "540p"}, {"aspect_ratio", "9:16"}, {"seed", 123456789}};
  auto ok = sim.post(kFusion, valid);
  REQUIRE(ok.err_code() == 0);
  auto job = last_job(sim);
  CHECK(job["endpoint"] == "fusion");
  CHECK(job["width"] == 540);
  CHECK(job["height"] == 960);
  CHECK(job["inputs"]["image_references"] == refs);
  // seven references on c1, with names containing spaces; a prompt ending in a reference
  json seven = json::array();
  std::string prompt = "together:";
  for (int i = 0; i < 7; ++i) {
    std::string name = "friend " + std::to_string(i);
    seven.push_back({{"type", "subject"}, {"img_id", dog}, {"ref_name", name}});
    prompt += " @" + name;
  }
  CHECK(sim.post(kFusion, simtest::patched(valid, {{"image_references", seven}, {"prompt", prompt}, {"model", "c1"},
                                                   {"aspect_ratio", "21:9"}, {"duration", 12}}))
            .err_code() == 0);
  CHECK(sim.post(kFusion, simtest::patched(valid, {{"model", "v5.6"}, {"generate_audio_switch", true}})).err_code() == 0);
  CHECK(sim.post(kFusion, simtest::patched(valid, {{"model", "v6"}, {"duration", 3}})).err_code() == 0);
  // the CN docs mark type and ref_name optional: accepted without them
  CHECK(sim.post(kFusion, simtest::patched(valid, {{"image_references", {{{"img_id", dog}}}}, {"prompt", "a dog"}}))
            .err_code() == 0);
  auto extra = sim.post(kFusion, simtest::patched(valid, {{"image_references",
                                                           {{{"img_id", dog}, {"ref_name", "dog"}, {"weight", 1}}}},
                                                          {"prompt", "@dog runs"}}));
  CHECK(extra.err_code() == 0);
  CHECK(sim.requests().back()["unknown_fields"] == json::array({"image_references[0].weight"}));

  json four = refs;
  four.push_back({{"type", "subject"}, {"img_id", dog}, {"ref_name", "cat"}});
  four.push_back({{"type", "subject"}, {"img_id", dog}, {"ref_name", "owl"}});
  json eight = seven;
  eight.push_back({{"type", "subject"}, {"img_id", dog}, {"ref_name", "x"}});
  simtest::check_rejections(
      sim, kFusion, valid,
      {
          {"missing references", {{"image_references", nullptr}}, 400011, "image_references is required"},
          {"empty references", {{"image_references", json::array()}}, 400017,
           "image_references must have at least 1 item (got 0)"},
          {"eight references", {{"image_references", eight}, {"model", "c1"}}, 400017,
           "image_references: model c1 takes 1-7 images (got 8)"},
          {"four on v4.5", {{"image_references", four}}, 400017, "image_references: model v4.5 takes 1-3 images (got 4)"},
          {"item not an object", {{"image_references", {refs[0], "room"}}}, 400013,
           "invalid binding request: image_references[1] must be object"},
          {"img_id as string", {{"image_references", {{{"img_id", "1"}, {"ref_name", "dog"}}}}}, 400013,
           "invalid binding request: image_references[0].img_id must be integer (uint64)"},
          {"img_id missing", {{"image_references", {{{"ref_name", "dog"}}}}}, 400011,
           "image_references[0].img_id is required"},
          {"bad type", {{"image_references", {{{"img_id", dog}, {"ref_name", "dog"}, {"type", "foreground"}}}}}, 400017,
           "image_references[0].type 'foreground' is not supported (allowed: subject, background)"},
          {"unknown image", {{"image_references", {{{"img_id", room + 500}, {"ref_name", "dog"}}}}}, 400032,
           "couldn't find a matching img_id: " + std::to_string(room + 500) + " in image_references[0].img_id"},
          {"duplicate name", {{"image_references", {refs[0], refs[0]}}}, 400017,
           "image_references[1].ref_name 'dog' is used twice"},
          {"long name", {{"image_references", {{{"img_id", dog}, {"ref_name", std::string(31, 'n')}}}}}, 400017,
           "image_references[0].ref_name is too long: 31 bytes (max 30)"},
          {"unknown reference", {{"prompt", "@cat plays at @room"}}, 400017,
           "prompt references @cat, which is not the ref_name of any reference (known: dog, room)"},
          {"punctuation after reference", {{"prompt", "@dog, at @room"}}, 400017,
           "prompt: @dog must be followed by a space or the end of the prompt"},
          {"model v4", {{"model", "v4"}}, 400017, "model 'v4' is not supported (allowed: v4.5, v5, v5.5, v5.6, v6, c1)"},
          {"duration", {{"duration", 10}}, 400017, "duration 10 is not supported by model v4.5"},
          {"aspect on v4.5", {{"aspect_ratio", "21:9"}}, 400017, "aspect_ratio 21:9 is not supported by model v4.5"},
          {"aspect missing", {{"aspect_ratio", nullptr}}, 400011, "aspect_ratio is required"},
          {"audio on v5.5", {{"model", "v5.5"}, {"generate_audio_switch", true}}, 400017,
           "generate_audio_switch is not supported by model v5.5 (supported by: v5.6, v6, c1)"},
      });
}

TEST_CASE("Multi-transition: 2-7 keyframes, segment durations, models up to v5", "[sim][generation]") {
  simtest::Sim sim({"--max-concurrent", "100"});
  const auto a = sim.upload_asset("portrait.png"), b = sim.upload_asset("cat.png"), c = sim.upload_asset("square.png");
  const json two = json::array({{{"img_id", a}, {"duration", 5}, {"prompt", "walks in"}}, {{"img_id", b}}});
  const json valid = {{"multi_transition", two}, {"model", "v5"}, {"quality", "540p"}};
  auto ok = sim.post(kMulti, valid);
  REQUIRE(ok.err_code() == 0);
  CHECK(ok.resp()["credits"] == 45);
  auto job = last_job(sim);
  CHECK(job["endpoint"] == "multi_transition");
  CHECK(job["duration"] == 5);
  CHECK(job["height"] == 960);  // the first keyframe is a portrait
  CHECK(job["prompt"] == "walks in");
  json three = json::array({{{"img_id", a}, {"duration", 5}}, {{"img_id", b}, {"duration", 3}}, {{"img_id", c}, {"duration", 0}}});
  auto longer = sim.post(kMulti, simtest::patched(valid, {{"multi_transition", three}, {"seed", 5}}));
  REQUIRE(longer.err_code() == 0);
  CHECK(longer.resp()["credits"] == 90);  // 8 s: two started 5 s blocks
  CHECK(last_job(sim)["duration"] == 8);
  CHECK(sim.post(kMulti, simtest::patched(valid, {{"model", "v4"}, {"motion_mode", "fast"}})).err_code() == 0);
  json two_eight = two;
  two_eight[0]["duration"] = 8;
  CHECK(sim.post(kMulti, simtest::patched(valid, {{"multi_transition", two_eight}})).err_code() == 0);

  json three_six = three;
  three_six[0]["duration"] = 6;
  json two_nine = two;
  two_nine[0]["duration"] = 9;
  json last_three = two;
  last_three[1]["duration"] = 3;
  json no_duration = three;
  no_duration[1].erase("duration");
  json eight = json::array();
  for (int i = 0; i < 8; ++i) eight.push_back({{"img_id", a}, {"duration", i == 7 ? 0 : 1}});
  json unknown = two;
  unknown[1]["img_id"] = c + 100;
  json as_string = two;
  as_string[0]["duration"] = "5";
  simtest::check_rejections(
      sim, kMulti, valid,
      {
          {"missing", {{"multi_transition", nullptr}}, 400011, "multi_transition is required"},
          {"one keyframe", {{"multi_transition", {two[0]}}}, 400017, "multi_transition must have at least 2 items (got 1)"},
          {"eight keyframes", {{"multi_transition", eight}}, 400017, "multi_transition must have at most 7 items (got 8)"},
          {"9 s with two", {{"multi_transition", two_nine}}, 400017,
           "multi_transition[0].duration must be between 1 and 8 with 2 keyframes (got 9)"},
          {"6 s with three", {{"multi_transition", three_six}}, 400017,
           "multi_transition[0].duration must be between 1 and 5 with 3 or more keyframes (got 6)"},
          {"last has a duration", {{"multi_transition", last_three}}, 400017,
           "multi_transition[1].duration must be 0 or absent"},
          {"middle without duration", {{"multi_transition", no_duration}}, 400011, "multi_transition[1].duration is required"},
          {"duration as string", {{"multi_transition", as_string}}, 400013,
           "invalid binding request: multi_transition[0].duration must be integer"},
          {"unknown image", {{"multi_transition", unknown}}, 400032, "couldn't find a matching img_id"},
          {"model v5.5", {{"model", "v5.5"}}, 400017, "model 'v5.5' is not supported (allowed: v3.5, v4, v4.5, v5)"},
          {"fast on v5", {{"motion_mode", "fast"}}, 400017, "motion_mode fast is not supported by model v5"},
          {"fast with an 8 s segment", {{"model", "v4"}, {"motion_mode", "fast"}, {"multi_transition", two_eight}}, 400017,
           "motion_mode fast requires segments of at most 5 s"},
          {"quality", {{"quality", nullptr}}, 400011, "quality is required"},
      });
}
