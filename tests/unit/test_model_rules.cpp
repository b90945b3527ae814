// The per-model rules, table-driven: for every model, every allowed duration × quality ×
// aspect ratio passes validation, and representative forbidden requests are rejected locally
// with a message that names the rule (nothing reaches PixVerse: this is ToolSchema::check).
#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <set>

#include "schema/tool_schema.h"

using app::ToolSchema;
using nlohmann::json;

namespace {

const std::vector<std::string> kQualities{"360p", "540p", "720p", "1080p"};
const std::vector<std::string> kBaseRatios{"16:9", "4:3", "1:1", "3:4", "9:16"};
const std::vector<std::string> kWideRatios{"2:3", "3:2", "21:9"};

std::vector<int> range(int lo, int hi) {
  std::vector<int> v;
  for (int i = lo; i <= hi; ++i) v.push_back(i);
  return v;
}

// What each model allows (docs/pixverse-api.md, "Models").
struct ModelRule {
  std::string model;
  std::vector<int> durations;
  std::set<std::pair<int, std::string>> forbidden;  // (duration, quality) pairs not allowed
  bool wide_ratios;
};

const std::vector<ModelRule>& model_rules() {
  static const std::vector<ModelRule> rules{
      // v3.5 at 1080p/8 s is excluded by every reading of the docs; v4/v4.5 are disputed (API decides).
      {"v3.5", {5, 8}, {{8, "1080p"}}, false}, {"v4", {5, 8}, {}, false}, {"v4.5", {5, 8}, {}, false},
      {"v5", {5, 8}, {}, false},     {"v5.5", {5, 8, 10}, {{10, "1080p"}}, false},
      {"v5.6", {5, 8, 10}, {{10, "1080p"}}, false},
      {"v6", range(1, 15), {}, true}, {"c1", range(1, 15), {}, true}};
  return rules;
}

std::string check(const ToolSchema& s, const json& args) { return s.check(s.with_defaults(args)); }

// Extra arguments a tool needs besides the model fields.
json base_args(const std::string& tool) {
  if (tool == "text_to_video") return {{"prompt", "x"}};
  if (tool == "image_to_video") return {{"prompt", "x"}, {"img_id", 1}};
  if (tool == "transition_video") return {{"prompt", "x"}, {"first_frame_img", 1}, {"last_frame_img", 2}};
  if (tool == "extend_video") return {{"prompt", "x"}, {"source_video_id", 1}};
  if (tool == "fusion_video")
    return {{"prompt", "@a runs"}, {"image_references", {{{"type", "subject"}, {"img_id", 1}, {"ref_name", "a"}}}}};
  return json::object();
}

}  // namespace

TEST_CASE("every allowed model × duration × quality × aspect ratio passes, forbidden ones are named", "[model-rules]") {
  const std::map<std::string, std::set<std::string>> models_of{
      {"text_to_video", {"v3.5", "v4", "v4.5", "v5", "v5.5", "v5.6", "v6", "c1"}},
      {"image_to_video", {"v3.5", "v4", "v4.5", "v5", "v5.5", "v5.6", "v6", "c1"}},
      {"transition_video", {"v3.5", "v4", "v4.5", "v5", "v5.5", "v5.6", "v6", "c1"}},
      {"extend_video", {"v3.5", "v4", "v4.5", "v5", "v5.5", "v6"}},
      {"fusion_video", {"v4.5", "v5", "v5.5", "v5.6", "v6", "c1"}}};
  for (const auto& [tool, models] : models_of) {
    ToolSchema schema(tool);
    const bool has_ratio = schema.input_schema()["properties"].contains("aspect_ratio");
    int passed = 0;
    for (const auto& rule : model_rules()) {
      INFO(tool << " " << rule.model);
      json args = base_args(tool);
      args["model"] = rule.model;
      if (!models.count(rule.model)) {
        CHECK_FALSE(check(schema, args).empty());  // the model itself is not offered here
        continue;
      }
      for (int d : range(0, 16))
        for (const auto& q : kQualities) {
          args["duration"] = d;
          args["quality"] = q;
          args.erase("aspect_ratio");
          bool allowed = std::count(rule.durations.begin(), rule.durations.end(), d) && !rule.forbidden.count({d, q});
          std::string problem = check(schema, args);
          INFO(d << " s " << q << ": " << problem);
          CHECK(problem.empty() == allowed);
          if (allowed) ++passed;
          if (!allowed) {  // the message names the field and what this model takes
            CHECK(problem.find("duration") != std::string::npos);
            CHECK((problem.find(rule.model) != std::string::npos || d < 1 || d > 15));
          }
          if (!allowed || !has_ratio) continue;
          for (const auto& r : kBaseRatios) {
            args["aspect_ratio"] = r;
            CHECK(check(schema, args).empty());
          }
          for (const auto& r : kWideRatios) {
            args["aspect_ratio"] = r;
            std::string wide = check(schema, args);
            CHECK(wide.empty() == rule.wide_ratios);
            if (!rule.wide_ratios) CHECK(wide.find("need model v6 or c1") != std::string::npos);
          }
        }
    }
    CHECK(passed > 0);
  }
}

