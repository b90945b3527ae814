#pragma once
// Field rules of the JSON endpoints, as data: a table of fields (type, required, allowed values,
// range, length) per endpoint, plus per-endpoint extra rules (model combinations, image ids).
//
// Order of checks, first failure wins:
//   1. a present field of the wrong JSON type        -> ErrCode 400013 "invalid binding request: ..."
//   2. a missing (absent, null or "") required field -> ErrCode 400011 "<field> is required"
//   3. a value outside its enum / range / length     -> ErrCode 400017
//   4. the endpoint's extra rules                    -> ErrCode 400017 (unknown image id: 400032)
// Unknown fields are ignored and reported back to the caller for the request log.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sim {

enum class FieldType { String, Integer, Id, Boolean, IdArray };

struct FieldRule {
  std::string_view name;
  FieldType type;
  bool required = false;
  std::vector<std::string_view> one_of = {};  // strings: the allowed values
  std::optional<std::int64_t> min = {};       // integers: inclusive range
  std::optional<std::int64_t> max = {};
  std::size_t max_chars = 0;                  // strings: 0 = unlimited (counts UTF-8 code points)
};

struct ValidationError {
  std::int64_t err_code;
  std::string message;
};

struct ValidationContext {
  std::function<bool(std::uint64_t)> image_exists;  // was this img_id issued by an upload?
};

using ExtraRule = std::optional<ValidationError> (*)(const nlohmann::json& body, const ValidationContext& ctx);

struct EndpointRules {
  std::string_view name;
  std::vector<FieldRule> fields;
  std::vector<ExtraRule> extra;
};

std::optional<ValidationError> validate(const EndpointRules& rules, const nlohmann::json& body,
                                        const ValidationContext& ctx, std::vector<std::string>* unknown_fields);

const EndpointRules& text_to_video_rules();
const EndpointRules& image_to_video_rules();

// True if the field is present with a non-null value.
bool has_value(const nlohmann::json& body, std::string_view field);

}  // namespace sim
