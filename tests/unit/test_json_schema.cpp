// Focused tests of app::JsonSchema: every supported keyword, and the exact wording of the
// error messages a model reads when its tool arguments are rejected.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "schema/json_schema.h"

using app::JsonSchema;
using nlohmann::json;

namespace {

// The errors for `instance`, joined as describe() does ("" when valid).
std::string errors_of(const json& schema, const json& instance, std::size_t max_errors = 8) {
  return app::describe(JsonSchema(schema).validate(instance, max_errors));
}

bool accepts(const json& schema, const json& instance) { return JsonSchema(schema).validate(instance).empty(); }

const json kGenerate = json::parse(R"({
  "type": "object",
  "properties": {
    "prompt": {"type": "string", "minLength": 1, "maxLength": 2048},
    "model": {"enum": ["v4.5", "v5", "v5.5"]},
    "duration": {"type": "integer"},
    "quality": {"type": "string", "enum": ["360p", "540p", "720p", "1080p"]},
    "seed": {"type": "integer", "minimum": 0, "maximum": 2147483647},
    "image_references": {
      "type": "array",
      "items": {
        "type": "object",
        "properties": {"img_id": {"type": "integer", "minimum": 1}, "ref_name": {"type": "string", "maxLength": 30}},
        "required": ["img_id"],
        "additionalProperties": false
      }
    }
  },
  "required": ["prompt"],
  "additionalProperties": false
})");

}  // namespace

TEST_CASE("json_schema: the documented error messages", "[json_schema]") {
  const JsonSchema schema(kGenerate);
  auto check = [&](const json& args) { return app::describe(schema.validate(args)); };

  CHECK(check({{"prompt", "a cat"}}).empty());
  CHECK(check({{"prompt", "a cat"}, {"duration", "abc"}}) == R"(duration: must be an integer, got string "abc")");
  CHECK(check({{"prompt", "a cat"}, {"quality", "4k"}}) ==
        R"(quality: must be one of "360p", "540p", "720p", "1080p", got "4k")");
  CHECK(check(json::object()) == "prompt: is required");
  CHECK(check(json::parse(R"({"prompt": "x", "seed": 9999999999})")) == "seed: must be <= 2147483647, got 9999999999");
  CHECK(check({{"prompt", "x"}, {"seed", -1}}) == "seed: must be >= 0, got -1");
  CHECK(check({{"prompt", "x"},
               {"image_references",
                {{{"img_id", 1}}, {{"img_id", 2}, {"ref_name", "an extremely long reference name 41 chars"}}}}}) ==
        "image_references[1].ref_name: must be at most 30 characters long, got 41");
  CHECK(check({{"prompt", "x"}, {"image_references", {{{"img_id", "7"}}}}}) ==
        R"(image_references[0].img_id: must be an integer, got string "7")");
  CHECK(check({{"prompt", "x"}, {"image_references", {json::object()}}}) == "image_references[0].img_id: is required");
  CHECK(check({{"prompt", "x"}, {"foo", 1}}) ==
        "foo: is not an allowed property (allowed: duration, image_references, model, prompt, quality, seed)");
  CHECK(check("a cat") == R"(must be an object, got string "a cat")");  // root: no "path: " prefix
  CHECK(check({{"prompt", ""}}) == "prompt: must be at least 1 character long, got 0");
  CHECK(check({{"prompt", "x"}, {"model", "v6"}}) == R"(model: must be one of "v4.5", "v5", "v5.5", got "v6")");
  // Several independent problems are all reported, in one line.
  CHECK(check({{"duration", true}, {"foo", 1}}) ==
        "prompt: is required; duration: must be an integer, got boolean true; "
        "foo: is not an allowed property (allowed: duration, image_references, model, prompt, quality, seed)");
}

