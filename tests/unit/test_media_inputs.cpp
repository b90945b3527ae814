// The schema walk of catalog/media_inputs.h: which argument values are media to upload first.
// The upload itself needs a PixVerse server; tests/sim/test_media_upload.cpp covers it.
#include <catch2/catch.hpp>

#include "catalog/media_inputs.h"

using namespace catalog;
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
  for (const auto& s : slots) out.push_back(s.field);
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
