// app::JsonSchema against the official JSON-Schema-Test-Suite (Debian's
// json-schema-test-suite package, directory JSON_SCHEMA_TEST_SUITE_DIR). The package has
// draft3..draft7 only, so this runs the draft7 files of the keywords whose draft7 meaning is
// the 2020-12 meaning. Three draft7 spellings are translated first (see to_2020_12): array
// "items" + "additionalItems" -> "prefixItems" + "items", and array-valued "dependencies" ->
// "dependentRequired". Every case of a listed file runs unless kExclusions names it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <string>
#include <vector>

#include "schema/json_schema.h"

#ifndef JSON_SCHEMA_TEST_SUITE_DIR
#error "JSON_SCHEMA_TEST_SUITE_DIR must name the suite's tests/ directory"
#endif

using nlohmann::json;

namespace {

const std::string kDraft7 = std::string(JSON_SCHEMA_TEST_SUITE_DIR) + "/draft7/";

// Cases not run. `test` == nullptr excludes the whole group.
struct Exclusion {
  const char* file;
  const char* group;
  const char* test;
  const char* reason;
};

const Exclusion kExclusions[] = {
    {"ref.json", "ref overrides any sibling keywords", "ref valid, maxItems ignored",
     "draft7 ignores keywords next to $ref; 2020-12 applies them, so maxItems: 2 rejects [1, 2, 3]"},
    {"ref.json", "remote ref, containing refs itself", nullptr,
     "remote $ref to http://json-schema.org/draft-07/schema#: only local refs are supported"},
    {"ref.json", "Recursive references between schemas", nullptr,
     "$id-based refs (\"node\", \"tree\" resolved against $id): only JSON-pointer fragments are supported"},
    {"definitions.json", "valid definition", nullptr,
     "remote $ref to the draft-07 meta-schema: only local refs are supported"},
    {"definitions.json", "invalid definition", nullptr,
     "remote $ref to the draft-07 meta-schema: only local refs are supported"},
    {"dependencies.json", "multiple dependencies subschema", nullptr,
     "schema-valued dependencies are 2020-12 dependentSchemas, which the validator does not support"},
    {"dependencies.json", "dependencies with boolean subschemas", nullptr,
     "schema-valued dependencies are 2020-12 dependentSchemas, which the validator does not support"},
};

// Not listed at all (whole files): refRemote.json (remote refs only), optional/ecmascript-regex.json,
// optional/format/*, optional/content.json (format and content are annotations for us).
const char* const kFiles[] = {
    "type.json", "enum.json", "const.json", "minimum.json", "maximum.json", "exclusiveMinimum.json",
    "exclusiveMaximum.json", "multipleOf.json", "minLength.json", "maxLength.json", "pattern.json",
    "properties.json", "required.json", "additionalProperties.json", "patternProperties.json",
    "propertyNames.json", "minProperties.json", "maxProperties.json", "minItems.json", "maxItems.json",
    "uniqueItems.json", "contains.json", "allOf.json", "anyOf.json", "oneOf.json", "not.json",
    "if-then-else.json", "boolean_schema.json", "ref.json", "definitions.json", "items.json",
    "additionalItems.json", "dependencies.json", "default.json", "optional/bignum.json",
    "optional/zeroTerminatedFloats.json",
};

constexpr std::size_t kMinCasesRun = 380;  // the suite must not pass by running nothing

// Rewrites the draft7 spellings whose 2020-12 equivalents differ, in schema positions only.
json to_2020_12(json s) {
  if (!s.is_object()) return s;
  if (s.contains("items") && s["items"].is_array()) {
    const json tuple = s["items"];
    s["prefixItems"] = tuple;
    if (s.contains("additionalItems")) s["items"] = s["additionalItems"];
    else s.erase("items");
  }
  s.erase("additionalItems");  // without an array "items" draft7 ignores it
  if (s.contains("dependencies")) {
    json required = json::object();
    for (const auto& [name, dependency] : s["dependencies"].items())
      if (dependency.is_array()) required[name] = dependency;  // schema-valued ones: excluded groups
    s.erase("dependencies");
    s["dependentRequired"] = required;
  }
  for (const char* k : {"additionalProperties", "propertyNames", "items", "contains", "not", "if", "then", "else"})
    if (s.contains(k)) s[k] = to_2020_12(s[k]);
  for (const char* k : {"prefixItems", "allOf", "anyOf", "oneOf"})
    if (s.contains(k))
      for (json& sub : s[k]) sub = to_2020_12(sub);
  for (const char* k : {"properties", "patternProperties", "definitions", "$defs"})
    if (s.contains(k))
      for (auto& [name, sub] : s[k].items()) sub = to_2020_12(sub);
  // ref.json "relative pointer ref to array" points into the tuple that moved.
  if (s.contains("$ref") && s["$ref"].get<std::string>().rfind("#/items/", 0) == 0)
    s["$ref"] = "#/prefixItems/" + s["$ref"].get<std::string>().substr(8);
  return s;
}

const Exclusion* excluded(const std::string& file, const std::string& group, const std::string& test) {
  for (const Exclusion& e : kExclusions)
    if (file == e.file && group == e.group && (e.test == nullptr || test == e.test)) return &e;
  return nullptr;
}

struct Tally {
  std::size_t run = 0, excluded = 0, failed = 0;
  std::vector<const Exclusion*> used;
};

// Runs one file. With `assert_each`, every case is a Catch2 CHECK (the per-file test cases);
// without, failures are only counted (the totals test).
void run_file(const std::string& file, Tally& tally, bool assert_each) {
  std::ifstream in(kDraft7 + file);
  INFO("suite file " << kDraft7 + file);
  REQUIRE(in.good());
  const json groups = json::parse(in);
  for (const json& group : groups) {
    const auto group_name = group.at("description").get<std::string>();
    for (const json& test : group.at("tests")) {
      const auto test_name = test.at("description").get<std::string>();
      if (const Exclusion* e = excluded(file, group_name, test_name)) {
        ++tally.excluded;
        tally.used.push_back(e);
        continue;
      }
      ++tally.run;
      INFO(file << " / " << group_name << " / " << test_name << "\n  schema: " << group.at("schema").dump()
                << "\n  data: " << test.at("data").dump());
      const bool expected = test.at("valid").get<bool>();
      bool ok = false;
      std::string detail;
      try {
        const app::JsonSchema schema(to_2020_12(group.at("schema")));
        const auto errors = schema.validate(test.at("data"));
        detail = app::describe(errors);
        // Validity must not depend on the cap, and an invalid instance always says why.
        ok = errors.empty() == expected && schema.validate(test.at("data"), 1).empty() == expected &&
             (expected || !detail.empty());
      } catch (const std::exception& ex) {
        detail = std::string("exception: ") + ex.what();
      }
      if (!ok) ++tally.failed;
      if (assert_each) {
        INFO("expected " << (expected ? "valid" : "invalid") << "; errors: " << detail);
        CHECK(ok);
      }
    }
  }
}

void check_file(const std::string& file) {
  Tally tally;
  run_file(file, tally, true);
  CHECK(tally.run + tally.excluded > 0);
}

}  // namespace