TEST_CASE("version-gated switches, motion mode and legacy fields", "[model-rules]") {
  ToolSchema t2v("text_to_video");
  struct Case {
    json args;
    std::string expect;  // "" = valid, else a substring of the error
  };
  const std::vector<Case> cases{
      {{{"model", "v5"}, {"generate_audio_switch", true}}, "generate_audio_switch needs model v5.5, v5.6, v6 or c1"},
      {{{"model", "v5.5"}, {"generate_audio_switch", true}}, ""},
      {{{"model", "v5.6"}, {"generate_multi_clip_switch", true}}, "generate_multi_clip_switch needs model v5.5 or v6"},
      {{{"model", "v6"}, {"generate_multi_clip_switch", true}}, ""},
      {{{"model", "v5.6"}, {"thinking_type", "enabled"}}, "thinking_type needs model v5.5 or v6"},
      {{{"model", "v6"}, {"thinking_type", "auto"}}, ""},  // v6 is uncertain in the docs: not blocked
      {{{"model", "v6"}, {"sound_effect_switch", true}}, "legacy field"},
      {{{"model", "v6"}, {"sound_effect_switch", true}, {"template_id", 1}}, ""},
      {{{"model", "v5"}, {"lip_sync_tts_switch", true}}, ""},
      {{{"model", "v5.5"}, {"lip_sync_tts_content", "hi"}}, "legacy field"},
      {{{"model", "v4.5"}, {"motion_mode", "fast"}}, ""},
      {{{"model", "v4.5"}, {"motion_mode", "fast"}, {"duration", 8}}, "motion_mode fast"},
      {{{"model", "v4.5"}, {"motion_mode", "fast"}, {"quality", "1080p"}}, "motion_mode fast"},
      {{{"model", "v5"}, {"motion_mode", "fast"}}, "motion_mode fast"},
      {{{"model", "v4"}, {"camera_movement", "zoom_in"}}, ""},
      {{{"model", "v6"}, {"camera_movement", "zoom_in"}}, "camera_movement needs model v4 or v4.5"},
      {{{"model", "v4"}, {"camera_movement", "zoom_in"}, {"template_id", 5}}, "camera_movement"},
      {{{"seed", 2147483648LL}}, "seed"},
      {{{"seed", -1}}, "seed"},
      {{{"prompt", std::string(5001, 'a')}}, "prompt"},
      {{{"prompt", std::string(3000, 'a')}}, ""},  // 2048 vs 5000 is uncertain: let PixVerse decide
  };
  for (const auto& c : cases) {
    json args = c.args;
    if (!args.contains("prompt")) args["prompt"] = "x";
    std::string problem = check(t2v, args);
    INFO(args.dump().substr(0, 200) << " → " << problem);
    if (c.expect.empty()) CHECK(problem.empty());
    else CHECK(problem.find(c.expect) != std::string::npos);
  }
}

