#include "schema/projection.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

namespace app {
namespace {

using nlohmann::json;

// Keywords copied as they are (their values are not schemas).
const std::set<std::string> kPlainKeywords = {"description", "title",    "minimum",  "maximum", "minLength",
                                              "maxLength",   "minItems", "maxItems", "pattern"};
// Formats the strict APIs (Anthropic, OpenAI) list; others are left to the description.
const std::set<std::string> kPortableFormats = {"date-time", "date",     "time", "email", "uri",
                                                "uuid",      "hostname", "ipv4", "ipv6",  "duration"};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string text_of(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// "give one" → "Give one." for a sentence of its own; a leading field name keeps its case.
std::string sentence(std::string text) {
  if (text.empty()) return text;
  const bool starts_with_name = text.substr(0, text.find(' ')).find('_') != std::string::npos;
  if (!starts_with_name) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  if (text.back() != '.') text += '.';
  return text;
}

std::string append_sentence(const std::string& text, const std::string& more) {
  return text.empty() ? more : text + " " + more;
}

json project(const json& node, const std::string& where);

json project_properties(const json& properties, const std::string& where) {
  json out = json::object();
  for (const auto& [name, sub] : properties.items()) out[name] = project(sub, where + "." + name);
  return out;
}

json project(const json& node, const std::string& where) {
  if (!node.is_object()) throw std::runtime_error(where + ": a published schema node must be an object");
  if (auto replacement = node.find("x-publish"); replacement != node.end()) {
    json base = *replacement;
    for (const char* key : {"description", "title", "default"})
      if (node.contains(key) && !base.contains(key)) base[key] = node[key];
    return project(base, where);
  }
  json out = json::object();
  for (const auto& [key, value] : node.items()) {
    if (kPlainKeywords.count(key)) out[key] = value;
    else if (key == "type" && value.is_string()) out[key] = value;
    else if (key == "properties") out[key] = project_properties(value, where);
    else if (key == "items" && value.is_object()) out[key] = project(value, where + "[]");
    else if (key == "additionalProperties" && value == false) out[key] = false;
    else if (key == "format" && value.is_string() && kPortableFormats.count(value.get<std::string>())) out[key] = value;
    else if (key == "enum" && value.is_array() &&
             std::all_of(value.begin(), value.end(), [](auto& v) { return v.is_string(); }))
      out[key] = value;
    else if (key == "const" && value.is_string()) out["enum"] = json::array({value});
  }
  if (auto d = node.find("default"); d != node.end()) {
    std::string description = out.value("description", std::string());
    if (lower(description).find("default") == std::string::npos)
      out["description"] = append_sentence(description, "Default: " + text_of(*d) + ".");
  }
  // "required" is never copied above: only the names the node declares are kept (hosts drop
  // or refuse the others).
  if (auto r = node.find("required"); r != node.end() && r->is_array() && out.contains("properties")) {
    json kept = json::array();
    for (const auto& name : *r)
      if (name.is_string() && out["properties"].contains(name.get<std::string>())) kept.push_back(name);
    if (!kept.empty()) out["required"] = std::move(kept);
  }
  if (!out.contains("type"))
    throw std::runtime_error(where + ": a published schema node needs one \"type\" (add x-publish)");
  if (out["type"] == "array" && !out.contains("items"))
    throw std::runtime_error(where + ": a published array needs \"items\"");
  return out;
}

}  // namespace

json published_schema(const json& schema) {
  json out = project(schema, "(root)");
  if (out["type"] != "object") throw std::runtime_error("(root): a published tool schema must be of type object");
  if (!out.contains("properties")) out["properties"] = json::object();
  return out;
}

std::string description_with_rules(const std::string& description, const json& input_schema) {
  std::string out = description;
  auto rules = input_schema.find("allOf");
  if (rules == input_schema.end()) return out;
  for (const auto& rule : *rules) {
    if (rule.is_object() && rule.value("x-server-only", false)) continue;
    auto says = rule.is_object() ? rule.find("x-error") : rule.end();
    if (!rule.is_object() || says == rule.end() || !says->is_string())
      throw std::runtime_error("a root rule left out of tools/list needs an \"x-error\" sentence for the description");
    const std::string text = sentence(says->get<std::string>());
    if (lower(out).find(lower(says->get<std::string>())) == std::string::npos) out = append_sentence(out, text);
  }
  return out;
}

}  // namespace app
