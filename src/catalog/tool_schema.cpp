#include "catalog/tool_schema.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <vector>

#include "catalog/embedded_schemas.h"

namespace catalog {
namespace {

nlohmann::json load_raw(std::string_view name) {
  for (const auto& s : embedded_schemas())
    if (s.name == name) return nlohmann::json::parse(s.text);
  throw std::runtime_error("no embedded schema file schemas/" + std::string(name) + ".json");
}

// {"x-use": "<stem>#<json pointer>", …} becomes the fragment it points to, with the object's
// other keys merged over it: shared fields and rules live once, in schemas/_*.json.
void expand_uses(nlohmann::json& j, std::vector<std::string>& chain) {
  if (j.is_array()) {
    for (auto& x : j) expand_uses(x, chain);
    return;
  }
  if (!j.is_object()) return;
  if (auto use = j.find("x-use"); use != j.end()) {
    const std::string ref = use->get<std::string>();
    for (const auto& seen : chain)
      if (seen == ref) {
        std::string path;
        for (const auto& c : chain) path += c + " → ";
        throw std::runtime_error("schema fragments form a cycle: " + path + ref);
      }
    auto hash = ref.find('#');
    if (hash == std::string::npos) throw std::runtime_error("x-use needs \"<file>#<pointer>\", got " + ref);
    nlohmann::json fragment = load_raw(ref.substr(0, hash)).at(nlohmann::json::json_pointer(ref.substr(hash + 1)));
    chain.push_back(ref);
    expand_uses(fragment, chain);
    chain.pop_back();
    j.erase("x-use");
    for (auto& [key, value] : j.items()) fragment[key] = value;
    j = std::move(fragment);
  }
  for (auto& [key, value] : j.items()) expand_uses(value, chain);
}

nlohmann::json load_embedded(std::string_view name) {
  nlohmann::json j = load_raw(name);
  std::vector<std::string> chain;
  expand_uses(j, chain);
  return j;
}

// Our x- keywords are for this server; hosts and models see plain JSON Schema.
void strip_extensions(nlohmann::json& j) {
  if (j.is_array()) {  // per-model rules are enforced here and told in descriptions: kept out of tools/list
    j.erase(std::remove_if(j.begin(), j.end(),
                           [](const nlohmann::json& x) { return x.is_object() && x.value("x-server-only", false); }),
            j.end());
  }
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end();) {
      if (it.key().rfind("x-", 0) == 0) {
        it = j.erase(it);
      } else {
        strip_extensions(it.value());
        ++it;
      }
    }
  } else if (j.is_array()) {
    for (auto& x : j) strip_extensions(x);
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
  nlohmann::json file = load_embedded(tool_name);
  input_ = file.at("inputSchema");
  if (!input_.is_object() || !input_.contains("properties") || !input_["properties"].is_object())
    throw std::runtime_error("schemas/" + std::string(tool_name) + ".json: inputSchema needs a \"properties\" object");
  nlohmann::json output = file.value("outputSchema", nlohmann::json());
  if (output.is_string()) output = load_embedded(output.get<std::string>());

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
