#pragma once
// Field rules of the JSON endpoints, as data: a table of fields (type, required, allowed values,
// range, length, array sizes, rules of array items) per endpoint, plus per-endpoint extra rules
// (model combinations, ids that must exist, one-of groups). The tables are in rules_*.cpp.
//
// Order of checks, first failure wins:
//   1. a present field of the wrong JSON type        -> ErrCode 400013 "invalid binding request: ..."
//   2. a missing (absent, null or "") required field -> ErrCode 400011 "<field> is required"
//   3. a value outside its enum / range / length     -> ErrCode 400017
//   4. the endpoint's extra rules                    -> ErrCode 400017 (unknown image id: 400032,
//                                                       template not activated: 500070)
// Fields of array items are named like "image_references[1].img_id". Unknown fields are ignored
// and reported back to the caller for the request log.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sim {

class JobStore;

enum class FieldType {
  String,
  Integer,
  Id,             // a non-negative integer that fits uint64
  Boolean,
  IdArray,        // array of ids
  StringArray,
  ObjectArray,    // array of objects, each checked against `items`
  IntOrIntArray,  // an integer or an array of integers (a documented ambiguity)
  IdOrDigitsArray,  // array of ids or of decimal strings (a documented ambiguity)
};

struct FieldRule {
  std::string_view name;
  FieldType type;
  bool required = false;
  std::vector<std::string_view> one_of = {};  // strings: the allowed values
  std::optional<std::int64_t> min = {};       // integers (and integer array items): inclusive range
  std::optional<std::int64_t> max = {};
  std::size_t max_chars = 0;                  // strings: 0 = unlimited (counts UTF-8 code points)
  std::size_t min_items = 0;                  // arrays
  std::size_t max_items = 0;                  // arrays: 0 = unlimited
  std::vector<FieldRule> items = {};          // ObjectArray: the fields of each item
};

struct ValidationError {
  std::int64_t err_code;
  std::string message;
};

// What extra rules may look up: ids issued by this simulator.
struct ValidationContext {
  JobStore* store = nullptr;
};

using ExtraRule = std::optional<ValidationError> (*)(const nlohmann::json& body, const ValidationContext& ctx);

struct EndpointRules {
  std::string_view name;
  std::vector<FieldRule> fields;
  std::vector<ExtraRule> extra;
};

std::optional<ValidationError> validate(const EndpointRules& rules, const nlohmann::json& body,
                                        const ValidationContext& ctx, std::vector<std::string>* unknown_fields);

// True if the field is present with a non-null value.
bool has_value(const nlohmann::json& body, std::string_view field);
// True if the field is present, non-null and not "".
bool has_text(const nlohmann::json& body, std::string_view field);
// Unicode code points of a UTF-8 string.
std::size_t utf8_chars(std::string_view s);
// ErrCode 400017 with `msg`.
std::optional<ValidationError> invalid_param(std::string msg);

}  // namespace sim
