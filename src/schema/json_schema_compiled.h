#pragma once
// What JsonSchema keeps of a schema after checking it once: compiled regexes and resolved
// $refs. Shared by the checker (json_schema_check.cpp) and the validator (json_schema.cpp), with
// the value comparisons of json_values.cpp.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

namespace app::detail {

struct CompiledSchema {
  std::map<std::string, std::regex> regexes;                 // by pattern text
  std::map<std::string, nlohmann::json::json_pointer> refs;  // by "$ref" text
};

// Checks `root` (throws std::invalid_argument naming the bad keyword) and compiles it.
std::shared_ptr<const CompiledSchema> compile_schema(const nlohmann::json& root);

// A value quoted in a message, cut to a readable length.
std::string shown(const nlohmann::json& v);
// Integer-valued number (5 and 5.0), as JSON Schema counts integers.
bool is_integer(const nlohmann::json& v);

// json_values.cpp: -1, 0 or 1 as a < b, a == b, a > b for two numbers; exact when both are
// integers (int64 or uint64), through double otherwise.
int compare(const nlohmann::json& a, const nlohmann::json& b);
// |v| of an integer, as uint64 (so INT64_MIN has one).
std::uint64_t magnitude(const nlohmann::json& v);
// v is a multiple of m (m > 0): exact for integers, within 1e-9 relative for others.
bool is_multiple(const nlohmann::json& v, const nlohmann::json& m);
// A count keyword (minLength, maxItems, …), already checked to be a non-negative integral number.
std::uint64_t count_value(const nlohmann::json& n);
// JSON equality where 1 == 1.0 and integers compare exactly (enum, const, uniqueItems).
bool equal(const nlohmann::json& a, const nlohmann::json& b);
// The length of UTF-8 text in code points, as minLength and maxLength count.
std::size_t code_points(const std::string& s);

}  // namespace app::detail
