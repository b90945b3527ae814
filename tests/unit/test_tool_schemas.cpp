// The schema files as a whole: one per promised tool, every one loads, fragments expand (and a
// cycle is refused), and what tools/list publishes is plain, closed, self-contained JSON Schema.
#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <set>

#include "schema/embedded_schemas.h"
#include "schema/fragments.h"
#include "schema/json_schema.h"
#include "schema/tool_schema.h"
#include "tools/tool_table.h"

using app::ToolSchema;
using nlohmann::json;

namespace {

// The interface contract (the README's tool table): these names are promises to users.
const std::set<std::string> kPromisedTools{
    "text_to_video",    "image_to_video",       "transition_video", "extend_video",           "lip_sync_video",
    "sound_effect_video", "fusion_video",       "upload_image",     "upload_video",           "get_tts_speakers",
    "get_video_status", "upload_audio",         "template_video",   "modify_video",           "restyle_video",
    "list_restyle_effects", "multi_transition_video", "create_swap_mask", "swap_video",   "motion_control_video",
    "image_template",   "get_image_status",     "get_balance",      "list_jobs"};

// Arguments that name an uploaded id and so also take the media itself (path, URL, data: URI).
const std::map<std::string, std::string> kMediaFields{
    {"img_id", "image"},          {"img_ids", "image"},          {"first_frame_img", "image"},
    {"last_frame_img", "image"},  {"video_media_id", "video"},   {"audio_media_id", "audio"}};

// Arguments published without a description: the name and the type (or enum) say it all, and
// a sentence repeating them would cost every conversation its length (README, "Tools").
const std::set<std::string> kSelfExplanatory{"prompt",
                                             "negative_prompt",
                                             "seed",
                                             "style",
                                             "water_mark",
                                             "download",
                                             "template_id",
                                             "source_video_id",
                                             "video_id",
                                             "image_id",
                                             "original_sound_switch",
                                             "sound_effect_content",
                                             "lip_sync_tts_content",
                                             "kind",
                                             "tool"};

std::set<std::string> tool_files() {
  std::set<std::string> out;
  for (const auto& s : app::embedded_schemas())
    if (s.name.rfind('_', 0) != 0) out.insert(std::string(s.name));
  return out;
}

// Calls `visit(key, value)` for every member of every object in `j`, depth first.
void walk(const json& j, const std::function<void(const std::string&, const json&)>& visit) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      visit(key, value);
      walk(value, visit);
    }
  } else if (j.is_array()) {
    for (const auto& x : j) walk(x, visit);
  }
}

}  // namespace

TEST_CASE("there is one schema file per promised tool, and the tool table serves exactly those", "[schemas]") {
  CHECK(tool_files() == kPromisedTools);
  std::set<std::string> served;
  for (const auto& row : app::tool_table()) served.insert(std::string(row.name));
  CHECK(served == kPromisedTools);
}

TEST_CASE("each tool is in the toolset the README promises (PIXVERSE_TOOLSETS selects by it)", "[schemas][toolsets]") {
  // A promise to users like the names: a host configured with "generate" keeps getting these.
  const std::map<app::Toolset, std::set<std::string>> promised{
      {app::Toolset::generate,
       {"text_to_video", "image_to_video", "transition_video", "multi_transition_video", "fusion_video",
        "template_video", "motion_control_video", "image_template"}},
      {app::Toolset::edit,
       {"extend_video", "lip_sync_video", "sound_effect_video", "modify_video", "restyle_video", "swap_video",
        "create_swap_mask"}},
      {app::Toolset::inputs,
       {"upload_image", "upload_video", "upload_audio", "get_tts_speakers", "list_restyle_effects"}},
      {app::Toolset::status, {"get_video_status", "get_image_status", "get_balance", "list_jobs"}}};
  std::set<std::string> grouped;
  for (const auto& [set, names] : promised) grouped.insert(names.begin(), names.end());
  REQUIRE(grouped == kPromisedTools);
  for (const auto& row : app::tool_table()) {
    INFO(row.name);
    CHECK(promised.at(row.toolset).count(std::string(row.name)) == 1);
    // Whatever starts a job is in a group that brings status along (config/toolsets.h), so the
    // status tool its result points at is always served with it.
    if (row.kind == app::ToolKind::generate)
      CHECK((row.toolset == app::Toolset::generate || row.toolset == app::Toolset::edit));
    if (row.kind == app::ToolKind::job_status) CHECK(row.toolset == app::Toolset::status);
  }
}

