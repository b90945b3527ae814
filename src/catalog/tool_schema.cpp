#include "catalog/tool_schema.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "catalog/schema_fragments.h"

namespace catalog {
namespace {

bool server_only(const nlohmann::json& j) { return j.is_object() && j.value("x-server-only", false); }

// Our x- keywords are for this server; hosts and models see plain JSON Schema. Subschemas
// marked x-server-only (per-model rules, told in the descriptions) are enforced here but kept
// out of tools/list, so it stays small; an allOf left empty goes too (it must not be empty).
void strip_extensions(nlohmann::json& j) {
  if (j.is_array()) {
    j.erase(std::remove_if(j.begin(), j.end(), server_only), j.end());
    for (auto& x : j) strip_extensions(x);
    return;
  }
  if (!j.is_object()) return;
  for (auto it = j.begin(); it != j.end();) {
    if (it.key().rfind("x-", 0) == 0) {
      it = j.erase(it);
      continue;
    }
    strip_extensions(it.value());
    const bool emptied_combinator = it.value().is_array() && it.value().empty() &&
                                    (it.key() == "allOf" || it.key() == "anyOf" || it.key() == "oneOf");
    it = emptied_combinator ? j.erase(it) : std::next(it);
  }
}

bool flag(const nlohmann::json& schema, const char* key) {
  auto it = schema.find(key);
  return it != schema.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

std::optional<nlohmann::json> as_id(const nlohmann::json& value) {
  if (value.is_number_unsigned()) return value;
  if (value.is_number_integer()) {
    if (value.get<std::int64_t>() < 0) return std::nullopt;
    return value;
  }
  if (value.is_number_float()) {  // 5.0 is an integer to JSON Schema; send it as one
    double d = value.get<double>();
    if (d < 0 || d > 9007199254740992.0 || d != static_cast<double>(static_cast<std::uint64_t>(d))) return std::nullopt;
    return nlohmann::json(static_cast<std::uint64_t>(d));
  }
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    std::uint64_t n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
    return nlohmann::json(n);
  }
  return std::nullopt;
}

ToolSchema::ToolSchema(std::string_view tool_name) {
  nlohmann::json file = expanded_schema_file(tool_name);
  input_ = file.at("inputSchema");
  if (!input_.is_object() || !input_.contains("properties") || !input_["properties"].is_object())
    throw std::runtime_error("schemas/" + std::string(tool_name) + ".json: inputSchema needs a \"properties\" object");
  nlohmann::json output = file.value("outputSchema", nlohmann::json());
  if (output.is_string()) output = expanded_schema_file(output.get<std::string>());

  descriptor_ = {{"name", std::string(tool_name)}};
  for (const char* key : {"title", "description"})
    if (file.contains(key)) descriptor_[key] = file[key];
  descriptor_["inputSchema"] = input_;
  if (!output.is_null()) descriptor_["outputSchema"] = output;
  if (file.contains("annotations")) descriptor_["annotations"] = file["annotations"];
  if (file.contains("execution")) descriptor_["execution"] = file["execution"];
  strip_extensions(descriptor_);

  input_validator_ = std::make_unique<JsonSchema>(input_);
  output_validator_ = std::make_unique<JsonSchema>(output.is_null() ? nlohmann::json(true) : output);
}

nlohmann::json ToolSchema::with_defaults(const nlohmann::json& arguments) const {
  nlohmann::json out = arguments;
  if (!out.is_object()) return out;
  const nlohmann::json& properties = input_.at("properties");
  for (const auto& [key, prop] : properties.items())
    if (!out.contains(key) && prop.is_object() && prop.contains("default")) out[key] = prop["default"];
  return out;
}

std::string ToolSchema::check(const nlohmann::json& arguments) const {
  return describe(input_validator_->validate(arguments));
}

nlohmann::json ToolSchema::request_body(const nlohmann::json& arguments) const {
  nlohmann::json body = nlohmann::json::object();
  const nlohmann::json& properties = input_.at("properties");
  for (const auto& [key, value] : arguments.items()) {
    auto prop = properties.find(key);
    if (prop == properties.end()) continue;  // validation rejects unknown keys before this
    if (flag(*prop, "x-local")) continue;
    if (flag(*prop, "x-id")) {
      body[key] = as_id(value).value_or(value);
    } else if (value.is_array() && prop->contains("items") && flag((*prop)["items"], "x-id")) {
      nlohmann::json ids = nlohmann::json::array();
      for (const auto& v : value) ids.push_back(as_id(v).value_or(v));
      body[key] = std::move(ids);
    } else if (value.is_number_float() && prop->value("type", nlohmann::json()) == "integer") {
      body[key] = static_cast<std::int64_t>(value.get<double>());  // validated integral: 5.0 → 5
    } else {
      body[key] = value;
    }
  }
  return body;
}

}  // namespace catalog
