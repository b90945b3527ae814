// What tools/list publishes is the portable projection of each tool's schema (the profile in
// docs/host-profiles.md): checked here for every tool in-process, and again by the Node lint
// (tests/sdk/host_lint.mjs) with ajv on what the real binary sends.
#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "app/tool_listing.h"
#include "schema/json_schema.h"
#include "schema/projection.h"
#include "schema/tool_schema.h"
#include "tools/tool_table.h"

using nlohmann::json;

namespace {

const std::set<std::string> kRootKeys = {"type", "properties", "required", "additionalProperties"};
const std::set<std::string> kNodeKeys = {"type",      "description", "title",     "properties", "required",
                                         "additionalProperties", "items", "enum", "minimum",   "maximum",
                                         "minLength", "maxLength",   "minItems",  "maxItems",   "pattern", "format"};
const std::set<std::string> kTypes = {"string", "integer", "number", "boolean", "object", "array"};

// Checks one published node and everything below it against the portable profile.
void check_node(const json& node, const std::string& where) {
  INFO(where);
  REQUIRE(node.is_object());
  for (const auto& [key, value] : node.items()) {
    INFO(key);
    CHECK(kNodeKeys.count(key) == 1);
  }
  REQUIRE(node.contains("type"));
  REQUIRE(node["type"].is_string());
  CHECK(kTypes.count(node["type"].get<std::string>()) == 1);
  if (node["type"] == "array") {
    REQUIRE(node.contains("items"));
    check_node(node["items"], where + "[]");
  }
  if (auto e = node.find("enum"); e != node.end()) {
    std::set<std::string> seen;
    for (const auto& v : *e) {
      REQUIRE(v.is_string());
      CHECK(seen.insert(v.get<std::string>()).second);  // VS Code refuses duplicate members
    }
    CHECK(seen.size() <= 50);
  }
  if (auto p = node.find("pattern"); p != node.end()) CHECK_NOTHROW(std::regex(p->get<std::string>(), std::regex::ECMAScript));
  if (auto a = node.find("additionalProperties"); a != node.end()) CHECK(*a == false);
  if (auto props = node.find("properties"); props != node.end()) {
    static const std::regex kName("^[a-z][a-z0-9_]{0,63}$");
    for (const auto& [name, sub] : props->items()) {
      CHECK(std::regex_match(name, kName));
      check_node(sub, where + "." + name);
    }
  }
  if (auto required = node.find("required"); required != node.end())
    for (const auto& name : *required) CHECK(node["properties"].contains(name.get<std::string>()));
}

}  // namespace

TEST_CASE("every published inputSchema and outputSchema fits the portable host profile", "[published]") {
  for (const auto& row : app::tool_table()) {
    const std::string name(row.name);
    INFO(name);
    const app::ToolSchema schema(name);
    const json& d = schema.descriptor();
    CHECK(std::regex_match(name, std::regex("^[a-z][a-z0-9_]{0,31}$")));
    CHECK(name.size() + std::string("pixverse").size() <= 50);  // mcp__pixverse__<tool> ≤ 60 (Cursor)
    const std::string description = d["description"].get<std::string>();
    CHECK(!description.empty());
    CHECK(description.size() <= 1024);
    for (const auto& [key, value] : d["inputSchema"].items()) {
      INFO(key);
      CHECK(kRootKeys.count(key) == 1);  // no allOf/oneOf/anyOf/if/enum/$ref … at the root
    }
    CHECK(d["inputSchema"]["type"] == "object");
    CHECK(d["inputSchema"]["additionalProperties"] == false);
    check_node(d["inputSchema"], "inputSchema");
    if (d.contains("outputSchema")) {
      CHECK(d["outputSchema"]["type"] == "object");
      check_node(d["outputSchema"], "outputSchema");
    }
  }
}

TEST_CASE("a rule dropped from the published root is told in the description, the server still enforces it",
          "[published]") {
  int rules = 0;
  for (const auto& row : app::tool_table()) {
    const std::string name(row.name);
    INFO(name);
    const app::ToolSchema schema(name);
    const std::string description = schema.descriptor()["description"].get<std::string>();
    for (const auto& rule : schema.input_schema().value("allOf", json::array())) {
      if (rule.value("x-server-only", false)) continue;
      const std::string says = rule.at("x-error").get<std::string>();
      CHECK(description.find(says.substr(1)) != std::string::npos);  // first letter may be capitalised
      ++rules;
    }
  }
  CHECK(rules >= 15);
  // Enforced with the full schema's precise message, though tools/list no longer shows it.
  const app::ToolSchema upload("upload_image");
  CHECK(upload.check(json::object()).find("give exactly one of file_path or image_url") != std::string::npos);
  const app::ToolSchema lip("lip_sync_video");
  CHECK(lip.check(json{{"source_video_id", 1}, {"lip_sync_tts_speaker_id", "Auto"}}).find("go together") !=
        std::string::npos);
}

