// Arguments as models send them (strings for numbers and flags, null for "unset", arrays as
// JSON text) are read the way the schema means them; ambiguous ones keep today's errors.
#include <catch2/catch.hpp>

#include "schema/argument_coercion.h"
#include "schema/tool_schema.h"

using app::coerce_arguments;
using nlohmann::json;

namespace {

const json kSchema = {
    {"type", "object"},
    {"properties",
     {{"prompt", {{"type", "string"}}},
      {"duration", {{"type", "integer"}}},
      {"strength", {{"type", "number"}}},
      {"water_mark", {{"type", "boolean"}}},
      {"id", {{"anyOf", {{{"type", "integer"}}, {{"type", "string"}}}}}},
      {"refs",
       {{"type", "array"},
        {"items",
         {{"type", "object"},
          {"properties", {{"img_id", {{"type", "integer"}}}, {"type", {{"type", "string"}}}, {"on", {{"type", "boolean"}}}}},
          {"required", {"img_id"}}}}}},
      {"nums", {{"type", "array"}, {"items", {{"type", "integer"}}}}}}},
    {"required", {"prompt"}}};

json coerced(const json& args) {
  auto out = coerce_arguments(kSchema, args);
  REQUIRE(out.problems.empty());
  return out.args;
}

}  // namespace

TEST_CASE("integer, number and boolean strings become their types, the JSON types come out exact", "[coercion]") {
  json out = coerced({{"prompt", "p"}, {"duration", "5"}, {"strength", "0.25"}, {"water_mark", "false"}});
  CHECK(out["duration"] == 5);
  CHECK(out["duration"].is_number_integer());
  CHECK(out["strength"] == 0.25);
  CHECK(out["water_mark"] == false);
  CHECK(out["water_mark"].is_boolean());
  CHECK(coerced({{"duration", "5.0"}})["duration"] == 5);
  CHECK(coerced({{"duration", "5.000"}})["duration"].is_number_integer());
  CHECK(coerced({{"duration", " 8 "}})["duration"] == 8);
  CHECK(coerced({{"duration", "-3"}})["duration"] == -3);
  CHECK(coerced({{"duration", "18446744073709551615"}})["duration"].get<std::uint64_t>() == 18446744073709551615ULL);
  CHECK(coerced({{"water_mark", "TRUE"}})["water_mark"] == true);
  CHECK(coerced({{"water_mark", "False"}})["water_mark"] == false);
  CHECK(coerced({{"strength", "-1e3"}})["strength"] == -1000.0);
}

TEST_CASE("ambiguous strings are left for the validator to refuse with today's message", "[coercion]") {
  for (const char* text : {"5.5", "abc", "5s", "", "1e3", "0x10", "18446744073709551616", "5.", ".5", "--5"})
    CHECK(coerced({{"duration", text}})["duration"] == text);
  for (const char* text : {"yes", "1", "0", "on", "truee", ""}) CHECK(coerced({{"water_mark", text}})["water_mark"] == text);
  for (const char* text : {"nan", "Infinity", "0.5x"}) CHECK(coerced({{"strength", text}})["strength"] == text);
  // A string field keeps numbers-as-text as text; an id (integer or string) is left alone.
  CHECK(coerced({{"prompt", "5"}})["prompt"] == "5");
  CHECK(coerced({{"id", "402917364981237"}})["id"] == "402917364981237");

  const app::ToolSchema schema("text_to_video");
  auto args = coerce_arguments(schema.input_schema(), json{{"prompt", "p"}, {"duration", "5.5"}}).args;
  CHECK(schema.check(schema.with_defaults(args)) == "duration: must be an integer, got string \"5.5\"");
}