TEST_CASE("json_schema: type", "[json_schema]") {
  CHECK(accepts({{"type", "integer"}}, 5));
  CHECK(accepts({{"type", "integer"}}, json::parse("5.0")));  // zero fractional part
  CHECK(accepts({{"type", "integer"}}, json::parse("-0.0")));
  CHECK(errors_of({{"type", "integer"}}, 5.5) == "must be an integer, got number 5.5");
  CHECK(accepts({{"type", "integer"}}, json::parse("18446744073709551615")));  // uint64 max
  CHECK(accepts({{"type", "integer"}}, json::parse("-9223372036854775808")));
  CHECK(accepts({{"type", "integer"}}, json::parse("1e30")));  // integral, beyond uint64: a double
  CHECK(accepts({{"type", "number"}}, 5));
  CHECK(accepts({{"type", "number"}}, 5.5));
  CHECK(errors_of({{"type", "number"}}, "5") == R"(must be a number, got string "5")");
  CHECK(errors_of({{"type", "string"}}, nullptr) == "must be a string, got null");
  CHECK(errors_of({{"type", "boolean"}}, 0) == "must be a boolean, got number 0");
  CHECK(errors_of({{"type", "object"}}, json::array()) == "must be an object, got array");
  CHECK(errors_of({{"type", "array"}}, json::object()) == "must be an array, got object");
  CHECK(errors_of({{"type", "null"}}, false) == "must be null, got boolean false");
  CHECK(errors_of({{"type", {"string", "null"}}}, 1) == "must be a string or null, got number 1");
  CHECK(errors_of({{"type", {"string", "integer", "null"}}}, 1.5) ==
        "must be a string, an integer or null, got number 1.5");
  CHECK(accepts({{"type", {"string", "null"}}}, nullptr));
  CHECK_FALSE(accepts({{"type", "integer"}}, true));  // booleans are not numbers
}

TEST_CASE("json_schema: large integers compare exactly", "[json_schema]") {
  const json big = json::parse("9007199254740993");  // 2^53 + 1: not representable as a double
  CHECK(accepts({{"type", "integer"}, {"minimum", 1}}, big));
  CHECK(errors_of(json::parse(R"({"maximum": 9007199254740992})"), big) ==
        "must be <= 9007199254740992, got 9007199254740993");
  CHECK(accepts(json::parse(R"({"maximum": 9007199254740993})"), big));
  CHECK_FALSE(accepts(json::parse(R"({"exclusiveMaximum": 9007199254740993})"), big));
  CHECK_FALSE(accepts(json::parse(R"({"minimum": 9007199254740994})"), big));
  CHECK_FALSE(accepts(json::parse(R"({"enum": [9007199254740992]})"), big));
  CHECK(accepts(json::parse(R"({"const": 9007199254740993})"), big));
  // Signed against unsigned.
  CHECK(accepts(json::parse(R"({"minimum": -1})"), json::parse("18446744073709551615")));
  CHECK_FALSE(accepts(json::parse(R"({"maximum": 18446744073709551614})"), json::parse("18446744073709551615")));
  CHECK_FALSE(accepts(json::parse(R"({"minimum": 0})"), json::parse("-9223372036854775808")));
  CHECK(accepts(json{{"maximum", std::int64_t{-5}}}, std::uint64_t{0}) == false);
  // Mixed integer / float goes through double.
  CHECK(accepts({{"maximum", 5}}, 5.0));
  CHECK_FALSE(accepts({{"maximum", 5}}, 5.000001));
  CHECK(accepts({{"minimum", 0.5}}, 1));
  CHECK(errors_of({{"exclusiveMinimum", 0}}, 0) == "must be > 0, got 0");
  CHECK(errors_of({{"exclusiveMaximum", 10}}, 10) == "must be < 10, got 10");
  CHECK(errors_of({{"exclusiveMaximum", 2.5}}, 2.5) == "must be < 2.5, got 2.5");
}

