// Fragment include (x-use) beyond the basics in test_tool_schemas.cpp: overrides that are
// fragments themselves, self-cycles, non-object fragments, files read once, and the house rule
// that tools include only "_" fragment files. Plus what the expansion gives real tools.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "schema/embedded_schemas.h"
#include "schema/fragments.h"
#include "schema/tool_schema.h"

using app::ToolSchema;
using nlohmann::json;

namespace {

// A loader over in-memory files that counts how often each is read.
struct CountingLoader {
  std::map<std::string, json> files;
  std::map<std::string, int> reads;
  app::SchemaFileLoader loader() {
    return [this](std::string_view stem) {
      ++reads[std::string(stem)];
      auto it = files.find(std::string(stem));
      if (it == files.end()) throw std::runtime_error("no file " + std::string(stem));
      return it->second;
    };
  }
};

// Every x-use reference string in `j`.
void collect_uses(const json& j, std::vector<std::string>& out) {
  if (j.is_object()) {
    if (auto it = j.find("x-use"); it != j.end() && it->is_string()) out.push_back(it->get<std::string>());
    for (const auto& [key, value] : j.items()) collect_uses(value, out);
  } else if (j.is_array()) {
    for (const auto& x : j) collect_uses(x, out);
  }
}

}  // namespace

TEST_CASE("an override may itself use a fragment, and replaces the fragment's key whole", "[schemas]") {
  CountingLoader files;
  const json id = {{"type", "integer"}, {"minimum", 0}};
  const json pair = {{"type", "object"}, {"properties", {{"a", {{"type", "string"}}}}}};
  files.files["_f"] = {{"$defs", {{"id", id}, {"pair", pair}}}};
  const json doc = {{"x-use", "_f#/$defs/pair"}, {"properties", {{"b", {{"x-use", "_f#/$defs/id"}}}}}};
  const json out = app::expand_fragments(doc, files.loader());
  // Shallow merge: "properties" from the tool replaces the fragment's, and its x-use is expanded.
  CHECK(out == json{{"type", "object"}, {"properties", {{"b", {{"type", "integer"}, {"minimum", 0}}}}}});
}

TEST_CASE("a fragment that includes itself is a cycle naming the reference twice", "[schemas]") {
  CountingLoader files;
  files.files["_s"] = {{"$defs", {{"a", {{"type", "array"}, {"items", {{"x-use", "_s#/$defs/a"}}}}}}}};
  CHECK_THROWS_WITH(app::expand_fragments({{"x-use", "_s#/$defs/a"}}, files.loader()),
                    Catch::Contains("cycle") && Catch::Contains("_s#/$defs/a -> _s#/$defs/a"));
}

TEST_CASE("a scalar fragment is used as is, but cannot take extra keys", "[schemas]") {
  CountingLoader files;
  files.files["_v"] = {{"limit", 30}};
  CHECK(app::expand_fragments({{"max", {{"x-use", "_v#/limit"}}}}, files.loader()) == json{{"max", 30}});
  CHECK_THROWS_WITH(app::expand_fragments({{"x-use", "_v#/limit"}, {"description", "d"}}, files.loader()),
                    Catch::Contains("_v#/limit"));
}

TEST_CASE("each fragment file is read once per expansion, however often it is used", "[schemas]") {
  CountingLoader files;
  files.files["_f"] = {{"$defs", {{"n", {{"type", "integer"}}}, {"s", {{"type", "string"}}}}}};
  const json doc = {{"a", {{"x-use", "_f#/$defs/n"}}}, {"b", {{"x-use", "_f#/$defs/s"}}}, {"c", {{"x-use", "_f#/$defs/n"}}}};
  const json out = app::expand_fragments(doc, files.loader());
  CHECK(out["c"] == json{{"type", "integer"}});
  CHECK(files.reads["_f"] == 1);
}

TEST_CASE("schema files include only fragment files, and every reference resolves", "[schemas]") {
  int uses = 0;
  for (const auto& s : app::embedded_schemas()) {
    std::vector<std::string> refs;
    collect_uses(app::embedded_schema_file(s.name), refs);
    for (const auto& ref : refs) {
      INFO(s.name << ": " << ref);
      CHECK(ref.rfind('_', 0) == 0);  // tools never include other tools' files
      const auto hash = ref.find('#');
      REQUIRE(hash != std::string::npos);
      CHECK_NOTHROW(app::embedded_schema_file(ref.substr(0, hash)).at(json::json_pointer(ref.substr(hash + 1))));
      ++uses;
    }
  }
  CHECK(uses > 100);  // the tools are built on the fragments, not copies of them
}

TEST_CASE("a tool's overrides reach validation, defaults and the request body", "[schemas]") {
  const ToolSchema tpl("template_video");
  const json& prompt = tpl.input_schema()["properties"]["prompt"];
  CHECK(prompt["default"] == "template effect");  // overridden
  CHECK(prompt["maxLength"] == 2048);              // kept from _fields (prompt_short)
  const json args = tpl.with_defaults({{"template_id", "315446315336768"}, {"img_id", 12}, {"wait_seconds", 0}});
  CHECK(tpl.check(args).empty());
  const json body = tpl.request_body(args);
  CHECK(body == json{{"template_id", 315446315336768ULL}, {"img_id", 12}, {"prompt", "template effect"},
                     {"model", "v6"}, {"duration", 5}, {"quality", "540p"}});
  // The published descriptor tells the default in the description (a portable schema has no
  // "default"), without our extensions.
  CHECK_FALSE(tpl.descriptor()["inputSchema"]["properties"]["prompt"].contains("default"));
  CHECK(tpl.descriptor()["inputSchema"]["properties"]["prompt"]["description"].get<std::string>().find(
            "a default is sent") != std::string::npos);  // said by hand, so not appended again
  CHECK(tpl.descriptor()["inputSchema"]["properties"]["prompt"]["description"].get<std::string>().find("Default:") ==
        std::string::npos);
  CHECK(tpl.descriptor()["inputSchema"]["properties"]["quality"]["description"].get<std::string>().find(
            "Default: 540p.") != std::string::npos);
  CHECK(tpl.descriptor()["inputSchema"]["properties"]["img_id"].dump().find("x-") == std::string::npos);
  CHECK(tpl.descriptor()["execution"] == json{{"taskSupport", "optional"}});
  CHECK_FALSE(ToolSchema("get_video_status").descriptor().contains("execution"));
}