TEST_CASE("every schema file loads, with every fragment expanded", "[schemas]") {
  for (const auto& s : app::embedded_schemas()) {
    INFO(s.name);
    json expanded;
    REQUIRE_NOTHROW(expanded = app::expanded_schema_file(s.name));
    CHECK(expanded.dump().find("\"x-use\"") == std::string::npos);
    if (s.name.rfind('_', 0) != 0) CHECK_NOTHROW(ToolSchema(s.name));
  }
}

TEST_CASE("tools/list shows closed, self-contained schemas without our extensions", "[schemas]") {
  for (const auto& name : kPromisedTools) {
    INFO(name);
    const ToolSchema schema(name);
    const json& d = schema.descriptor();
    CHECK(d["inputSchema"]["additionalProperties"] == false);
    CHECK(!d.value("title", "").empty());
    walk(d, [&](const std::string& key, const json& value) {
      INFO(key);
      CHECK(key.rfind("x-", 0) != 0);
      CHECK(key != "$ref");  // self-contained: nothing to resolve
      if (key == "allOf" || key == "anyOf" || key == "oneOf") CHECK(!value.empty());
    });
    // Every argument is explained (its default counts: "Default: 540p." says what quality is
    // about), or its name and published type say all there is; every default is a value its
    // own schema accepts.
    for (const auto& [arg, prop] : schema.input_schema()["properties"].items()) {
      INFO(arg);
      const json& published = d["inputSchema"]["properties"][arg];
      const bool explained = published.value("description", "").size() > 5 ||
                             published.value("items", json::object()).value("description", "").size() > 5;
      CHECK((explained || kSelfExplanatory.count(arg) == 1));
      if (prop.contains("default")) CHECK(app::JsonSchema(prop).validate(prop["default"]).empty());
    }
  }
}

TEST_CASE("media-capable id fields carry x-id and x-media, plain id fields do not take media", "[schemas]") {
  int media_fields = 0;
  for (const auto& name : kPromisedTools) {
    INFO(name);
    walk(ToolSchema(name).input_schema(), [&](const std::string& key, const json& value) {
      INFO(key);
      if (!value.is_object()) return;
      if (value.contains("x-media")) {
        CHECK(value.value("x-id", false));
        CHECK((value["x-media"] == "image" || value["x-media"] == "video" || value["x-media"] == "audio"));
        CHECK(value.contains("x-media-limits"));  // every input says what it takes (media_file.h)
      }
      auto expected = kMediaFields.find(key);
      if (expected == kMediaFields.end()) return;
      const bool is_array = value.value("type", "") == "array" && value.contains("items");
      const json& field = is_array ? value.at("items") : value;
      if (!field.contains("anyOf")) return;  // a rule's "properties" entry, not the field itself
      CHECK(field.value("x-media", "") == expected->second);
      ++media_fields;
      if (key == "source_video_id" && value.contains("anyOf")) CHECK_FALSE(value.contains("x-media"));
    });
  }
  CHECK(media_fields >= 20);
}

TEST_CASE("job tools take the server-local wait_seconds and download, and never send them", "[schemas]") {
  for (const auto& row : app::tool_table()) {
    if (row.kind != app::ToolKind::generate && row.kind != app::ToolKind::job_status) continue;
    INFO(row.name);
    const ToolSchema schema(row.name);
    const json& props = schema.input_schema()["properties"];
    REQUIRE(props.contains("wait_seconds"));
    REQUIRE(props.contains("download"));
    CHECK(props["wait_seconds"]["x-local"] == true);
    CHECK(props["wait_seconds"]["default"] == 30);
    CHECK(props["wait_seconds"]["maximum"] == 600);
    CHECK(props["download"]["x-local"] == true);
    CHECK_FALSE(props["download"].contains("default"));  // on by default only when PIXVERSE_OUTPUT_DIR is set
    const json body = schema.request_body({{"wait_seconds", 0}, {"download", true}});
    CHECK(body.empty());
    const json& d = schema.descriptor();
    if (row.kind == app::ToolKind::generate) {
      CHECK(d["execution"] == json{{"taskSupport", "optional"}});
      CHECK(d["annotations"]["readOnlyHint"] == false);
      CHECK(d["annotations"]["destructiveHint"] == false);
      CHECK(d["annotations"]["idempotentHint"] == false);
      CHECK(d["annotations"]["openWorldHint"] == true);
    } else {
      CHECK(d["annotations"]["readOnlyHint"] == true);
    }
  }
}