TEST_CASE("json_schema: multipleOf", "[json_schema]") {
  CHECK(accepts({{"multipleOf", 5}}, 10));
  CHECK(errors_of({{"multipleOf", 5}}, 7) == "must be a multiple of 5, got 7");
  CHECK(accepts({{"multipleOf", 3}}, json::parse("18446744073709551615")));  // exact modulo
  CHECK_FALSE(accepts({{"multipleOf", 2}}, json::parse("9007199254740993")));
  CHECK(accepts({{"multipleOf", 7}}, -14));
  CHECK(accepts({{"multipleOf", 0.01}}, 0.07));
  CHECK_FALSE(accepts({{"multipleOf", 0.01}}, 0.075));
  CHECK(accepts({{"multipleOf", 0.5}}, 4));
  CHECK_FALSE(accepts({{"multipleOf", 0.123456789}}, 1e308));  // quotient overflows: not a multiple
}

TEST_CASE("json_schema: strings count code points", "[json_schema]") {
  CHECK(accepts({{"maxLength", 3}}, "日本語"));  // 9 bytes, 3 characters
  CHECK(errors_of({{"maxLength", 3}}, "日本語x") == "must be at most 3 characters long, got 4");
  CHECK(accepts({{"minLength", 2}}, "😀😀"));
  CHECK(errors_of({{"minLength", 3}}, "😀😀") == "must be at least 3 characters long, got 2");
  CHECK(errors_of({{"maxLength", 1}}, "héllo") == "must be at most 1 character long, got 5");
  CHECK(accepts({{"maxLength", 1}}, 12345));  // not a string: ignored
}

TEST_CASE("json_schema: pattern is an unanchored ECMAScript search", "[json_schema]") {
  CHECK(accepts({{"pattern", "a+"}}, "xxaaxx"));
  CHECK(errors_of({{"pattern", "^[a-z]+$"}}, "ABC") == R"(must match the pattern "^[a-z]+$", got "ABC")");
  CHECK(accepts({{"pattern", "^\\d{2,4}$"}}, "2024"));
  CHECK_FALSE(accepts({{"pattern", "^\\d{2,4}$"}}, "20245"));
  CHECK(accepts({{"pattern", "^x"}}, 7));  // non-strings ignored
  // Long values are cut in messages (on a code point boundary).
  const std::string message = errors_of({{"pattern", "^z"}}, std::string(200, 'a'));
  CHECK(message.size() < 150);
  CHECK(message.find("...") != std::string::npos);
}

TEST_CASE("json_schema: enum and const use JSON equality", "[json_schema]") {
  CHECK(accepts({{"enum", {1, "a", nullptr}}}, 1.0));
  CHECK_FALSE(accepts({{"enum", {1, "a"}}}, true));
  CHECK(accepts({{"enum", {json::array({1, 2}), json::object({{"a", 1}})}}}, json::object({{"a", 1.0}})));
  CHECK_FALSE(accepts({{"enum", {json::array({1, 2})}}}, json::array({2, 1})));
  CHECK(errors_of({{"enum", {5}}}, 6) == "must be equal to 5, got 6");
  CHECK(errors_of({{"const", "url"}}, "image") == R"(must be equal to "url", got "image")");
  CHECK(accepts({{"const", nullptr}}, nullptr));
  CHECK_FALSE(accepts({{"const", false}}, 0));
}

