// The catalog's data: every row has a schema, descriptors are clean, bodies are exact.
#include <catch2/catch.hpp>

#include <set>

#include "jobs/job_view.h"
#include "media/media_file.h"
#include "media/sniff.h"
#include "schema/embedded_schemas.h"
#include "schema/id_text.h"
#include "schema/tool_schema.h"
#include "tools/tool_table.h"

using nlohmann::json;
using namespace app;

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
    CHECK(d["inputSchema"]["additionalProperties"] == false);
    if (row.kind == ToolKind::list_jobs) CHECK(row.path.empty());
    else CHECK(row.path.rfind("/openapi/v2/", 0) == 0);
    // Tools that start a job can run as MCP tasks, and take the server-side wait arguments.
    const bool starts_job = row.kind == ToolKind::generate;
    CHECK(d.contains("execution") == starts_job);
    if (starts_job || row.kind == ToolKind::job_status) {
      CHECK(d["inputSchema"]["properties"].contains("wait_seconds"));
      CHECK(d["inputSchema"]["properties"].contains("download"));
    }
  }
  // One row per tool schema file (the fragment files, _*.json, are not tools), none without one.
  std::set<std::string> files;
  for (const auto& s : embedded_schemas())
    if (s.name.rfind('_', 0) != 0) files.insert(std::string(s.name));
  CHECK(names == files);
}

TEST_CASE("schema fragments: x-use expands, with overrides, and stays out of tools/list", "[catalog]") {
  ToolSchema extend("extend_video");
  const json& props = extend.input_schema()["properties"];
  CHECK(props["model"]["enum"] == json{"v3.5", "v4", "v4.5", "v5", "v5.5", "v6"});  // overridden enum
  CHECK(props["model"]["default"] == "v6");                                         // from the fragment
  CHECK(props["video_media_id"]["x-media"] == "video");
  CHECK(props["wait_seconds"]["x-local"] == true);
  // Per-model rules are enforced but kept out of the published schema (they are in the text).
  CHECK(extend.input_schema()["allOf"].size() > 1);
  // The one-of rule is not published (hosts refuse root combinators) but told in the description.
  CHECK_FALSE(extend.descriptor()["inputSchema"].contains("allOf"));
  CHECK(extend.descriptor()["description"].get<std::string>().find("Give exactly one of source_video_id") !=
        std::string::npos);
  CHECK(extend.descriptor().dump().find("x-use") == std::string::npos);
  CHECK(extend.check(json{{"prompt", "x"}, {"model", "v5.6"}, {"source_video_id", 1}}).find("model") != std::string::npos);
}

TEST_CASE("defaults fill required API fields, ids become exact JSON integers", "[catalog]") {
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
  auto check = [&](const json& args) { return t2v.check(t2v.with_defaults(args)); };
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
  json job = job_from_result(kVideoJob, resp, json(9007199254740993ULL));
  CHECK(job["video_id"].dump() == "9007199254740993");
  CHECK(job["status"] == "succeeded");
  CHECK(job["width"] == 960);
  CHECK(job["size_bytes"] == 123456);
  json shown = job;
  app::ids_to_strings(shown);  // as the tool wrapper does before a host sees it
  CHECK(shown["video_id"] == "9007199254740993");
  CHECK(status.output_validator().validate(shown).empty());
  CHECK_FALSE(status.output_validator().validate(job).empty());  // an integer id is not what we publish
  auto result = job_result(kVideoJob, job, "2025-11-25");
  CHECK_FALSE(result.is_error);
  CHECK(result.content[1]["type"] == "resource_link");
  CHECK(result.content[1]["uri"] == "https://cdn/x.mp4");
  CHECK(job_result(kVideoJob, job, "2025-03-26").content.size() == 1);  // no resource_link before 2025-06-18

  json failed = job_from_result(kVideoJob, json{{"status", 7}}, json(5));
  CHECK(failed["status"] == "moderated");
  CHECK(failed["video_id"] == 5);
  CHECK(job_result(kVideoJob, failed, "2025-11-25").is_error);
  app::ids_to_strings(failed);
  CHECK(status.output_validator().validate(failed).empty());

  json local = job;
  local["local_path"] = "/out/pixverse-video-9007199254740993.mp4";
  auto saved = job_result(kVideoJob, local, "2025-11-25");
  CHECK(saved.content[1]["uri"] == "file:///out/pixverse-video-9007199254740993.mp4");  // the local copy wins
  CHECK(saved.content[1]["name"] == "pixverse-video-9007199254740993.mp4");
  // A folder with a space, '#', '?', '%' and non-ASCII stays one path in the URI (RFC 8089).
  local["local_path"] = "/My Videos/ü#%?/pixverse-video-9007199254740993.mp4";
  CHECK(job_result(kVideoJob, local, "2025-11-25").content[1]["uri"] ==
        "file:///My%20Videos/%C3%BC%23%25%3F/pixverse-video-9007199254740993.mp4");
}

