#pragma once
// A JSON Schema validator for the keywords our tool schemas use (2020-12 dialect).
// Errors are written for a model to act on: where (a JSON pointer-ish path such as
// "duration" or "image_references[1].img_id"), what rule, and what is allowed.
//
// Supported: type, enum, const, minimum, maximum, exclusiveMinimum, exclusiveMaximum,
// multipleOf, minLength/maxLength (Unicode code points), pattern (ECMAScript, unanchored),
// properties, required, additionalProperties, patternProperties, propertyNames,
// minProperties, maxProperties, dependentRequired, prefixItems, items, minItems, maxItems,
// uniqueItems, contains/minContains/maxContains, allOf, anyOf, oneOf, not, if/then/else,
// local $ref ("#", "#/$defs/Name", "#/definitions/Name", any JSON pointer), $defs,
// definitions and the boolean schemas true/false. Everything else (title, description,
// default, examples, format, $id, $schema, ...) is an annotation and is ignored.
// Integers compare exactly (int64/uint64); a number is an "integer" when it has no
// fractional part (5.0 is, 5.5 is not).
//
// Extension "x-error" (a string): when the schema object that carries it fails, the
// validator reports that one message at the instance path being validated instead of the
// errors found inside it. E.g. inside a "then":
//   "properties": {"duration": {"enum": [5, 8, 10],
//                               "x-error": "v5.5 takes duration 5, 8 or 10"}}
// reports `duration: v5.5 takes duration 5, 8 or 10`.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace app {

namespace detail {
struct CompiledSchema;  // pre-compiled regexes and resolved $refs (json_schema_compiled.h)
}

struct SchemaError {
  std::string path;     // "" for the root, "duration", "image_references[1].img_id"
  std::string message;  // e.g. "must be an integer, got string \"abc\""
};

class JsonSchema {
 public:
  // Throws std::invalid_argument if `schema` is not a schema this validator can apply
  // (an unknown "$ref" target, a non-object/non-boolean schema, a bad "pattern").
  explicit JsonSchema(nlohmann::json schema);

  // All errors found (empty = valid). Stops descending into a branch after its first error
  // so messages stay short: a schema whose own checks (type, const, enum, numeric and string
  // rules) fail reports that one error and is not descended into; otherwise every failing
  // property, item and subschema reports. At most `max_errors` (at least 1) are returned.
  std::vector<SchemaError> validate(const nlohmann::json& instance, std::size_t max_errors = 8) const;

  const nlohmann::json& schema() const { return schema_; }

 private:
  nlohmann::json schema_;
  std::shared_ptr<const detail::CompiledSchema> compiled_;  // immutable, shared by copies
};

// "duration: must be an integer, got string \"abc\"; quality: must be one of ..."
std::string describe(const std::vector<SchemaError>& errors);

}  // namespace app