TEST_CASE("json_schema: object keywords", "[json_schema]") {
  const json schema = json::parse(R"({
    "properties": {"a": {"type": "integer"}},
    "patternProperties": {"^x-": {"type": "string"}},
    "additionalProperties": {"type": "boolean"},
    "propertyNames": {"maxLength": 5},
    "minProperties": 1, "maxProperties": 3,
    "dependentRequired": {"a": ["b"]}
  })");
  CHECK(accepts(schema, {{"a", 1}, {"b", true}, {"x-y", "s"}}));
  CHECK(errors_of(schema, {{"x-y", 1}}) == "x-y: must be a string, got number 1");
  CHECK(errors_of(schema, {{"c", 1}}) == "c: must be a boolean, got number 1");
  CHECK(errors_of(schema, {{"a", 1}}) == R"(b: is required when "a" is present)");
  CHECK(errors_of(schema, json::object()) == "must have at least 1 property, got 0");
  CHECK(errors_of(schema, {{"b", true}, {"c", true}, {"d", true}, {"e", true}}) ==
        "must have at most 3 properties, got 4");
  CHECK(errors_of(schema, {{"toolong", true}}) ==
        R"(property name "toolong" must be at most 5 characters long, got 7)");
  CHECK(accepts(schema, "not an object"));  // object keywords ignore other types

  CHECK(errors_of({{"additionalProperties", false}}, {{"a", 1}}) ==
        "a: is not an allowed property (no properties are allowed here)");
  const json closed = json::parse(R"({"properties": {"a": true}, "patternProperties": {"^x-": true},
                                      "additionalProperties": false})");
  CHECK(errors_of(closed, {{"b", 1}}) == R"(b: is not an allowed property (allowed: a, names matching "^x-"))");
  // Odd property names are quoted in paths.
  CHECK(errors_of({{"properties", {{"a.b", {{"type", "string"}}}}}}, {{"a.b", 1}}) ==
        R"(["a.b"]: must be a string, got number 1)");
  CHECK(errors_of({{"properties", {{"x", {{"required", {"the key"}}}}}}}, {{"x", json::object()}}) ==
        R"(x["the key"]: is required)");
}

TEST_CASE("json_schema: array keywords", "[json_schema]") {
  const json tuple = json::parse(R"({"prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false})");
  CHECK(accepts(tuple, {"a", 1}));
  CHECK(accepts(tuple, {"a"}));
  CHECK(errors_of(tuple, {1, 1}) == "[0]: must be a string, got number 1");
  CHECK(errors_of(tuple, {"a", 1, 2}) == "must have at most 2 items, got 3");

  const json rest = json::parse(R"({"prefixItems": [{"const": "head"}], "items": {"type": "integer"}})");
  CHECK(accepts(rest, {"head", 1, 2}));
  CHECK(errors_of(rest, {"head", 1, "x"}) == R"([2]: must be an integer, got string "x")");

  CHECK(errors_of({{"minItems", 1}}, json::array()) == "must have at least 1 item, got 0");
  CHECK(errors_of({{"maxItems", 2}}, {1, 2, 3}) == "must have at most 2 items, got 3");
  CHECK(errors_of({{"uniqueItems", true}}, {1, "a", 1.0}) == "must not contain duplicate items; [0] and [2] are equal");
  CHECK(accepts({{"uniqueItems", true}}, {json::object({{"a", 1}}), json::object({{"a", 2}})}));
  CHECK(accepts({{"uniqueItems", false}}, {1, 1}));

  const json contains = json::parse(R"({"contains": {"type": "integer"}, "minContains": 2, "maxContains": 3})");
  CHECK(accepts(contains, {1, "a", 2}));
  CHECK(errors_of(contains, {1, "a"}) == R"(must contain at least 2 items matching {"type":"integer"}, got 1)");
  CHECK(errors_of(contains, {1, 2, 3, 4}) == R"(must contain at most 3 items matching {"type":"integer"}, got 4)");
  CHECK_FALSE(accepts({{"contains", {{"const", 1}}}}, json::array()));
  CHECK(accepts({{"contains", {{"const", 1}}}, {"minContains", 0}}, json::array()));
}