TEST_CASE("exactly-one-of inputs and endpoint-specific limits", "[model-rules]") {
  struct Case {
    std::string tool;
    json args;
    std::string expect;
  };
  const json ref = {{"type", "subject"}, {"img_id", 1}, {"ref_name", "a"}};
  auto refs = [&](int n) {  // n references with distinct names a, a1, a2, …
    json out = json::array();
    for (int i = 0; i < n; ++i) out.push_back(json{{"type", "subject"}, {"img_id", 1}, {"ref_name", i ? "a" + std::to_string(i) : "a"}});
    return out;
  };
  const std::vector<Case> cases{
      {"extend_video", {{"prompt", "x"}}, "exactly one of source_video_id"},
      {"extend_video", {{"prompt", "x"}, {"source_video_id", 1}, {"video_media_id", 2}}, "exactly one of source_video_id"},
      {"extend_video", {{"prompt", "x"}, {"video_media_id", "/tmp/clip.mp4"}}, ""},  // a path is uploaded first
      {"extend_video", {{"prompt", "x"}, {"source_video_id", "/tmp/clip.mp4"}}, "source_video_id"},  // not uploadable
      {"extend_video", {{"prompt", "x"}, {"source_video_id", 1}, {"model", "c1"}}, "model"},
      {"lip_sync_video", {{"source_video_id", 1}}, "audio_media_id"},
      {"lip_sync_video", {{"source_video_id", 1}, {"lip_sync_tts_speaker_id", "Auto"}}, "audio_media_id"},
      {"lip_sync_video", {{"source_video_id", 1}, {"lip_sync_tts_speaker_id", "Auto"}, {"lip_sync_tts_content", "hi"}}, ""},
      {"lip_sync_video", {{"source_video_id", 1}, {"audio_media_id", 3}, {"lip_sync_tts_speaker_id", "Auto"},
                          {"lip_sync_tts_content", "hi"}}, "audio_media_id"},
      {"lip_sync_video", {{"source_video_id", 1}, {"lip_sync_tts_speaker_id", "7"},
                          {"lip_sync_tts_content", std::string(201, 'a')}}, "lip_sync_tts_content"},
      {"restyle_video", {{"source_video_id", 1}}, "restyle_id"},
      {"restyle_video", {{"source_video_id", 1}, {"restyle_id", 2}, {"restyle_prompt", "anime"}}, "restyle_id"},
      {"restyle_video", {{"source_video_id", 1}, {"restyle_prompt", "anime"}}, ""},
      {"swap_video", {{"source_video_id", 1}, {"mask_id", "7"}, {"img_id", 2}, {"quality", "1080p"}}, "quality"},
      {"swap_video", {{"source_video_id", 1}, {"mask_id", 7}, {"img_id", 2}}, "mask_id"},  // mask ids are strings
      {"swap_video", {{"source_video_id", 1}, {"mask_id", "7"}, {"img_id", "https://x/y.png"}}, ""},
      {"modify_video", {{"source_video_id", 1}, {"prompt", "x"}, {"quality", "1080p"}}, "quality"},
      {"modify_video", {{"source_video_id", 1}, {"prompt", "x"}, {"img_ids", {1, 2, 3, 4}}}, "img_ids"},
      {"motion_control_video", {{"video_media_id", 1}, {"img_id", 2}, {"quality", "1080p"}}, "quality"},  // Mimic guide
      {"fusion_video", {{"prompt", "@a"}, {"model", "v5"}, {"image_references", refs(4)}}, "1 to 3 image_references"},
      {"fusion_video", {{"prompt", "@a"}, {"model", "c1"}, {"image_references", refs(4)}}, ""},
      {"fusion_video", {{"prompt", "@a"}, {"image_references", {ref, ref}}}, "ref_name \"a\" is used twice"},
      {"fusion_video", {{"prompt", "@a and @b "}, {"image_references", {ref}}}, "@b, which is no reference's ref_name"},
      {"fusion_video", {{"prompt", "@a."}, {"image_references", {ref}}}, "@a must be followed by a space"},
      {"fusion_video", {{"prompt", "@a"}, {"model", "v5.5"}, {"generate_audio_switch", true}, {"image_references", {ref}}},
       "generate_audio_switch in fusion"},
      {"multi_transition_video", {{"multi_transition", {{{"img_id", 1}, {"duration", 8}}, {{"img_id", 2}}}}}, ""},
      {"multi_transition_video",
       {{"multi_transition", {{{"img_id", 1}, {"duration", 8}}, {{"img_id", 2}, {"duration", 3}}, {{"img_id", 3}}}}}, "1–5 s"},
      {"multi_transition_video", {{"multi_transition", {{{"img_id", 1}}}}}, "multi_transition"},
      {"multi_transition_video", {{"model", "v6"}, {"multi_transition", {{{"img_id", 1}, {"duration", 3}}, {{"img_id", 2}}}}}, "model"},
      {"template_video", {{"template_id", 1}}, "img_id"},
      {"template_video", {{"template_id", 1}, {"img_ids", {"/tmp/a.png", "/tmp/b.png"}}}, ""},
      {"image_to_video", {{"prompt", "x"}, {"img_ids", {1, 2}}}, "img_ids together with a multi-image template_id"},
      {"image_to_video", {{"prompt", "x"}, {"img_id", "data:image/png;base64,AAAA"}}, ""},
      {"image_to_video", {{"prompt", "x"}, {"img_id", "cat.png"}}, "img_id"},  // relative paths are not accepted
      {"upload_video", json::object(), "exactly one of file_path or file_url"},
      {"create_swap_mask", {{"video_media_id", 5}, {"keyframe_id", -1}}, "keyframe_id"},
      {"image_template", {{"template_id", 1}}, "img_ids"},
  };
  for (const auto& c : cases) {
    ToolSchema s(c.tool);
    std::string problem = check(s, c.args);
    INFO(c.tool << " " << c.args.dump().substr(0, 200) << " → " << problem);
    if (c.expect.empty()) CHECK(problem.empty());
    else CHECK(problem.find(c.expect) != std::string::npos);
  }
}