TEST_CASE("image jobs use the same shaping with their own names", "[catalog]") {
  json img = job_from_result(kImageJob, json{{"image_id", 77}, {"status", 1}, {"url", "https://cdn/i.png"},
                                             {"outputWidth", 512}, {"outputHeight", 512}, {"credits", 4}},
                             json(77));
  CHECK(img["image_id"] == 77);
  // The id asked about wins over any the answer states (found by review: an answer naming id 1
  // turned a call's result and registry row into job 1's).
  CHECK(job_from_result(kImageJob, json{{"image_id", 1}, {"status", 5}}, json(77))["image_id"] == 77);
  CHECK(img["credits"] == 4);
  CHECK(img["next_step"].get<std::string>().find("file is at url") != std::string::npos);
  json running = job_from_result(kImageJob, json{{"status", 5}}, json(78));
  CHECK(running["next_step"].get<std::string>().find("get_image_status with image_id 78") != std::string::npos);
  CHECK(job_result(kImageJob, running, "2025-11-25").content.size() == 1);  // nothing to link yet
}

TEST_CASE("status, ids and sizes sent as digit strings are read like numbers", "[catalog][tolerant]") {
  json resp = json::parse(R"({"id":"9007199254740993","status":"1","url":"https://cdn/x.mp4","outputWidth":"960",
                              "outputHeight":540,"size":"123456","seed":"42"})");
  json job = job_from_result(kVideoJob, resp, json(9007199254740993ULL));
  CHECK(job["video_id"].dump() == "9007199254740993");  // an exact integer, not the string
  CHECK(job["status"] == "succeeded");
  CHECK(job["status_code"] == 1);
  CHECK(job["width"] == 960);
  CHECK(job["size_bytes"] == 123456);
  CHECK(job["seed"] == 42);
  CHECK(job_from_result(kVideoJob, json{{"status", "8"}}, json(3))["status"] == "failed");
  CHECK(job_from_result(kVideoJob, json{{"status", "done"}}, json(3))["status"] == "running");  // unreadable: running
}

TEST_CASE("status 1 without a url is not a success yet: running, with what is missing", "[catalog][tolerant]") {
  ToolSchema status("get_video_status");
  for (const json& resp : {json{{"id", 12}, {"status", 1}, {"url", ""}, {"size", 0}}, json{{"id", 12}, {"status", 1}},
                           json{{"id", 12}, {"status", "1"}, {"url", nullptr}}}) {
    INFO(resp.dump());
    json job = job_from_result(kVideoJob, resp, json(12));
    CHECK(job["status"] == "running");
    CHECK(job["status_code"] == 1);
    CHECK_FALSE(job.contains("url"));
    CHECK(job["poll_error"] == "PixVerse reported the video done but gave no URL yet");
    CHECK_THAT(job["next_step"].get<std::string>(), Catch::Contains("get_video_status with video_id 12"));
    CHECK_FALSE(job_finished(job));
    auto result = job_result(kVideoJob, job, "2025-11-25");
    CHECK_FALSE(result.is_error);
    CHECK(result.content.size() == 1);  // no resource_link without a file
    json shown = job;
    app::ids_to_strings(shown);
    CHECK(status.output_validator().validate(shown).empty());
  }
  json image = job_from_result(kImageJob, json{{"status", 1}, {"url", ""}}, json(13));
  CHECK(image["poll_error"] == "PixVerse reported the image done but gave no URL yet");
}

TEST_CASE("image files are checked by content, not by name", "[catalog]") {
  CHECK(sniff::media_type(std::string("\x89PNG\r\n\x1a\n", 8)) == "image/png");
  CHECK(sniff::media_type("\xff\xd8\xff\xe0") == "image/jpeg");
  CHECK(sniff::media_type(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)) == "image/webp");
  CHECK(sniff::media_type("hello world").empty());
  auto rel = read_image_file("relative/cat.png");
  REQUIRE_FALSE(rel);
  CHECK(rel.error().find("absolute") != std::string::npos);
  auto missing = read_image_file("/nonexistent/cat.png");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().find("no such file") != std::string::npos);
  auto sandbox = read_image_file("/mnt/user-data/uploads/cat.png");
  REQUIRE_FALSE(sandbox);
  CHECK(sandbox.error().find("sandbox") != std::string::npos);
}
