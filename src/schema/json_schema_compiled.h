#pragma once
// What JsonSchema keeps of a schema after checking it once: compiled regexes and resolved
// $refs. Shared by the checker (json_schema_check.cpp) and the validator (json_schema.cpp).
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

}  // namespace app::detail