TEST_CASE("templates take each model's durations, multi-transition takes v3.5–v5 at any quality",
          "[model-rules]") {
  ToolSchema tpl("template_video");
  ToolSchema multi("multi_transition_video");
  const json two_keyframes = {{{"img_id", 1}, {"duration", 5}}, {{"img_id", 2}}};
  const std::set<std::string> multi_models{"v3.5", "v4", "v4.5", "v5"};
  for (const auto& rule : model_rules()) {
    for (const auto& q : kQualities) {
      INFO(rule.model << " " << q);
      for (int d : range(1, 15)) {  // the same endpoint as image_to_video: the same per-model durations
        std::string problem = check(tpl, {{"template_id", 7}, {"img_id", 1}, {"model", rule.model}, {"duration", d},
                                          {"quality", q}});
        INFO(d << " s: " << problem);
        CHECK(problem.empty() == (std::count(rule.durations.begin(), rule.durations.end(), d) &&
                                  !rule.forbidden.count({d, q})));
      }
      std::string problem = check(multi, {{"model", rule.model}, {"quality", q}, {"multi_transition", two_keyframes}});
      INFO(problem);
      if (multi_models.count(rule.model)) CHECK(problem.empty());
      else CHECK(problem.find("model") != std::string::npos);
    }
  }
}

TEST_CASE("multi-transition segments: 2–7 keyframes, 1–8 s with two, 1–5 s with more, the last is 0 or omitted",
          "[model-rules]") {
  ToolSchema multi("multi_transition_video");
  auto keyframes = [](std::vector<std::optional<int>> durations) {
    json items = json::array();
    for (std::size_t i = 0; i < durations.size(); ++i) {
      json k = {{"img_id", i + 1}};
      if (durations[i]) k["duration"] = *durations[i];
      items.push_back(k);
    }
    return json{{"multi_transition", items}};
  };
  // Every count of keyframes with every allowed segment length passes.
  for (int n = 2; n <= 7; ++n)
    for (int d = 1; d <= (n == 2 ? 8 : 5); ++d) {
      std::vector<std::optional<int>> ds(n - 1, d);
      ds.push_back(std::nullopt);
      INFO(n << " keyframes of " << d << " s");
      CHECK(check(multi, keyframes(ds)).empty());
      ds.back() = 0;
      CHECK(check(multi, keyframes(ds)).empty());
    }
  struct Case {
    std::vector<std::optional<int>> durations;
    json extra;
    std::string expect;
  };
  const std::vector<Case> cases{
      {{9, std::nullopt}, {}, "duration"},                               // beyond 8 s
      {{std::nullopt, std::nullopt}, {}, "with 2 keyframes the first needs duration 1–8 s"},
      {{0, std::nullopt}, {}, "with 2 keyframes"},
      {{5, 3}, {}, "the last's duration is 0 or omitted"},
      {{6, 2, std::nullopt}, {}, "with 3 keyframes each one but the last needs duration 1–5 s"},
      {{2, std::nullopt, std::nullopt}, {}, "with 3 keyframes"},
      {{1, 1, 1, 1, 1, 1, 1, std::nullopt}, {}, "multi_transition"},    // 8 keyframes
      {{5, std::nullopt}, {{"motion_mode", "fast"}, {"model", "v4.5"}}, ""},
      {{5, std::nullopt}, {{"motion_mode", "fast"}}, "motion_mode fast needs model v3.5, v4 or v4.5"},  // default v5
      {{6, std::nullopt}, {{"motion_mode", "fast"}, {"model", "v4"}}, "segments of at most 5 s"},
      {{5, std::nullopt}, {{"motion_mode", "fast"}, {"model", "v4"}, {"quality", "1080p"}}, "not 1080p"},
      {{5, std::nullopt}, {{"model", "v5"}, {"quality", "1080p"}}, ""},
  };
  for (const auto& c : cases) {
    json args = keyframes(c.durations);
    if (c.extra.is_object()) args.update(c.extra);
    std::string problem = check(multi, args);
    INFO(args.dump() << " → " << problem);
    if (c.expect.empty()) CHECK(problem.empty());
    else CHECK(problem.find(c.expect) != std::string::npos);
  }
}