TEST_CASE("json_schema: combinators", "[json_schema]") {
  const json both = json::parse(R"({"oneOf": [{"type": "integer"}, {"minimum": 2}]})");
  CHECK(accepts(both, 1));
  CHECK(accepts(both, 2.5));
  CHECK(errors_of(both, 3) == "must match exactly one of the allowed forms; matched 2 (forms 1, 2)");

  CHECK(errors_of(json::parse(R"({"anyOf": [{"type": "string"}, {"type": "integer"}]})"), true) ==
        "must match at least one of the allowed forms, matched none "
        "(form 1: must be a string, got boolean true; form 2: must be an integer, got boolean true)");

  // The closest form (right shape, fewest errors) is reported as is.
  const json refs = json::parse(R"({"properties": {"ref": {"oneOf": [
      {"type": "object", "properties": {"kind": {"const": "image"}, "img_id": {"type": "integer"}},
       "required": ["kind", "img_id"]},
      {"type": "object", "properties": {"kind": {"const": "url"}, "url": {"type": "string"}},
       "required": ["kind", "url"]},
      {"type": "string"}]}}})");
  CHECK(accepts(refs, {{"ref", {{"kind", "url"}, {"url", "http://x"}}}}));
  CHECK(errors_of(refs, {{"ref", {{"kind", "image"}, {"img_id", "x"}}}}) ==
        R"(ref.img_id: must be an integer, got string "x")");
  CHECK(errors_of(refs, {{"ref", 5}}) ==
        "ref: must match exactly one of the allowed forms, matched none (form 1: must be an object, got number 5; "
        "form 2: must be an object, got number 5; form 3: must be a string, got number 5)");
  // A tie between forms of the right shape: the first error of each, with relative paths.
  CHECK(errors_of(refs, {{"ref", json::object()}}) ==
        "ref: must match exactly one of the allowed forms, matched none (form 1: kind is required; "
        "form 2: kind is required; form 3: must be a string, got object)");

  CHECK(errors_of({{"allOf", {{{"minimum", 1}}, {{"maximum", 3}}}}}, 4) == "must be <= 3, got 4");
  CHECK(errors_of({{"not", {{"type", "string"}}}}, "s") == R"(must not match {"type":"string"})");
  CHECK(accepts({{"not", {{"type", "string"}}}}, 1));
}

TEST_CASE("json_schema: if/then/else report from then/else only", "[json_schema]") {
  const json schema = json::parse(R"({
    "if": {"properties": {"model": {"const": "v5.5"}}, "required": ["model"]},
    "then": {"properties": {"duration": {"enum": [5, 8, 10]}}},
    "else": {"properties": {"duration": {"enum": [5, 8]}}}
  })");
  CHECK(accepts(schema, {{"model", "v5.5"}, {"duration", 10}}));
  CHECK(errors_of(schema, {{"model", "v5"}, {"duration", 10}}) == "duration: must be one of 5, 8, got 10");
  CHECK(errors_of(schema, {{"model", "v5.5"}, {"duration", 7}}) == "duration: must be one of 5, 8, 10, got 7");
  CHECK(accepts({{"if", {{"type", "string"}}}}, 1));  // if alone does nothing
  CHECK(accepts({{"then", false}}, 1));              // then without if does nothing
}

TEST_CASE("json_schema: x-error replaces the inner errors", "[json_schema]") {
  const json schema = json::parse(R"({
    "properties": {"model": {"type": "string"}, "duration": {"type": "integer"}},
    "if": {"properties": {"model": {"const": "v5.5"}}, "required": ["model"]},
    "then": {"properties": {"duration": {"enum": [5, 8, 10], "x-error": "v5.5 takes duration 5, 8 or 10"}}}
  })");
  CHECK(accepts(schema, {{"model", "v5.5"}, {"duration", 8}}));
  CHECK(accepts(schema, {{"model", "v5"}, {"duration", 7}}));
  CHECK(errors_of(schema, {{"model", "v5.5"}, {"duration", 7}}) == "duration: v5.5 takes duration 5, 8 or 10");

  // On an object: one message however many inner errors, at the object's own path.
  const json nested = json::parse(R"({"properties": {"camera": {
      "x-error": "camera needs integer pan and tilt",
      "required": ["pan", "tilt"], "properties": {"pan": {"type": "integer"}}}}})");
  CHECK(errors_of(nested, {{"camera", {{"pan", "left"}}}}) == "camera: camera needs integer pan and tilt");
  CHECK(errors_of({{"x-error", "give me a number"}, {"type", "number"}}, "x") == "give me a number");
  CHECK(accepts({{"x-error", "unused"}}, 1));
  // Inside a oneOf form, x-error is what the summary quotes.
  const json forms = json::parse(R"({"oneOf": [{"type": "integer", "x-error": "an id"},
                                                {"type": "string", "x-error": "a URL"}]})");
  CHECK(errors_of(forms, true) ==
        "must match exactly one of the allowed forms, matched none (form 1: an id; form 2: a URL)");
}