#define SUITE_FILE(name) \
  TEST_CASE("JSON-Schema-Test-Suite draft7 " name, "[json_schema][suite]") { check_file(name); }

SUITE_FILE("type.json")
SUITE_FILE("enum.json")
SUITE_FILE("const.json")
SUITE_FILE("minimum.json")
SUITE_FILE("maximum.json")
SUITE_FILE("exclusiveMinimum.json")
SUITE_FILE("exclusiveMaximum.json")
SUITE_FILE("multipleOf.json")
SUITE_FILE("minLength.json")
SUITE_FILE("maxLength.json")
SUITE_FILE("pattern.json")
SUITE_FILE("properties.json")
SUITE_FILE("required.json")
SUITE_FILE("additionalProperties.json")
SUITE_FILE("patternProperties.json")
SUITE_FILE("propertyNames.json")
SUITE_FILE("minProperties.json")
SUITE_FILE("maxProperties.json")
SUITE_FILE("minItems.json")
SUITE_FILE("maxItems.json")
SUITE_FILE("uniqueItems.json")
SUITE_FILE("contains.json")
SUITE_FILE("allOf.json")
SUITE_FILE("anyOf.json")
SUITE_FILE("oneOf.json")
SUITE_FILE("not.json")
SUITE_FILE("if-then-else.json")
SUITE_FILE("boolean_schema.json")
SUITE_FILE("ref.json")
SUITE_FILE("definitions.json")
SUITE_FILE("items.json")
SUITE_FILE("additionalItems.json")
SUITE_FILE("dependencies.json")
SUITE_FILE("default.json")
SUITE_FILE("optional/bignum.json")
SUITE_FILE("optional/zeroTerminatedFloats.json")

// Self-contained (ctest runs each test case in its own process): runs every listed file again,
// checks the floor and that every exclusion still matches something.
TEST_CASE("JSON-Schema-Test-Suite draft7: totals", "[json_schema][suite]") {
  Tally tally;
  for (const char* file : kFiles) run_file(file, tally, false);
  WARN(tally.run << " suite cases run, " << tally.excluded << " excluded");
  CHECK(tally.failed == 0);
  CHECK(tally.run >= kMinCasesRun);
  for (const Exclusion& e : kExclusions) {
    INFO("stale exclusion: " << e.file << " / " << e.group << " / " << (e.test ? e.test : "(whole group)"));
    CHECK(std::find(tally.used.begin(), tally.used.end(), &e) != tally.used.end());
  }
}