TEST_CASE("editing endpoints take their own quality sets", "[model-rules]") {
  const json video = {{"source_video_id", 1}};
  struct Tool {
    std::string name;
    json args;
    std::set<std::string> qualities;
  };
  const std::vector<Tool> tools{
      {"swap_video", {{"mask_id", "0"}, {"img_id", 2}}, {"360p", "540p", "720p"}},
      {"modify_video", {{"prompt", "@selection0 is a cat"}, {"mask_ids", {"0"}}}, {"360p", "540p", "720p"}},
      // mimic: the newest official page (the Mimic guide) says no 1080p.
      {"motion_control_video", {{"img_id", 2}}, {"360p", "540p", "720p"}},
  };
  for (const auto& t : tools) {
    ToolSchema schema(t.name);
    for (const auto& q : kQualities) {
      json args = t.args;
      args.update(video);
      args["quality"] = q;
      std::string problem = check(schema, args);
      INFO(t.name << " " << q << ": " << problem);
      CHECK(problem.empty() == (t.qualities.count(q) == 1));
      if (!problem.empty()) CHECK(problem.find("quality") != std::string::npos);
    }
  }
}

TEST_CASE("prompts: at most 2048 characters on transition, extend and template, 5000 elsewhere", "[model-rules]") {
  const std::string at_2048(2048, 'a'), over_2048(2049, 'a');
  const std::string wide_2048 = std::string(2047, 'a') + "\xC3\xA9";  // 2048 characters, 2049 bytes
  struct Tool {
    std::string name;
    json args;
    std::size_t limit;
  };
  const std::vector<Tool> tools{
      {"transition_video", {{"first_frame_img", 1}, {"last_frame_img", 2}}, 2048},
      {"extend_video", {{"source_video_id", 1}}, 2048},
      {"template_video", {{"template_id", 1}, {"img_id", 2}}, 2048},
      {"text_to_video", json::object(), 5000},
      {"image_to_video", {{"img_id", 2}}, 5000},
      {"modify_video", {{"source_video_id", 1}}, 5000},
  };
  for (const auto& t : tools) {
    ToolSchema schema(t.name);
    INFO(t.name);
    CHECK(schema.input_schema()["properties"]["prompt"]["maxLength"] == t.limit);
    json args = t.args;
    args["prompt"] = at_2048;
    CHECK(check(schema, args).empty());
    args["prompt"] = wide_2048;  // characters are counted, not bytes
    CHECK(check(schema, args).empty());
    args["prompt"] = over_2048;
    CHECK(check(schema, args).empty() == (t.limit == 5000));
    if (t.limit == 2048) CHECK_THAT(check(schema, args), Catch::Contains("prompt"));
  }
}