TEST_CASE("list and upload tools declare the output shapes their handlers produce", "[schemas]") {
  const std::map<std::string, std::set<std::string>> output_keys{
      {"upload_video", {"media_id", "media_type", "url", "source"}},
      {"upload_audio", {"media_id", "media_type", "url", "source"}},
      {"get_tts_speakers", {"total", "speakers"}},
      {"list_restyle_effects", {"total", "effects"}},
      {"create_swap_mask", {"keyframe_id", "keyframe_url", "credits", "masks"}}};
  for (const auto& [tool, keys] : output_keys) {
    INFO(tool);
    const json out = ToolSchema(tool).descriptor()["outputSchema"]["properties"];
    for (const auto& k : keys) CHECK(out.contains(k));
  }
  CHECK(ToolSchema("get_tts_speakers").descriptor()["outputSchema"]["properties"]["speakers"]["items"]["properties"]
            ["speaker_id"]["type"] == "string");
  CHECK(ToolSchema("create_swap_mask").descriptor()["outputSchema"]["properties"]["masks"]["items"]["properties"]
            ["mask_id"]["type"] == "string");
  CHECK(ToolSchema("image_template").descriptor()["outputSchema"]["required"].dump().find("image_id") !=
        std::string::npos);
  CHECK(ToolSchema("get_tts_speakers").input_schema()["properties"]["page_size"]["default"] == 30);
  CHECK(ToolSchema("list_restyle_effects").input_schema()["properties"]["page_size"]["default"] == 20);
}

TEST_CASE("the whole tools/list stays cheap", "[schemas]") {
  std::size_t total = 0;
  for (const auto& name : kPromisedTools) total += ToolSchema(name).descriptor().dump().size();
  WARN("tools/list descriptors: " << total << " bytes for " << kPromisedTools.size() << " tools");
  CHECK(total < 96 * 1024);  // ~80 KB today, a third of it the shared job output schema
  for (const auto& name : kPromisedTools) CHECK(ToolSchema(name).descriptor().dump().size() < 8 * 1024);
}

// ---- fragment expansion on its own, with files given in memory ----------------------------

namespace {

app::SchemaFileLoader files(std::map<std::string, json> by_stem) {
  return [by_stem = std::move(by_stem)](std::string_view stem) {
    auto it = by_stem.find(std::string(stem));
    if (it == by_stem.end()) throw std::runtime_error("no file " + std::string(stem));
    return it->second;
  };
}

}  // namespace

TEST_CASE("x-use includes a fragment, merges the user's keys over it, and nests", "[schemas]") {
  auto load = files({{"_f",
                      {{"$defs",
                        {{"n", {{"type", "integer"}, {"minimum", 0}, {"description", "a count"}}},
                         {"pair", {{"type", "array"}, {"items", {{"x-use", "_f#/$defs/n"}}}}}}}}}});
  json doc = {{"a", {{"x-use", "_f#/$defs/n"}, {"description", "apples"}, {"maximum", 9}}},
              {"b", json::array({{{"x-use", "_f#/$defs/pair"}}})}};
  json out = app::expand_fragments(doc, load);
  CHECK(out["a"] == json{{"type", "integer"}, {"minimum", 0}, {"description", "apples"}, {"maximum", 9}});
  CHECK(out["b"][0]["items"] == json{{"type", "integer"}, {"minimum", 0}, {"description", "a count"}});
  CHECK(out.dump().find("x-use") == std::string::npos);
}

