// The schema walk of media/media_inputs.h: which argument values are media to upload first.
// The upload itself needs a PixVerse server; tests/sim/test_media_upload.cpp covers it.
#include <catch2/catch.hpp>

#include "media/media_inputs.h"
#include "schema/tool_schema.h"

using namespace app;
using nlohmann::json;

namespace {

// The shape of the real schemas, written by hand: the marker sits next to an anyOf.
json media_property(const char* kind) {
  return {{"anyOf", json::array({{{"type", "integer"}}, {{"type", "string"}}})}, {"x-media", kind}};
}

json sample_schema() {
  return {{"type", "object"},
          {"properties",
           {{"prompt", {{"type", "string"}}},
            {"img_id", media_property("image")},
            {"video_media_id", media_property("video")},
            {"audio_media_id", media_property("audio")},
            {"img_ids", {{"type", "array"}, {"items", media_property("image")}}},
            {"image_references",
             {{"type", "array"},
              {"items",
               {{"type", "object"},
                {"properties", {{"img_id", media_property("image")}, {"ref_name", {{"type", "string"}}}}}}}}}}}};
}

std::vector<std::string> fields(const std::vector<MediaSlot>& slots) {
  std::vector<std::string> out;
  for (const auto& s : slots) out.emplace_back(s.field);
  return out;
}

}  // namespace

TEST_CASE("media slots: ids stay, sources are listed with their field path and kind", "[media]") {
  json args = {{"prompt", "/not/media.png"},  // a string field without the marker is left alone
               {"img_id", "/home/me/cat.png"},
               {"video_media_id", "123456789012345"},  // a digit string is already an id
               {"audio_media_id", "https://example.com/a.mp3"},
               {"img_ids", json::array({42, "data:image/png;base64,AAAA", "~/dog.webp"})},
               {"image_references", json::array({{{"img_id", 7}, {"ref_name", "a"}},
                                                 {{"img_id", "/home/me/cat.png"}, {"ref_name", "b"}}})}};
  auto slots = media_slots(sample_schema(), args);
  CHECK(fields(slots) == std::vector<std::string>{"audio_media_id", "image_references[1].img_id", "img_id",
                                                  "img_ids[1]", "img_ids[2]"});
  REQUIRE(slots.size() == 5);
  CHECK(slots[0].kind == MediaKind::audio);
  CHECK(slots[0].source == "https://example.com/a.mp3");
  CHECK(slots[1].kind == MediaKind::image);
  CHECK(slots[1].source == "/home/me/cat.png");
  CHECK(slots[3].source == "data:image/png;base64,AAAA");
  CHECK(slots[4].source == "~/dog.webp");
}

TEST_CASE("media slots: nothing to upload when every value is an id", "[media]") {
  json args = {{"img_id", 1}, {"video_media_id", "2"}, {"img_ids", json::array({3, "4"})},
               {"image_references", json::array({{{"img_id", "5"}}})}};
  CHECK(media_slots(sample_schema(), args).empty());
  CHECK(media_slots(sample_schema(), json::object()).empty());
  // Arguments the schema does not describe are not walked.
  CHECK(media_slots(sample_schema(), json{{"extra", {{"img_id", "/a.png"}}}}).empty());
}

TEST_CASE("media slots: video and audio markers in array items keep their kind", "[media]") {
  json schema = {{"type", "object"},
                 {"properties",
                  {{"clips",
                    {{"type", "array"},
                     {"items",
                      {{"type", "object"},
                       {"properties", {{"video", media_property("video")}, {"sound", media_property("audio")}}}}}}}}}};
  auto slots = media_slots(schema, json{{"clips", json::array({{{"video", "/v.mp4"}, {"sound", "/s.wav"}}})}});
  REQUIRE(slots.size() == 2);
  CHECK(slots[0].field == "clips[0].sound");
  CHECK(slots[0].kind == MediaKind::audio);
  CHECK(slots[1].field == "clips[0].video");
  CHECK(slots[1].kind == MediaKind::video);
}

TEST_CASE("shown sources shorten data: URIs only", "[media]") {
  CHECK(shown_source("/home/me/cat.png") == "/home/me/cat.png");
  const std::string uri = "data:image/png;base64," + std::string(1000, 'A');
  const std::string shown = shown_source(uri);
  CHECK(shown.size() < 80);
  CHECK_THAT(shown, Catch::Matchers::StartsWith("data:image/png;base64,") && Catch::Matchers::Contains("1022 chars"));
}

TEST_CASE("media slots carry their input's limits, from the real schemas", "[media]") {
  auto slot_of = [](const std::string& tool, const json& args) {
    auto slots = media_slots(app::ToolSchema(tool).input_schema(), args);
    REQUIRE(slots.size() == 1);
    return slots[0];
  };
  const auto extend = slot_of("extend_video", {{"prompt", "x"}, {"video_media_id", "/v.mp4"}});
  CHECK(length_limit_text(extend.limits) == "< 40 s");
  CHECK(size_limit_text(extend.limits) == "≤ 50 MB");
  const auto mimic = slot_of("motion_control_video", {{"video_media_id", "/v.mp4"}, {"img_id", 1}});
  CHECK(size_limit_text(mimic.limits) == "≤ 100 MB");
  CHECK(length_limit_text(mimic.limits) == "≤ 30 s");
  const auto restyle = slot_of("restyle_video", {{"video_media_id", "/v.mp4"}, {"restyle_id", 1}});
  CHECK(length_limit_text(restyle.limits) == "≤ 16 s");
  const auto lip = slot_of("lip_sync_video", {{"video_media_id", 1}, {"audio_media_id", "/a.wav"}});
  CHECK(lip.kind == MediaKind::audio);
  CHECK(length_limit_text(lip.limits) == "≤ 30 s");
  CHECK(side_limit_text(lip.limits) == "—");
  const auto image = slot_of("image_to_video", {{"prompt", "x"}, {"img_id", "/a.png"}});
  CHECK(size_limit_text(image.limits) == "< 20 MB");
  CHECK(side_limit_text(image.limits) == "≤ 10000 px");
  const auto reference = slot_of("fusion_video", {{"prompt", "x"}, {"video_references", {{{"ref_name", "a"},
                                                                                       {"video_media_id", "/v.mp4"}}}}});
  CHECK(reference.field == "video_references[0].video_media_id");
  CHECK(reference.kind == MediaKind::video);
  CHECK(length_limit_text(reference.limits) == "≤ 15 s");
}

TEST_CASE("x-media-limits read over the kind's defaults, a typo is refused", "[media]") {
  const MediaLimits video = media_limits(MediaKind::video, json{{"under_seconds", 40}});
  CHECK(video.max_seconds == 40);
  CHECK(video.seconds_exclusive);
  CHECK(video.max_bytes == 50u * 1024 * 1024);  // the default stays
  CHECK(video.max_side == 1920);
  CHECK(size_limit_text(media_limits(MediaKind::video, json{{"max_mb", 100}})) == "≤ 100 MB");
  CHECK(length_limit_text(media_limits(MediaKind::audio, json())) == "≤ 30 s");
  CHECK(size_limit_text(media_limits(MediaKind::image, json())) == "< 20 MB");
  CHECK_THROWS_WITH(media_limits(MediaKind::video, json{{"max_secs", 3}}), Catch::Contains("max_secs"));
  CHECK_THROWS_WITH(media_limits(MediaKind::video, json{{"max_mb", -1}}), Catch::Contains("positive"));
  CHECK_THROWS(media_limits(MediaKind::video, json::array()));
}
