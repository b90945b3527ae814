#include "schema/tool_schema.h"

#include <algorithm>
#include <charconv>
#include <random>
#include <stdexcept>

#include "media/media_file.h"
#include "schema/argument_coercion.h"
#include "schema/fragments.h"
#include "schema/id_text.h"
#include "schema/projection.h"
#include "schema/ref_names.h"

namespace app {
namespace {

bool flag(const nlohmann::json& schema, const char* key) {
  auto it = schema.find(key);
  return it != schema.end() && it->is_boolean() && it->get<bool>();
}

// Every x-media-limits reads (media_file.h), so a typo fails at start-up, not on a call.
void check_media_limits_in(const nlohmann::json& node, const std::string& where) {
  if (node.is_array()) {
    for (const auto& x : node) check_media_limits_in(x, where);
    return;
  }
  if (!node.is_object()) return;
  if (auto limits = node.find("x-media-limits"); limits != node.end()) {
    try {
      media_limits(MediaKind::video, *limits);
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(where + ": " + e.what());
    }
    if (limits->contains("max_total_seconds") && node.contains("x-media"))
      throw std::runtime_error(where + ": max_total_seconds belongs on an array of media, not on one");
  }
  for (const auto& [key, value] : node.items()) check_media_limits_in(value, where);
}

std::int64_t random_in(std::int64_t lo, std::int64_t hi) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
}

}  // namespace

namespace {

// The schema file with its fragments expanded, its inputSchema checked, and its output schema
// (an inline one, or the stem of a shared file), expanded too.
struct ExpandedFile {
  nlohmann::json file;
  nlohmann::json input;
  nlohmann::json output;  // null: none
};

ExpandedFile expand(std::string_view tool_name) {
  ExpandedFile e{expanded_schema_file(tool_name), {}, {}};
  e.input = e.file.at("inputSchema");
  if (!e.input.is_object() || !e.input.contains("properties") || !e.input["properties"].is_object())
    throw std::runtime_error("schemas/" + std::string(tool_name) + ".json: inputSchema needs a \"properties\" object");
  e.output = e.file.value("outputSchema", nlohmann::json());
  if (e.output.is_string()) e.output = expanded_schema_file(e.output.get<std::string>());
  return e;
}

// What tools/list shows: the portable projection (projection.h); validation uses the full
// schemas.
nlohmann::json descriptor_from(std::string_view tool_name, const ExpandedFile& e) {
  nlohmann::json descriptor = {{"name", std::string(tool_name)}};
  if (e.file.contains("title")) descriptor["title"] = e.file["title"];
  try {
    descriptor["description"] = description_with_rules(e.file.value("description", std::string()), e.input);
    descriptor["inputSchema"] = published_schema(e.input);
    if (!e.output.is_null()) descriptor["outputSchema"] = published_schema(e.output);
  } catch (const std::runtime_error& err) {
    throw std::runtime_error("schemas/" + std::string(tool_name) + ".json: " + err.what());
  }
  if (e.file.contains("annotations")) descriptor["annotations"] = e.file["annotations"];
  if (e.file.contains("execution")) descriptor["execution"] = e.file["execution"];
  return descriptor;
}

}  // namespace

nlohmann::json ToolSchema::descriptor_of(std::string_view tool_name) {
  return descriptor_from(tool_name, expand(tool_name));
}

ToolSchema::ToolSchema(std::string_view tool_name) {
  ExpandedFile expanded = expand(tool_name);
  descriptor_text_ = descriptor_from(tool_name, expanded).dump();
  input_ = std::move(expanded.input);
  const nlohmann::json output = std::move(expanded.output);

  const std::string where = "schemas/" + std::string(tool_name) + ".json";
  check_media_limits_in(input_, where);
  if (auto spec = input_.find("x-ref-names"); spec != input_.end()) check_ref_names_spec(*spec, where);
  for (const auto& [key, prop] : input_["properties"].items()) {
    if (!prop.is_object()) continue;
    if (flag(prop, "x-random-default") &&
        (prop.value("type", "") != "integer" || !prop.contains("minimum") || !prop.contains("maximum")))
      throw std::runtime_error(where + ": " + key + ": x-random-default needs an integer with minimum and maximum");
    auto conditional = prop.find("x-default-if");
    if (conditional == prop.end()) continue;
    if (!conditional->is_array()) throw std::runtime_error(where + ": " + key + ": x-default-if must be an array");
    for (const auto& entry : *conditional) {
      if (!entry.is_object() || !entry.contains("if") || !entry.contains("default"))
        throw std::runtime_error(where + ": " + key + ": each x-default-if entry needs \"if\" and \"default\"");
      conditional_defaults_.push_back({key, std::make_shared<JsonSchema>(entry["if"]), entry["default"]});
    }
  }
  input_validator_ = std::make_unique<JsonSchema>(input_);
  output_validator_ = std::make_unique<JsonSchema>(output.is_null() ? nlohmann::json(true) : output);
}