TEST_CASE("x-use refuses cycles, missing targets and malformed references", "[schemas]") {
  auto load = files({{"_a", {{"$defs", {{"x", {{"x-use", "_b#/$defs/y"}}}}}}},
                     {"_b", {{"$defs", {{"y", {{"type", "object"}, {"properties", {{"p", {{"x-use", "_a#/$defs/x"}}}}}}}}}}}});
  CHECK_THROWS_WITH(app::expand_fragments({{"x-use", "_a#/$defs/x"}}, load),
                    Catch::Contains("cycle") && Catch::Contains("_a#/$defs/x -> _b#/$defs/y -> _a#/$defs/x"));
  CHECK_THROWS_WITH(app::expand_fragments({{"x-use", "_a#/$defs/nope"}}, load), Catch::Contains("_a#/$defs/nope"));
  CHECK_THROWS_WITH(app::expand_fragments({{"x-use", "no-pointer"}}, load), Catch::Contains("no-pointer"));
  CHECK_THROWS_WITH(app::expand_fragments({{"x-use", 5}}, load), Catch::Contains("x-use"));
  CHECK_THROWS(app::expand_fragments({{"x-use", "_missing#/a"}}, load));
  // The same fragment twice side by side is reuse, not a cycle.
  json twice =
      app::expand_fragments({{"l", {{"x-use", "_b#/$defs/y/type"}}}, {"r", {{"x-use", "_b#/$defs/y/type"}}}}, load);
  CHECK(twice == json{{"l", "object"}, {"r", "object"}});
}

// ---- the edit tools' one-of rules and always-sent fields -------------------------------------

TEST_CASE("job-starting tools run as optional tasks, the status tools do not", "[schemas]") {
  int job_tools = 0;
  for (const auto& name : kPromisedTools) {
    const json file = app::expanded_schema_file(name);
    const json output = file.value("outputSchema", json());
    if (output != "_video_job" && output != "_image_job") continue;
    INFO(name);
    const ToolSchema schema(name);
    const json& d = schema.descriptor();
    if (name == "get_video_status" || name == "get_image_status") {
      CHECK_FALSE(d.contains("execution"));
      CHECK(d["annotations"]["readOnlyHint"] == true);
    } else {
      ++job_tools;
      CHECK(d["execution"]["taskSupport"] == "optional");
    }
  }
  int generate_rows = 0;
  for (const auto& row : app::tool_table()) generate_rows += row.kind == app::ToolKind::generate ? 1 : 0;
  CHECK(job_tools == generate_rows);
  CHECK(app::expanded_schema_file("image_template")["outputSchema"] == "_image_job");
  CHECK(app::expanded_schema_file("get_image_status")["outputSchema"] == "_image_job");
}

namespace {

const char* const kVideoSourceError = "give exactly one of source_video_id";

// Minimal valid arguments for each tool that takes a video, without the video.
const std::map<std::string, json> kVideoTools{
    {"extend_video", {{"prompt", "more"}}},
    {"lip_sync_video", {{"audio_media_id", 7}}},
    {"sound_effect_video", json::object()},
    {"modify_video", {{"prompt", "@selection0 is replaced by @img0"}}},
    {"restyle_video", {{"restyle_id", 3}}},
    {"create_swap_mask", json::object()},
    {"swap_video", {{"mask_id", "0"}, {"img_id", 5}}},
    {"motion_control_video", {{"img_id", 5}}}};

json with(json args, const json& more) {
  for (const auto& [k, v] : more.items()) args[k] = v;
  return args;
}

std::string check(const std::string& tool, const json& args) {
  const ToolSchema schema(tool);
  return schema.check(schema.with_defaults(args));
}

}  // namespace

TEST_CASE("video tools take exactly one video source", "[schemas]") {
  for (const auto& [tool, args] : kVideoTools) {
    INFO(tool);
    CHECK(check(tool, with(args, {{"source_video_id", 1}})).empty());
    CHECK(check(tool, with(args, {{"video_media_id", "/tmp/clip.mp4"}})).empty());
    CHECK_THAT(check(tool, args), Catch::Contains(kVideoSourceError));
    CHECK_THAT(check(tool, with(args, {{"source_video_id", 1}, {"video_media_id", 2}})),
               Catch::Contains(kVideoSourceError));
  }
}

