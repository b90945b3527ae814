// Per-endpoint input rules beyond the model table, as the server applies them before anything
// reaches PixVerse (ToolSchema::check): exactly-one-of inputs, multi-transition segments, the
// editing endpoints' quality sets, prompt lengths, style and extend's required seed.
#include <catch2/catch.hpp>

#include <optional>
#include <set>

#include "schema/tool_schema.h"

using app::ToolSchema;
using nlohmann::json;

namespace {

std::string check(const ToolSchema& s, const json& args) { return s.check(s.with_defaults(args)); }

}  // namespace

TEST_CASE("exactly-one-of inputs and endpoint-specific limits", "[model-rules]") {
  struct Case {
    std::string tool;
    json args;
    std::string expect;
  };
  const json ref = {{"type", "subject"}, {"img_id", 1}, {"ref_name", "a"}};
  auto refs = [&](int n) {  // n references with distinct names a, a1, a2, …
    json out = json::array();
    for (int i = 0; i < n; ++i)
      out.push_back(json{{"type", "subject"}, {"img_id", 1}, {"ref_name", i ? "a" + std::to_string(i) : "a"}});
    return out;
  };
  const std::vector<Case> cases{
      {"extend_video", {{"prompt", "x"}}, "exactly one of source_video_id"},
      {"extend_video",
       {{"prompt", "x"}, {"source_video_id", 1}, {"video_media_id", 2}},
       "exactly one of source_video_id"},
      {"extend_video", {{"prompt", "x"}, {"video_media_id", "/tmp/clip.mp4"}}, ""},  // a path is uploaded first
      {"extend_video", {{"prompt", "x"}, {"source_video_id", "/tmp/clip.mp4"}}, "source_video_id"},  // not uploadable
      {"extend_video", {{"prompt", "x"}, {"source_video_id", 1}, {"model", "c1"}}, "model"},
      {"lip_sync_video", {{"source_video_id", 1}}, "audio_media_id"},
      {"lip_sync_video", {{"source_video_id", 1}, {"lip_sync_tts_speaker_id", "Auto"}}, "audio_media_id"},
      {"lip_sync_video",
       {{"source_video_id", 1}, {"lip_sync_tts_speaker_id", "Auto"}, {"lip_sync_tts_content", "hi"}},
       ""},
      {"lip_sync_video",
       {{"source_video_id", 1},
        {"audio_media_id", 3},
        {"lip_sync_tts_speaker_id", "Auto"},
        {"lip_sync_tts_content", "hi"}},
       "audio_media_id"},
      {"lip_sync_video",
       {{"source_video_id", 1}, {"lip_sync_tts_speaker_id", "7"}, {"lip_sync_tts_content", std::string(201, 'a')}},
       "lip_sync_tts_content"},
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
      {"fusion_video",
       {{"prompt", "@a"}, {"model", "v5.5"}, {"generate_audio_switch", true}, {"image_references", {ref}}},
       "generate_audio_switch in fusion"},
      {"multi_transition_video", {{"multi_transition", {{{"img_id", 1}, {"duration", 8}}, {{"img_id", 2}}}}}, ""},
      {"multi_transition_video",
       {{"multi_transition", {{{"img_id", 1}, {"duration", 8}}, {{"img_id", 2}, {"duration", 3}}, {{"img_id", 3}}}}},
       "1–5 s"},
      {"multi_transition_video", {{"multi_transition", {{{"img_id", 1}}}}}, "multi_transition"},
      {"multi_transition_video",
       {{"model", "v6"}, {"multi_transition", {{{"img_id", 1}, {"duration", 3}}, {{"img_id", 2}}}}},
       "model"},
      {"template_video", {{"template_id", 1}}, "img_id"},
      {"template_video", {{"template_id", 1}, {"img_ids", {"/tmp/a.png", "/tmp/b.png"}}}, ""},
      {"image_to_video", {{"prompt", "x"}, {"img_ids", {1, 2}}}, "img_ids with a multi-image template_id"},
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
      ds.emplace_back(std::nullopt);
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
      {{9, std::nullopt}, {}, "duration"},  // beyond 8 s
      {{std::nullopt, std::nullopt}, {}, "with 2 keyframes the first needs duration 1–8 s"},
      {{0, std::nullopt}, {}, "with 2 keyframes"},
      {{5, 3}, {}, "the last's duration is 0 or omitted"},
      {{6, 2, std::nullopt}, {}, "with 3 keyframes each one but the last needs duration 1–5 s"},
      {{2, std::nullopt, std::nullopt}, {}, "with 3 keyframes"},
      {{1, 1, 1, 1, 1, 1, 1, std::nullopt}, {}, "multi_transition"},  // 8 keyframes
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
  const json qualities = ToolSchema("text_to_video").input_schema()["properties"]["quality"]["enum"];  // all four
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
    for (const auto& quality : qualities) {
      const std::string q = quality.get<std::string>();
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
  CHECK_THAT(published["properties"]["seed"]["description"].get<std::string>(), Catch::Contains("random one is sent"));
  // Only where PixVerse requires a seed: nowhere else is one invented.
  for (const std::string tool : {"text_to_video", "image_to_video", "transition_video", "fusion_video",
                                 "multi_transition_video", "restyle_video", "sound_effect_video"}) {
    INFO(tool);
    ToolSchema schema(tool);
    CHECK_FALSE(schema.input_schema()["properties"]["seed"].contains("x-random-default"));
    CHECK_FALSE(schema.with_defaults({{"prompt", "x"}}).contains("seed"));
  }
}