nlohmann::json ToolSchema::with_defaults(const nlohmann::json& arguments) const {
  nlohmann::json out = arguments;
  if (!out.is_object()) return out;
  const nlohmann::json& properties = input_.at("properties");
  for (const auto& [key, prop] : properties.items()) {
    if (out.contains(key) || !prop.is_object()) continue;
    bool chosen = false;
    for (const auto& c : conditional_defaults_)  // judged on the arguments as given
      if (c.property == key && c.condition->validate(arguments, 1).empty()) {
        out[key] = c.value;
        chosen = true;
        break;
      }
    if (chosen) continue;
    if (prop.contains("default")) out[key] = prop["default"];
    else if (flag(prop, "x-random-default"))
      out[key] = random_in(prop["minimum"].get<std::int64_t>(), prop["maximum"].get<std::int64_t>());
  }
  return out;
}

common::Expected<nlohmann::json> ToolSchema::prepare_arguments(const nlohmann::json& arguments) const {
  CoercedArguments coerced = coerce_arguments(input_, arguments);
  if (!coerced.problems.empty()) {
    std::string problems;
    for (const auto& p : coerced.problems) problems += (problems.empty() ? "" : "; ") + p;
    return common::Unexpected{problems};
  }
  nlohmann::json args = with_defaults(coerced.args);
  std::string problem = check(args);
  if (problem.empty()) problem = unreadable_id(input_, args).value_or("");
  if (!problem.empty()) return common::Unexpected{problem};
  return args;
}

std::string ToolSchema::check_structured(const nlohmann::json& structured) const {
  auto errors = output_validator_->validate(structured);
  return errors.empty() ? std::string() : describe(errors);
}

std::string ToolSchema::check(const nlohmann::json& arguments) const {
  std::string problem = describe(input_validator_->validate(arguments));
  if (auto spec = input_.find("x-ref-names"); problem.empty() && spec != input_.end())
    problem = ref_names_problem(*spec, arguments).value_or("");
  return problem;
}

namespace {

// One argument as PixVerse wants it: ids (x-id) as exact JSON integers, integral numbers as
// integers, nested objects and arrays the same way, server-local (x-local) members dropped.
nlohmann::json body_value(const nlohmann::json& schema, const nlohmann::json& value) {
  if (flag(schema, "x-id")) return as_id(value).value_or(value);
  if (value.is_array()) {
    auto items = schema.find("items");
    if (items == schema.end() || !items->is_object()) return value;
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : value) out.push_back(body_value(*items, v));
    return out;
  }
  if (value.is_object()) {
    auto properties = schema.find("properties");
    if (properties == schema.end() || !properties->is_object()) return value;
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, v] : value.items()) {
      auto prop = properties->find(key);
      if (prop == properties->end()) {
        out[key] = v;
      } else if (!flag(*prop, "x-local")) {
        out[key] = body_value(*prop, v);
      }
    }
    return out;
  }
  if (value.is_number_float() && schema.value("type", nlohmann::json()) == "integer") {
    // Validated integral: 5.0 → 5. Past int64 (page_num 1e20) the conversion is undefined; such a
    // number goes as it came (found by fuzz/fuzz_arguments.cpp).
    const double d = value.get<double>();
    if (d >= -0x1p63 && d < 0x1p63) return static_cast<std::int64_t>(d);
  }
  return value;
}

}  // namespace

nlohmann::json ToolSchema::request_body(const nlohmann::json& arguments) const {
  // Validation has rejected unknown top-level keys; only declared arguments reach PixVerse.
  nlohmann::json body = nlohmann::json::object();
  const nlohmann::json& properties = input_.at("properties");
  for (const auto& [key, value] : arguments.items()) {
    auto prop = properties.find(key);
    if (prop == properties.end() || flag(*prop, "x-local")) continue;
    body[key] = body_value(*prop, value);
  }
  return body;
}

}  // namespace app