TEST_CASE("lip_sync_video takes an audio track or a TTS speaker with text, not both", "[schemas]") {
  const json video{{"source_video_id", 1}};
  const json tts{{"lip_sync_tts_speaker_id", "Auto"}, {"lip_sync_tts_content", "Hello there"}};
  const std::string either = "give either audio_media_id";
  const std::string pair = "lip_sync_tts_speaker_id and lip_sync_tts_content go together";
  CHECK(check("lip_sync_video", with(video, {{"audio_media_id", "123"}})).empty());
  CHECK(check("lip_sync_video", with(video, tts)).empty());
  CHECK_THAT(check("lip_sync_video", video), Catch::Contains(either));
  CHECK_THAT(check("lip_sync_video", with(with(video, tts), {{"audio_media_id", 9}})), Catch::Contains(either));
  CHECK_THAT(check("lip_sync_video", with(video, {{"audio_media_id", 9}, {"lip_sync_tts_speaker_id", "7"}})),
             Catch::Contains(pair));
  CHECK_THAT(check("lip_sync_video", with(video, {{"lip_sync_tts_content", "Hi"}})), Catch::Contains(pair));
  CHECK_THAT(check("lip_sync_video", with(video, {{"lip_sync_tts_speaker_id", 7}, {"lip_sync_tts_content", "Hi"}})),
             Catch::Contains("lip_sync_tts_speaker_id"));  // a string, like "7"
  CHECK_FALSE(check("lip_sync_video", with(with(video, tts), {{"lip_sync_tts_content", std::string(201, 'a')}}))
                  .empty());
  CHECK(check("lip_sync_video", with(with(video, tts), {{"lip_sync_tts_content", std::string(200, 'a')}})).empty());
}

TEST_CASE("restyle_video takes exactly one of restyle_id or restyle_prompt", "[schemas]") {
  const json video{{"video_media_id", 2}};
  const std::string rule = "give exactly one of restyle_id or restyle_prompt";
  CHECK(check("restyle_video", with(video, {{"restyle_prompt", "watercolor"}, {"seed", 4}})).empty());
  CHECK_THAT(check("restyle_video", video), Catch::Contains(rule));
  CHECK_THAT(check("restyle_video", with(video, {{"restyle_id", 3}, {"restyle_prompt", "clay"}})), Catch::Contains(rule));
  CHECK_FALSE(check("restyle_video", with(video, {{"restyle_prompt", std::string(5001, 'a')}})).empty());
}

TEST_CASE("upload tools take exactly one of a local file or a URL", "[schemas]") {
  const std::map<std::string, std::string> url_field{
      {"upload_image", "image_url"}, {"upload_video", "file_url"}, {"upload_audio", "file_url"}};
  for (const auto& [tool, url] : url_field) {
    INFO(tool);
    const std::string rule = "give exactly one of file_path or " + url;
    CHECK(check(tool, {{"file_path", "~/a.bin"}}).empty());
    CHECK(check(tool, {{url, "https://example.com/a"}}).empty());
    CHECK_THAT(check(tool, json::object()), Catch::Contains(rule));
    CHECK_THAT(check(tool, {{"file_path", "/a"}, {url, "https://example.com/a"}}), Catch::Contains(rule));
    CHECK_THAT(check(tool, {{"file_path", "a.mp4"}}), Catch::Contains("absolute path"));
    CHECK_FALSE(check(tool, {{url, "ftp://example.com/a"}}).empty());
  }
}