TEST_CASE("ids are published as digit strings, media inputs as strings, the server takes integers too",
          "[published]") {
  const app::ToolSchema status("get_video_status");
  const json id = status.descriptor()["inputSchema"]["properties"]["video_id"];
  CHECK(id["type"] == "string");
  CHECK(id["pattern"] == "^[0-9]{1,19}$");
  CHECK(status.check(json{{"video_id", 9007199254740993ULL}}).empty());
  CHECK(status.check(json{{"video_id", "9007199254740993"}}).empty());
  CHECK_FALSE(status.check(json{{"video_id", "12a"}}).empty());

  const app::ToolSchema image("image_to_video");
  CHECK(image.descriptor()["inputSchema"]["properties"]["img_id"]["type"] == "string");
  CHECK(image.descriptor()["inputSchema"]["properties"]["img_ids"]["items"]["type"] == "string");
}

TEST_CASE("the projection keeps portable keywords, folds defaults and refuses what hosts break on", "[published]") {
  const json full = {
      {"type", "object"},
      {"properties",
       {{"quality", {{"type", "string"}, {"enum", {"540p", "720p"}}, {"default", "540p"}, {"description", "Size."}}},
        {"mode", {{"const", "fast"}, {"type", "string"}}},
        {"n", {{"type", "integer"}, {"minimum", 1}, {"multipleOf", 1}, {"x-local", true}}},
        {"id", {{"anyOf", {{{"type", "integer"}}, {{"type", "string"}}}}, {"x-publish", {{"type", "string"}}},
                {"description", "An id."}}}}},
      {"required", {"quality", "ghost"}},
      {"additionalProperties", false},
      {"allOf", {{{"if", {{"required", {"n"}}}}, {"then", {{"required", {"mode"}}}}, {"x-server-only", true}}}},
      {"$defs", {{"x", {{"type", "string"}}}}}};
  const json out = app::published_schema(full);
  CHECK(out == json{{"type", "object"},
                    {"properties",
                     {{"quality", {{"type", "string"}, {"enum", {"540p", "720p"}}, {"description", "Size. Default: 540p."}}},
                      {"mode", {{"type", "string"}, {"enum", {"fast"}}}},
                      {"n", {{"type", "integer"}, {"minimum", 1}}},
                      {"id", {{"type", "string"}, {"description", "An id."}}}}},
                    {"required", {"quality"}},
                    {"additionalProperties", false}});

  CHECK_THROWS_WITH(
      app::published_schema(json{{"type", "object"}, {"properties", {{"a", {{"anyOf", json::array()}}}}}}),
      Catch::Contains("needs one \"type\""));
  CHECK_THROWS_WITH(app::published_schema(json{{"type", "object"}, {"properties", {{"a", {{"type", "array"}}}}}}),
                    Catch::Contains("needs \"items\""));
  CHECK_THROWS(app::published_schema(json{{"type", "string"}}));
  CHECK_THROWS_WITH(app::description_with_rules("D.", json{{"allOf", {{{"oneOf", json::array()}}}}}),
                    Catch::Contains("x-error"));
  CHECK(app::description_with_rules("D.", json{{"allOf", {{{"x-error", "give one of a or b"}}}}}) ==
        "D. Give one of a or b.");
  CHECK(app::description_with_rules("D.", json{{"allOf", {{{"x-error", "img_id and x go together"}}}}}) ==
        "D. img_id and x go together.");
}

TEST_CASE("a tool definition's size: name, description and compact inputSchema, in characters", "[published][budget]") {
  // What the README's budget counts (app/tool_listing.h), as Python's len() would: characters,
  // not UTF-8 bytes ("≤" and "é" are one each), escapes as JSON writes them, no spaces.
  const json tool = {
      {"name", "t"},
      {"title", "not counted"},
      {"description", "≤5 s"},
      {"inputSchema", {{"type", "object"}, {"properties", {{"a", {{"type", "string"}, {"description", "é \"q\""}}}}}}},
      {"outputSchema", {{"type", "object"}}},
      {"annotations", {{"title", "not counted"}}}};
  // len('{"properties":{"a":{"description":"é \"q\"","type":"string"}},"type":"object"}') == 78
  CHECK(app::tool_definition_chars(tool) == 1 + 4 + 78);
  CHECK(app::tool_definitions_chars(json{{"tools", {tool, tool}}}) == 2 * 83);
  CHECK(app::tool_definitions_chars(json{{"tools", json::array()}}) == 0);
}