TEST_CASE("null on an optional field means not given, on a required one it is an error naming it", "[coercion]") {
  json out = coerced({{"prompt", "p"}, {"duration", nullptr}, {"water_mark", nullptr}, {"unknown", nullptr}});
  CHECK_FALSE(out.contains("duration"));
  CHECK_FALSE(out.contains("water_mark"));
  CHECK(out.contains("unknown"));  // not ours to judge: the validator names unknown properties

  auto bad = coerce_arguments(kSchema, json{{"prompt", nullptr}});
  REQUIRE(bad.problems.size() == 1);
  CHECK(bad.problems[0] == "prompt: is required and cannot be null");

  // The default of a dropped field applies, as if it had not been sent.
  const app::ToolSchema schema("text_to_video");
  json args = schema.with_defaults(
      coerce_arguments(schema.input_schema(), json{{"prompt", "p"}, {"quality", nullptr}, {"seed", nullptr}}).args);
  CHECK(args["quality"] == "540p");
  CHECK_FALSE(args.contains("seed"));
  CHECK(schema.check(args).empty());
}

TEST_CASE("nested objects and arrays follow the same rules, and arrays may come as JSON text", "[coercion]") {
  json out = coerced({{"refs", {{{"img_id", "12"}, {"type", nullptr}, {"on", "true"}}, {{"img_id", 7}}}},
                      {"nums", {"1", 2, "3.0"}}});
  CHECK(out["refs"][0] == json{{"img_id", 12}, {"on", true}});
  CHECK(out["refs"][1] == json{{"img_id", 7}});
  CHECK(out["nums"] == json{1, 2, 3});

  json text = coerced({{"refs", R"([{"img_id":"5","on":"false"}])"}, {"nums", " [4, \"5\"] "}});
  CHECK(text["refs"] == json{{{"img_id", 5}, {"on", false}}});
  CHECK(text["nums"] == json{4, 5});
  CHECK(coerced({{"nums", "[1,"}})["nums"] == "[1,");      // not JSON: left for the validator
  CHECK(coerced({{"nums", "{\"a\":1}"}})["nums"] == "{\"a\":1}");  // JSON, but not an array

  auto bad = coerce_arguments(kSchema, json{{"prompt", "p"}, {"refs", {{{"img_id", nullptr}}}}});
  REQUIRE(bad.problems.size() == 1);
  CHECK(bad.problems[0] == "refs[0].img_id: is required and cannot be null");
}

TEST_CASE("coerced values reach the PixVerse body as proper JSON types", "[coercion]") {
  const app::ToolSchema schema("text_to_video");
  json args = schema.with_defaults(coerce_arguments(schema.input_schema(),
                                                    json{{"prompt", "p"}, {"duration", "8"}, {"water_mark", "true"},
                                                         {"seed", "42"}, {"model", "v5"}, {"wait_seconds", "0"}})
                                       .args);
  REQUIRE(schema.check(args).empty());
  json body = schema.request_body(args);
  CHECK(body["duration"] == 8);
  CHECK(body["duration"].is_number_integer());
  CHECK(body["water_mark"] == true);
  CHECK(body["seed"] == 42);
  CHECK_FALSE(body.contains("wait_seconds"));
}

TEST_CASE("ids given back as strings reach PixVerse as exact integers, nested ones too", "[coercion]") {
  const app::ToolSchema schema("fusion_video");
  json args = schema.with_defaults(coerce_arguments(schema.input_schema(),
                                                    json{{"prompt", "@cat on @sofa"},
                                                         {"image_references",
                                                          {{{"type", "subject"}, {"img_id", "9007199254740993"}, {"ref_name", "cat"}},
                                                           {{"type", "background"}, {"img_id", 12}, {"ref_name", "sofa"}}}},
                                                         {"wait_seconds", "0"}})
                                       .args);
  REQUIRE(schema.check(args).empty());
  json body = schema.request_body(args);
  CHECK(body["image_references"][0]["img_id"].is_number_unsigned());
  CHECK(body["image_references"][0]["img_id"].get<std::uint64_t>() == 9007199254740993ULL);
  CHECK(body["image_references"][1]["img_id"] == 12);
  CHECK(body["image_references"][0]["ref_name"] == "cat");
}