TEST_CASE("style takes realistic, transition and fusion take negative_prompt and style as the V6 clients send them",
          "[model-rules]") {
  const json ref = {{"type", "subject"}, {"img_id", 1}, {"ref_name", "a"}};
  const std::vector<std::pair<std::string, json>> tools{
      {"text_to_video", {{"prompt", "x"}}},
      {"image_to_video", {{"prompt", "x"}, {"img_id", 1}}},
      {"transition_video", {{"prompt", "x"}, {"first_frame_img", 1}, {"last_frame_img", 2}}},
      {"extend_video", {{"prompt", "x"}, {"source_video_id", 1}}},
      {"fusion_video", {{"prompt", "@a runs"}, {"image_references", {ref}}}},
  };
  for (const auto& [tool, base] : tools) {
    ToolSchema schema(tool);
    INFO(tool);
    json args = base;
    args["style"] = "realistic";
    args["negative_prompt"] = "blur";
    CHECK(check(schema, args).empty());
    CHECK(schema.request_body(schema.with_defaults(args))["style"] == "realistic");
    args["style"] = "photographic";
    CHECK_THAT(check(schema, args), Catch::Contains("style"));
    args.erase("style");
    args["negative_prompt"] = std::string(2049, 'n');
    CHECK_THAT(check(schema, args), Catch::Contains("negative_prompt"));
  }
  // The official MCP server sends a seed to sound effects.
  ToolSchema sound("sound_effect_video");
  CHECK(check(sound, {{"source_video_id", 1}, {"seed", 7}}).empty());
  CHECK_FALSE(check(sound, {{"source_video_id", 1}, {"seed", -1}}).empty());
}

TEST_CASE("extend sends a seed PixVerse requires: a random one in 0..2147483647 when none is given", "[model-rules]") {
  ToolSchema extend("extend_video");
  const json given = {{"prompt", "x"}, {"source_video_id", 1}};
  std::set<std::int64_t> seeds;
  for (int i = 0; i < 20; ++i) {
    const json args = extend.with_defaults(given);
    REQUIRE(args.contains("seed"));
    const auto seed = args["seed"].get<std::int64_t>();
    CHECK(seed >= 0);
    CHECK(seed <= 2147483647);
    seeds.insert(seed);
    CHECK(extend.check(args).empty());
    CHECK(extend.request_body(args)["seed"] == seed);  // what is sent is what the arguments hold
  }
  CHECK(seeds.size() > 1);  // random, not a constant (20 equal draws: odds 2^-600)
  json mine = given;
  mine["seed"] = 42;
  CHECK(extend.with_defaults(mine)["seed"] == 42);  // a given seed is kept
  mine["seed"] = 0;
  CHECK(extend.with_defaults(mine)["seed"] == 0);
  // The published schema leaves it optional and says what happens.
  const json published = extend.descriptor()["inputSchema"];
  CHECK(published["required"] == json::array({"prompt"}));
  CHECK_THAT(published["properties"]["seed"]["description"].get<std::string>(),
             Catch::Contains("random one is sent") && Catch::Contains("may not reproduce"));
  // Only where PixVerse requires a seed: nowhere else is one invented.
  for (const std::string tool : {"text_to_video", "image_to_video", "transition_video", "fusion_video",
                                 "multi_transition_video", "restyle_video", "sound_effect_video"}) {
    INFO(tool);
    ToolSchema schema(tool);
    CHECK_FALSE(schema.input_schema()["properties"]["seed"].contains("x-random-default"));
    CHECK_FALSE(schema.with_defaults({{"prompt", "x"}}).contains("seed"));
  }
}