TEST_CASE("json_schema: $ref and $defs", "[json_schema]") {
  const json schema = json::parse(R"({
    "$defs": {"id": {"type": "integer", "minimum": 1}, "a/b~c": {"type": "string"}},
    "definitions": {"legacy": {"$ref": "#/$defs/id"}},
    "properties": {"img_id": {"$ref": "#/$defs/id"}, "old": {"$ref": "#/definitions/legacy"},
                   "odd": {"$ref": "#/$defs/a~1b~0c"}, "same": {"$ref": "#/properties/img_id"}}
  })");
  CHECK(accepts(schema, {{"img_id", 3}, {"old", 4}, {"odd", "s"}, {"same", 5}}));
  CHECK(errors_of(schema, {{"img_id", 0}}) == "img_id: must be >= 1, got 0");
  CHECK(errors_of(schema, {{"old", "x"}}) == R"(old: must be an integer, got string "x")");
  CHECK(errors_of(schema, {{"odd", 1}}) == "odd: must be a string, got number 1");
  CHECK(errors_of(schema, {{"same", 0}}) == "same: must be >= 1, got 0");

  // $ref siblings apply too (2020-12).
  CHECK(errors_of(json::parse(R"({"$defs": {"n": {"type": "integer"}}, "$ref": "#/$defs/n", "maximum": 3})"), 4) ==
        "must be <= 3, got 4");

  // A recursive schema.
  const json tree = json::parse(R"({"type": "object", "properties": {
      "value": {"type": "integer"}, "children": {"type": "array", "items": {"$ref": "#"}}}})");
  CHECK(accepts(tree, {{"value", 1}, {"children", {{{"value", 2}, {"children", json::array()}}}}}));
  CHECK(errors_of(tree, {{"children", {{{"children", {{{"value", "x"}}}}}}}}) ==
        R"(children[0].children[0].value: must be an integer, got string "x")");

  // Cycles that never reach the instance's leaves stop with an error instead of overflowing.
  CHECK(errors_of({{"$ref", "#"}}, 1).find("$ref nesting deeper than 64 levels") != std::string::npos);
  const json cycle = json::parse(R"({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}},
                                     "$ref": "#/$defs/a"})");
  CHECK(errors_of(cycle, 1).find("$ref nesting") != std::string::npos);
}

TEST_CASE("json_schema: boolean schemas and annotations", "[json_schema]") {
  CHECK(accepts(true, {{"anything", 1}}));
  CHECK(errors_of(false, 1) == "is not allowed here");
  CHECK(errors_of({{"properties", {{"legacy", false}}}}, {{"legacy", 1}}) == "legacy: is not allowed here");
  const json annotated = json::parse(R"({
    "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.com/x",
    "title": "t", "description": "d", "default": 5, "examples": [1], "$comment": "c",
    "readOnly": true, "format": "uri", "x-anything": {"type": "string"}, "type": "string"})");
  CHECK(accepts(annotated, "not a uri"));
  CHECK_FALSE(accepts(annotated, 1));
}

