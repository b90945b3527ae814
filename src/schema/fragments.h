#pragma once
// Shared schema fragments: rules and fields live once, in schemas/_*.json, and tool files
// include them. Any object {"x-use": "<stem>#<json pointer>", …other keys} is replaced by the
// value at that pointer in schemas/<stem>.json, with the object's other keys merged over it
// (shallow, so a tool can override "description", "enum" or "default"). Fragments may use
// fragments; a cycle throws std::runtime_error naming the chain.
#include <functional>
#include <nlohmann/json.hpp>
#include <string_view>

namespace app {

// A schema file by stem ("_fields"), as written (x-use not yet expanded).
using SchemaFileLoader = std::function<nlohmann::json(std::string_view stem)>;

// `document` with every x-use expanded, files read through `load` (each at most once).
nlohmann::json expand_fragments(nlohmann::json document, const SchemaFileLoader& load);

// An embedded schema file (schemas/<stem>.json) as written; throws std::runtime_error if absent.
nlohmann::json embedded_schema_file(std::string_view stem);

// An embedded schema file with its fragments expanded.
nlohmann::json expanded_schema_file(std::string_view stem);

}  // namespace app
