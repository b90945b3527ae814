// Fusion's omni mode (V6) as the server applies it: defaults, the request body, the limits on
// image and video references, and what tools/list tells about them.
#include <catch2/catch.hpp>

#include "schema/tool_schema.h"

using app::ToolSchema;
using nlohmann::json;

namespace {

std::string check(const ToolSchema& s, const json& args) { return s.check(s.with_defaults(args)); }

}  // namespace

TEST_CASE("fusion omni mode: video references, up to 10 images, duration 0, aspect ratio auto, v6 only",
          "[model-rules]") {
  ToolSchema fusion("fusion_video");
  auto image = [](int i) {
    return json{{"type", "subject"}, {"img_id", i + 1}, {"ref_name", "img" + std::to_string(i)}};
  };
  auto images = [&](int n) {
    json out = json::array();
    for (int i = 0; i < n; ++i) out.push_back(image(i));
    return out;
  };
  const json by_upload = {{"ref_name", "moves"}, {"video_media_id", "/tmp/dance.mp4"}};
  const json by_video = {{"ref_name", "scene"}, {"source_video_id", 77}};

  SECTION("defaults: with video_references the mode is omni and the duration 0") {
    const json args = fusion.with_defaults(
        {{"prompt", "@img0 dances like @moves "}, {"image_references", images(1)}, {"video_references", {by_upload}}});
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
      {{{"video_references", {by_upload}}}, ""},  // videos only
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
      {{{"video_references", {{{"ref_name", "x"}, {"video_media_id", "clip.mp4"}}}}},
       "video_media_id"},  // not absolute
      {{{"video_references", json::array()}}, "video_references"},
      {{{"reference_mode", "full"}, {"image_references", images(1)}}, "reference_mode"},
      {json::object(), "give image_references, video_references or both"},
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
    const json& d = fusion.descriptor();
    const std::string description = d["description"].get<std::string>();
    CHECK_THAT(description, Catch::Contains("Give image_references, video_references or both."));
    const json items = d["inputSchema"]["properties"]["video_references"]["items"];
    CHECK(items["required"] == json::array({"ref_name"}));
    CHECK_FALSE(items.contains("allOf"));
    CHECK_THAT(d["inputSchema"]["properties"]["video_references"]["description"].get<std::string>(),
               Catch::Contains("exactly one of video_media_id") && Catch::Contains("15 s together"));
    CHECK(d["inputSchema"]["properties"]["reference_mode"]["enum"] == json::array({"omni"}));
    CHECK(d["inputSchema"]["required"] == json::array({"prompt"}));  // image_references or video_references
  }
}