TEST_CASE("json_schema: max_errors caps the list", "[json_schema]") {
  json schema = {{"type", "object"}, {"properties", json::object()}};
  json args = json::object();
  for (int i = 0; i < 20; ++i) {
    const std::string key = std::string("p").append(std::to_string(100 + i));
    schema["properties"][key] = {{"type", "integer"}};
    args[key] = "x";
  }
  const JsonSchema validator(schema);
  CHECK(validator.validate(args).size() == 8);  // the default
  CHECK(validator.validate(args, 3).size() == 3);
  CHECK(validator.validate(args, 100).size() == 20);
  CHECK(validator.validate(args, 0).size() == 1);  // an invalid instance always reports something
  CHECK(validator.validate(args, 1).front().path == "p100");
}

TEST_CASE("json_schema: describe", "[json_schema]") {
  CHECK(app::describe({}).empty());
  CHECK(app::describe({{"", "must be an object, got null"}}) == "must be an object, got null");
  CHECK(app::describe({{"a", "x"}, {"b[1]", "y"}}) == "a: x; b[1]: y");
}

TEST_CASE("json_schema: schemas it cannot apply are rejected up front", "[json_schema]") {
  CHECK_THROWS_AS(JsonSchema(json{{"pattern", "("}}), std::invalid_argument);
  CHECK_THROWS_AS(JsonSchema(json{{"patternProperties", {{"[", true}}}}), std::invalid_argument);
  CHECK_THROWS_AS(JsonSchema(json{{"$ref", "#/$defs/missing"}}), std::invalid_argument);
  CHECK_THROWS_AS(JsonSchema(json{{"$ref", "other.json#/x"}}), std::invalid_argument);
  CHECK_THROWS_AS(JsonSchema(json{{"$ref", "#anchor"}}), std::invalid_argument);
  CHECK_THROWS_AS(JsonSchema(json(5)), std::invalid_argument);
  CHECK_THROWS_AS(JsonSchema(json{{"properties", {{"a", 5}}}}), std::invalid_argument);
  CHECK_THROWS_AS(JsonSchema(json{{"type", "int"}}), std::invalid_argument);
  CHECK_THROWS_AS(JsonSchema(json{{"minimum", "1"}}), std::invalid_argument);
  CHECK_THROWS_AS(JsonSchema(json{{"maxLength", -1}}), std::invalid_argument);
  CHECK_THROWS_AS(JsonSchema(json{{"multipleOf", 0}}), std::invalid_argument);
  CHECK_THROWS_AS(JsonSchema(json{{"required", "a"}}), std::invalid_argument);
  CHECK_THROWS_AS(JsonSchema(json{{"x-error", 1}}), std::invalid_argument);
  CHECK_THROWS_AS(JsonSchema(json::parse(R"({"items": [{"type": "string"}]})")), std::invalid_argument);
  // A bad pattern only reachable through a $ref into an unknown keyword is still found.
  CHECK_THROWS_AS(JsonSchema(json::parse(R"({"stash": {"pattern": "("}, "$ref": "#/stash"})")), std::invalid_argument);
  try {
    const JsonSchema never(json{{"properties", {{"a", {{"pattern", "(["}}}}}});
    FAIL("no exception");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()).find("#/properties/a/pattern") != std::string::npos);
  }
  CHECK_NOTHROW(JsonSchema(json{{"maxLength", 2.0}}));
}

TEST_CASE("json_schema: copies share the compiled schema", "[json_schema]") {
  JsonSchema original(
      json::parse(R"({"patternProperties": {"^a": {"$ref": "#/$defs/s"}}, "$defs": {"s": {"type": "string"}}})"));
  const JsonSchema copy = original;
  original = JsonSchema(true);
  CHECK(copy.validate({{"ab", 1}}).size() == 1);
  CHECK(copy.schema().contains("$defs"));
  CHECK(original.validate({{"ab", 1}}).empty());
}
