// The product's rules and the simulator's agree on the per-endpoint contract (docs/pixverse-api.md):
// each case is a tool's arguments; the server's verdict (ToolSchema::check after defaults) and
// the simulator's (the body the server would send, POSTed to the tool's endpoint) must be the
// same. Where only one side can know (a media id's length), the asymmetry is stated. The per-model
// rules (model × duration × quality × aspect ratio × gated field) are compared on a grid in
// test_rules_grid.cpp.
#include <catch2/catch.hpp>

#include "schema/tool_schema.h"
#include "sim_fixture.h"
#include "tools/tool_table.h"

using simtest::json;

namespace {

std::string path_of(const std::string& tool) {
  for (const auto& row : app::tool_table())
    if (row.name == tool) return std::string(row.path);
  throw std::runtime_error("no tool " + tool);
}

struct Verdicts {
  std::string product;  // "" = accepted
  simtest::Answer sim;
};

Verdicts judge(const simtest::Sim& sim, const std::string& tool, const json& args) {
  const app::ToolSchema schema(tool);
  const json full = schema.with_defaults(args);
  return {schema.check(full), sim.post(path_of(tool), schema.request_body(full))};
}

}  // namespace

TEST_CASE("product and simulator agree on required fields, limits, omni mode and the V6 fields", "[sim][agree]") {
  simtest::Sim sim({"--max-concurrent", "200", "--polls", "0"});
  const auto img = sim.upload_asset("cat.png"), img2 = sim.upload_asset("square.png");
  const auto video = sim.finished_video();
  const auto clip = sim.upload_media_asset("sample.mp4");  // 5 s
  const auto ten_s = sim.upload_media_bytes(simtest::retimed_mp4(sim.asset("sample.mp4"), 10000), "ten.mp4");
  auto images = [&](int n) {
    json out = json::array();
    for (int i = 0; i < n; ++i) out.push_back({{"type", "subject"}, {"img_id", img}, {"ref_name", "p" + std::to_string(i)}});
    return out;
  };
  const std::string over(2049, 'a'), at_limit(2048, 'a');
  const json moves = {{"ref_name", "moves"}, {"video_media_id", clip}};

  struct Case {
    const char* what;
    std::string tool;
    json args;
    bool accepted;
  };
  const std::vector<Case> cases{
      // Required where PixVerse requires: extend's seed is filled in by the server.
      {"extend without a seed", "extend_video", {{"prompt", "more"}, {"source_video_id", video}}, true},
      {"extend with a seed", "extend_video", {{"prompt", "more"}, {"source_video_id", video}, {"seed", 0}}, true},
      // Prompts.
      {"extend prompt 2048", "extend_video", {{"prompt", at_limit}, {"source_video_id", video}}, true},
      {"extend prompt 2049", "extend_video", {{"prompt", over}, {"source_video_id", video}}, false},
      {"transition prompt 2049", "transition_video", {{"prompt", over}, {"first_frame_img", img}, {"last_frame_img", img2}},
       false},
      {"template prompt 2049", "template_video", {{"prompt", over}, {"template_id", 315446315336768ULL}, {"img_id", img}},
       false},
      {"template prompt 2048", "template_video", {{"prompt", at_limit}, {"template_id", 315446315336768ULL}, {"img_id", img}},
       true},
      {"text to video prompt 2049", "text_to_video", {{"prompt", over}}, true},
      // Motion control has no 1080p.
      {"mimic 1080p", "motion_control_video", {{"video_media_id", clip}, {"img_id", img}, {"quality", "1080p"}}, false},
      {"mimic 720p", "motion_control_video", {{"video_media_id", clip}, {"img_id", img}, {"quality", "720p"}}, true},
      // Fields the V6 clients send.
      {"style realistic", "text_to_video", {{"prompt", "x"}, {"style", "realistic"}}, true},
      {"transition negative_prompt and style", "transition_video",
       {{"prompt", "x"}, {"first_frame_img", img}, {"last_frame_img", img2}, {"negative_prompt", "blur"},
        {"style", "realistic"}},
       true},
      {"fusion negative_prompt and style", "fusion_video",
       {{"prompt", "@p0 "}, {"image_references", images(1)}, {"negative_prompt", "blur"}, {"style", "anime"}}, true},
      {"sound effect seed", "sound_effect_video", {{"source_video_id", video}, {"seed", 5}}, true},
      {"style unknown", "text_to_video", {{"prompt", "x"}, {"style", "oil"}}, false},
      // Fusion omni mode.
      {"omni: a video and an image", "fusion_video",
       {{"prompt", "@p0 dances like @moves "}, {"image_references", images(1)}, {"video_references", {moves}}}, true},
      {"omni: a video, aspect auto", "fusion_video",
       {{"prompt", "@moves "}, {"video_references", {moves}}, {"aspect_ratio", "auto"}}, true},
      {"omni: two videos (a generated one)", "fusion_video",
       {{"prompt", "@moves @scene "},
        {"video_references", {moves, {{"ref_name", "scene"}, {"source_video_id", video}}}}},
       true},
      {"omni: ten images", "fusion_video",
       {{"prompt", "@p0 "}, {"reference_mode", "omni"}, {"image_references", images(10)}}, true},
      {"omni: eleven images", "fusion_video",
       {{"prompt", "@p0 "}, {"reference_mode", "omni"}, {"image_references", images(11)}}, false},
      {"eight images without omni", "fusion_video", {{"prompt", "@p0 "}, {"image_references", images(8)}}, false},
      {"omni: three videos", "fusion_video",
       {{"prompt", "@a @b @c "},
        {"video_references",
         {{{"ref_name", "a"}, {"video_media_id", clip}}, {{"ref_name", "b"}, {"video_media_id", clip}},
          {{"ref_name", "c"}, {"video_media_id", clip}}}}},
       false},
      {"omni on c1", "fusion_video", {{"prompt", "@moves "}, {"video_references", {moves}}, {"model", "c1"}}, false},
      {"omni with a duration", "fusion_video", {{"prompt", "@moves "}, {"video_references", {moves}}, {"duration", 5}},
       false},
      {"aspect auto without videos", "fusion_video",
       {{"prompt", "@p0 "}, {"image_references", images(1)}, {"aspect_ratio", "auto"}}, false},
      {"a video reference with both ids", "fusion_video",
       {{"prompt", "@moves "}, {"video_references", {{{"ref_name", "moves"}, {"video_media_id", clip},
                                                      {"source_video_id", video}}}}},
       false},
      {"no references", "fusion_video", {{"prompt", "x"}}, false},
      // @ref_name references (the product checks them before uploading: ref_names.h).
      {"a ref_name used by an image and a video", "fusion_video",
       {{"prompt", "@p0 "}, {"image_references", images(1)}, {"video_references", {{{"ref_name", "p0"}, {"video_media_id", clip}}}}},
       false},
      {"the prompt names an unknown reference", "fusion_video",
       {{"prompt", "@p0 meets @nobody "}, {"image_references", images(1)}}, false},
      {"a reference not followed by a space", "fusion_video", {{"prompt", "look at @p0, now"}, {"image_references", images(1)}},
       false},
      {"a reference at the very end", "fusion_video", {{"prompt", "look at @p0"}, {"image_references", images(1)}}, true},
      {"a name that only starts like a reference", "fusion_video",
       {{"prompt", "@p1 and @p10 "}, {"image_references", images(10)}, {"reference_mode", "omni"}}, false},
      {"the longer of two names", "fusion_video",
       {{"prompt", "@cats chase @cat "},
        {"image_references", {{{"type", "subject"}, {"img_id", img}, {"ref_name", "cat"}},
                              {{"type", "subject"}, {"img_id", img2}, {"ref_name", "cats"}}}}},
       true},
      {"a prompt that names no reference", "fusion_video", {{"prompt", "a cat"}, {"image_references", images(1)}}, true},
      {"a ref_name with a space", "fusion_video",
       {{"prompt", "@big cat runs"}, {"image_references", {{{"type", "subject"}, {"img_id", img}, {"ref_name", "big cat"}}}}},
       true},
  };
  SECTION("every case: both accept or both refuse") {
    for (const auto& c : cases) {
      const Verdicts v = judge(sim, c.tool, c.args);
      INFO(c.what << ": server says \"" << v.product << "\"; simulator says " << v.sim.err_code() << " "
                  << v.sim.err_msg());
      CHECK(v.product.empty() == c.accepted);
      CHECK((v.sim.err_code() == 0) == c.accepted);
    }
  }

  SECTION("without the seed the server adds, the simulator refuses extend, as PixVerse's spec says") {
    const app::ToolSchema extend("extend_video");
    json body = extend.request_body(extend.with_defaults({{"prompt", "more"}, {"source_video_id", video}}));
    REQUIRE(body.contains("seed"));
    body.erase("seed");
    auto refused = sim.post(path_of("extend_video"), body);
    CHECK(refused.err_code() == 400011);
    CHECK(refused.err_msg() == "seed is required");
  }

  SECTION("lengths of media given by id are PixVerse's to check: the server passes them, the simulator decides") {
    // 10 s + 10 s of reference videos: the server cannot know the ids' lengths; with local files
    // it refuses them itself (tests/sim/test_media_upload.cpp, tests/e2e/test_all_tools.cpp).
    const json args = {{"prompt", "@a @b "},
                       {"video_references",
                        {{{"ref_name", "a"}, {"video_media_id", ten_s}}, {{"ref_name", "b"}, {"video_media_id", ten_s}}}}};
    const Verdicts v = judge(sim, "fusion_video", args);
    CHECK(v.product.empty());
    CHECK(v.sim.err_code() == 400017);
    CHECK_THAT(v.sim.err_msg(), Catch::Matchers::Contains("20.0 s together"));
  }
}