TEST_CASE("edit tools send the fields PixVerse requires, with the documented types", "[schemas]") {
  SECTION("swap_video: keyframe_id 1 and quality 540p by default, mask_id a string, ids integers") {
    const ToolSchema schema("swap_video");
    const json args = schema.with_defaults({{"source_video_id", "42"}, {"mask_id", "0"}, {"img_id", "77"}});
    REQUIRE(schema.check(args).empty());
    CHECK(schema.request_body(args) ==
          json{{"source_video_id", 42}, {"mask_id", "0"}, {"img_id", 77}, {"keyframe_id", 1}, {"quality", "540p"}});
    CHECK_FALSE(schema.check(with(args, {{"mask_id", 0}})).empty());
    CHECK_FALSE(schema.check(with(args, {{"quality", "1080p"}})).empty());
    CHECK_THAT(schema.check(schema.with_defaults({{"source_video_id", 42}, {"img_id", 77}})), Catch::Contains("mask_id"));
  }
  SECTION("modify_video: quality 540p by default; ≤3 masks and images; keyframe_ids an integer or integers") {
    const ToolSchema schema("modify_video");
    const json args = schema.with_defaults(
        {{"video_media_id", 1234}, {"prompt", "@selection0 is swapped with @img0"}, {"img_ids", {123}},
         {"mask_ids", {"3847593904"}}, {"keyframe_ids", 1}});
    REQUIRE(schema.check(args).empty());
    CHECK(schema.request_body(args) == json{{"video_media_id", 1234}, {"prompt", "@selection0 is swapped with @img0"},
                                            {"img_ids", {123}}, {"mask_ids", {"3847593904"}}, {"keyframe_ids", 1},
                                            {"quality", "540p"}});
    CHECK(schema.check(with(args, {{"keyframe_ids", {1}}})).empty());
    CHECK_FALSE(schema.check(with(args, {{"mask_ids", {"1", "2", "3", "4"}}})).empty());
    CHECK_FALSE(schema.check(with(args, {{"img_ids", {1, 2, 3, 4}}})).empty());
    CHECK_FALSE(schema.check(with(args, {{"mask_ids", {1}}})).empty());
    CHECK_THAT(schema.check(schema.with_defaults({{"video_media_id", 1}})), Catch::Contains("prompt"));
  }
  SECTION("create_swap_mask: keyframe_id 1 by default") {
    const ToolSchema schema("create_swap_mask");
    CHECK(schema.request_body(schema.with_defaults({{"video_media_id", 5}})) ==
          json{{"video_media_id", 5}, {"keyframe_id", 1}});
    CHECK_FALSE(schema.check({{"video_media_id", 5}, {"keyframe_id", -1}}).empty());
  }
  SECTION("motion_control_video: 360p–720p (the Mimic guide: no 1080p), 540p by default") {
    const ToolSchema schema("motion_control_video");
    const json args = schema.with_defaults({{"source_video_id", 1}, {"img_id", 2}});
    CHECK(args["quality"] == "540p");
    CHECK(schema.check(with(args, {{"quality", "720p"}})).empty());
    CHECK_THAT(schema.check(with(args, {{"quality", "1080p"}})), Catch::Contains("quality"));
    CHECK_FALSE(schema.check(with(args, {{"quality", "4k"}})).empty());
    CHECK_THAT(schema.check(schema.with_defaults({{"source_video_id", 1}})), Catch::Contains("img_id"));
  }
  SECTION("sound_effect_video: content optional, original_sound_switch a boolean") {
    const ToolSchema schema("sound_effect_video");
    CHECK(schema.check({{"source_video_id", 1}, {"original_sound_switch", true}}).empty());
    CHECK_FALSE(schema.check({{"source_video_id", 1}, {"original_sound_switch", "yes"}}).empty());
  }
  SECTION("image_template: at least one image and a template id, sent as integers") {
    const ToolSchema schema("image_template");
    const json args = schema.with_defaults({{"img_ids", {"11"}}, {"template_id", "384268229671680"}});
    REQUIRE(schema.check(args).empty());
    CHECK(schema.request_body(args) == json{{"img_ids", {11}}, {"template_id", 384268229671680}});
    CHECK_FALSE(schema.check({{"img_ids", json::array()}, {"template_id", 1}}).empty());
    CHECK_THAT(schema.check({{"img_ids", {1}}}), Catch::Contains("template_id"));
  }
  SECTION("get_image_status: image_id required") {
    const ToolSchema schema("get_image_status");
    CHECK(schema.check({{"image_id", "123"}}).empty());
    CHECK_THAT(schema.check(json::object()), Catch::Contains("image_id"));
  }
}

TEST_CASE("every tool's annotations repeat its title and say whether it reaches PixVerse", "[schemas]") {
  for (const auto& row : app::tool_table()) {
    INFO(row.name);
    const ToolSchema schema(row.name);
    const json& d = schema.descriptor();
    REQUIRE(d.contains("annotations"));
    CHECK(d["annotations"]["title"] == d["title"]);
    CHECK(d["annotations"]["openWorldHint"] == (row.kind != app::ToolKind::list_jobs));
  }
}