TEST_CASE("fusion omni mode: video references, up to 10 images, duration 0, aspect ratio auto, v6 only",
          "[model-rules]") {
  ToolSchema fusion("fusion_video");
  auto image = [](int i) { return json{{"type", "subject"}, {"img_id", i + 1}, {"ref_name", "img" + std::to_string(i)}}; };
  auto images = [&](int n) {
    json out = json::array();
    for (int i = 0; i < n; ++i) out.push_back(image(i));
    return out;
  };
  const json by_upload = {{"ref_name", "moves"}, {"video_media_id", "/tmp/dance.mp4"}};
  const json by_video = {{"ref_name", "scene"}, {"source_video_id", 77}};

  SECTION("defaults: with video_references the mode is omni and the duration 0") {
    const json args = fusion.with_defaults({{"prompt", "@img0 dances like @moves "}, {"image_references", images(1)},
                                            {"video_references", {by_upload}}});
    CHECK(args["reference_mode"] == "omni");
    CHECK(args["duration"] == 0);
    CHECK(args["aspect_ratio"] == "16:9");
    CHECK(fusion.check(args).empty());
    const json plain = fusion.with_defaults({{"prompt", "@img0 "}, {"image_references", images(1)}});
    CHECK_FALSE(plain.contains("reference_mode"));
    CHECK(plain["duration"] == 5);
    // The body carries the mode and the references; ids as integers, paths until uploaded.
    const json body = fusion.request_body(fusion.with_defaults(
        {{"prompt", "@scene "}, {"video_references", {{{"ref_name", "scene"}, {"source_video_id", "77"}}}}}));
    CHECK(body["video_references"] == json::array({{{"ref_name", "scene"}, {"source_video_id", 77}}}));
    CHECK(body["reference_mode"] == "omni");
    CHECK(body["duration"] == 0);
    CHECK_FALSE(body.contains("image_references"));
  }

  struct Case {
    json args;
    std::string expect;  // "" = valid
  };
  const std::vector<Case> cases{
      {{{"video_references", {by_upload}}}, ""},                                      // videos only
      {{{"video_references", {by_upload, by_video}}, {"image_references", images(10)}}, ""},
      {{{"video_references", {by_upload}}, {"aspect_ratio", "auto"}}, ""},
      {{{"reference_mode", "omni"}, {"image_references", images(10)}, {"duration", 8}}, ""},  // omni, images only
      {{{"image_references", images(7)}}, ""},
      {{{"image_references", images(8)}}, "at most 7 image_references"},
      {{{"reference_mode", "omni"}, {"image_references", images(11)}}, "image_references"},
      {{{"video_references", {by_upload, by_video, by_upload}}}, "video_references"},
      {{{"video_references", {by_upload}}, {"model", "c1"}}, "omni mode"},
      {{{"reference_mode", "omni"}, {"image_references", images(2)}, {"model", "v5.6"}}, "omni mode"},
      {{{"video_references", {by_upload}}, {"duration", 5}}, "duration is 0"},
      {{{"image_references", images(1)}, {"duration", 0}}, "needs video_references"},
      {{{"image_references", images(1)}, {"aspect_ratio", "auto"}}, "aspect_ratio auto"},
      {{{"video_references", {{{"ref_name", "x"}}}}}, "exactly one of video_media_id or source_video_id"},
      {{{"video_references", {{{"ref_name", "x"}, {"video_media_id", 1}, {"source_video_id", 2}}}}},
       "exactly one of video_media_id or source_video_id"},
      {{{"video_references", {{{"video_media_id", 1}}}}}, "ref_name"},
      {{{"video_references", {{{"ref_name", "x"}, {"video_media_id", "clip.mp4"}}}}}, "video_media_id"},  // not absolute
      {{{"video_references", json::array()}}, "video_references"},
      {{{"reference_mode", "full"}, {"image_references", images(1)}}, "reference_mode"},
      {json::object(), "give image_references, video_references (omni mode, v6) or both"},
  };
  for (const auto& c : cases) {
    json args = c.args;
    args["prompt"] = "one dances like the other";  // names no reference: the @ rules are tested above
    std::string problem = check(fusion, args);
    INFO(args.dump().substr(0, 300) << " → " << problem);
    if (c.expect.empty()) CHECK(problem.empty());
    else CHECK_THAT(problem, Catch::Contains(c.expect));
  }

  SECTION("tools/list tells the rules without combinators") {
    const json d = fusion.descriptor();
    const std::string description = d["description"].get<std::string>();
    CHECK_THAT(description, Catch::Contains("Give image_references, video_references (omni mode, v6) or both."));
    const json items = d["inputSchema"]["properties"]["video_references"]["items"];
    CHECK(items["required"] == json::array({"ref_name"}));
    CHECK_FALSE(items.contains("allOf"));
    CHECK_THAT(d["inputSchema"]["properties"]["video_references"]["description"].get<std::string>(),
               Catch::Contains("exactly one of video_media_id") && Catch::Contains("15 s together"));
    CHECK(d["inputSchema"]["properties"]["reference_mode"]["enum"] == json::array({"omni"}));
    CHECK(d["inputSchema"]["required"] == json::array({"prompt"}));  // image_references or video_references
  }
}
