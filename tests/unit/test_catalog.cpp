// The catalog's data: every row has a schema, descriptors are clean, bodies are exact.
#include <catch2/catch.hpp>

#include <set>

#include "catalog/embedded_schemas.h"
#include "catalog/media_file.h"
#include "catalog/tool_schema.h"
#include "catalog/tool_table.h"
#include "catalog/video_job.h"

using nlohmann::json;
using namespace catalog;

TEST_CASE("every table row has a valid, complete tool descriptor", "[catalog]") {
  std::set<std::string> names;
  for (const auto& row : tool_table()) {
    INFO(row.name);
    ToolSchema schema(row.name);
    const json& d = schema.descriptor();
    CHECK(d["name"] == std::string(row.name));
    CHECK(d["description"].get<std::string>().size() > 40);
    CHECK(d["description"].get<std::string>().size() < 700);
    CHECK(d["inputSchema"]["type"] == "object");
    CHECK(d["outputSchema"]["type"] == "object");
    CHECK(d["annotations"].contains("readOnlyHint"));
    CHECK(d.dump().find("\"x-") == std::string::npos);  // our extensions stay private
    CHECK(names.insert(d["name"].get<std::string>()).second);
    CHECK(row.path.rfind("/openapi/v2/", 0) == 0);
  }
  CHECK(names.size() == 5);
}

TEST_CASE("defaults fill required API fields; ids become exact JSON integers", "[catalog]") {
  ToolSchema t2v("text_to_video");
  json args = t2v.with_defaults(json{{"prompt", "a fox"}, {"seed", 5.0}});
  CHECK(t2v.check(args).empty());
  json body = t2v.request_body(args);
  CHECK(body["model"] == "v6");
  CHECK(body["duration"] == 5);
  CHECK(body["quality"] == "540p");
  CHECK(body["aspect_ratio"] == "16:9");
  CHECK(body["seed"].is_number_integer());

  ToolSchema i2v("image_to_video");
  json a2 = i2v.with_defaults(json{{"prompt", "go"}, {"img_id", "9007199254740993"}});
  CHECK(i2v.check(a2).empty());
  CHECK(i2v.request_body(a2)["img_id"].dump() == "9007199254740993");
  json a3 = i2v.with_defaults(json{{"prompt", "go"}, {"img_id", 9223372036854775807LL}});
  CHECK(i2v.request_body(a3)["img_id"].dump() == "9223372036854775807");
}

TEST_CASE("per-model rules reject what PixVerse would, with the rule in the message", "[catalog]") {
  ToolSchema t2v("text_to_video");
  auto check = [&](json args) { return t2v.check(t2v.with_defaults(args)); };
  CHECK(check({{"prompt", "x"}, {"model", "v5"}, {"duration", 10}}).find("5 or 8") != std::string::npos);
  CHECK(check({{"prompt", "x"}, {"model", "v5.5"}, {"duration", 10}, {"quality", "1080p"}}).find("1080p") !=
        std::string::npos);
  CHECK(check({{"prompt", "x"}, {"model", "v5.5"}, {"duration", 10}}).empty());
  CHECK(check({{"prompt", "x"}, {"model", "v6"}, {"duration", 13}, {"aspect_ratio", "21:9"}}).empty());
  CHECK(check({{"prompt", "x"}, {"model", "v4"}, {"aspect_ratio", "21:9"}}).find("v6 or c1") != std::string::npos);
  CHECK(check({{"prompt", "x"}, {"motion_mode", "fast"}}).find("motion_mode fast") != std::string::npos);
  CHECK(check({{"prompt", "x"}, {"model", "v4.5"}, {"motion_mode", "fast"}}).empty());
  CHECK(check({{"prompt", "x"}, {"model", "v5"}, {"generate_audio_switch", true}}).find("generate_audio_switch") !=
        std::string::npos);
  CHECK(check({{"prompt", "x"}, {"duration", "abc"}}).find("duration: must be an integer") != std::string::npos);
  CHECK(check({{"prompt", "x"}, {"colour", "red"}}).find("colour") != std::string::npos);
  CHECK(check({{"model", "v6"}}).find("prompt") != std::string::npos);
}

TEST_CASE("a video result is shaped into the job record its outputSchema declares", "[catalog]") {
  ToolSchema status("get_video_status");
  json resp = json::parse(R"({"id":9007199254740993,"status":1,"url":"https://cdn/x.mp4","outputWidth":960,
                              "outputHeight":540,"size":123456,"seed":42,"has_audio":false,"resolution_ratio":540})");
  json job = video_job_from_result(resp, json(1));
  CHECK(job["video_id"].dump() == "9007199254740993");
  CHECK(job["status"] == "succeeded");
  CHECK(job["width"] == 960);
  CHECK(job["size_bytes"] == 123456);
  CHECK(status.output_validator().validate(job).empty());
  auto result = video_job_result(job, "2025-11-25");
  CHECK_FALSE(result.is_error);
  CHECK(result.content[1]["type"] == "resource_link");
  CHECK(result.content[1]["uri"] == "https://cdn/x.mp4");
  CHECK(video_job_result(job, "2025-03-26").content.size() == 1);  // no resource_link before 2025-06-18

  json failed = video_job_from_result(json{{"status", 7}}, json(5));
  CHECK(failed["status"] == "moderated");
  CHECK(failed["video_id"] == 5);
  CHECK(video_job_result(failed, "2025-11-25").is_error);
  CHECK(status.output_validator().validate(failed).empty());
}

TEST_CASE("image files are checked by content, not by name", "[catalog]") {
  CHECK(sniff_image_type(std::string("\x89PNG\r\n\x1a\n", 8)) == "image/png");
  CHECK(sniff_image_type("\xff\xd8\xff\xe0") == "image/jpeg");
  CHECK(sniff_image_type(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)) == "image/webp");
  CHECK(sniff_image_type("hello world").empty());
  auto rel = read_image_file("relative/cat.png");
  REQUIRE(std::holds_alternative<std::string>(rel));
  CHECK(std::get<std::string>(rel).find("absolute") != std::string::npos);
  auto missing = read_image_file("/nonexistent/cat.png");
  CHECK(std::get<std::string>(missing).find("no such file") != std::string::npos);
  auto sandbox = read_image_file("/mnt/user-data/uploads/cat.png");
  CHECK(std::get<std::string>(sandbox).find("sandbox") != std::string::npos);
}
