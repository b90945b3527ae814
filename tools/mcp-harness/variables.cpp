#include "mcp-harness/variables.h"

#include <cctype>
#include <cstdlib>

namespace harness {
namespace {

using json = nlohmann::json;

bool all_digits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

const json& follow_fields(const json& root, const std::string& ref, const std::string& name, std::string rest) {
  const json* v = &root;
  // rest is ".a.b.0": each segment an object key, or an index when the value is an array.
  std::size_t pos = 1;
  while (pos <= rest.size()) {
    std::size_t next = rest.find('.', pos);
    std::string key = rest.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
    if (v->is_object() && v->contains(key)) {
      v = &(*v)[key];
    } else if (v->is_array() && all_digits(key) && key.size() < 10 && std::stoul(key) < v->size()) {
      v = &(*v)[std::stoul(key)];
    } else {
      throw std::runtime_error("${" + ref + "}: no field \"" + key + "\" in what \"" + name + "\" saved (" +
                               (v->is_object() || v->is_array() ? "it is " + std::string(v->type_name())
                                                                 : "it is the value " + v->dump()) + ")");
    }
    if (next == std::string::npos) break;
    pos = next + 1;
  }
  return *v;
}

json lookup(const std::string& ref, const json& saved) {
  const std::string name = reference_name(ref);
  const std::string rest = ref.substr(name.size());
  if (name == "env" && !saved.contains("env")) {
    if (rest.size() < 2 || rest[0] != '.') throw std::runtime_error("${" + ref + "}: write ${env.NAME}");
    const char* value = std::getenv(rest.substr(1).c_str());
    if (value == nullptr) throw std::runtime_error("${" + ref + "}: the environment variable " + rest.substr(1) + " is not set");
    return value;
  }
  if (name.empty() || !saved.contains(name))
    throw UnknownName(name, "${" + ref + "}: nothing was saved as \"" + name + "\"");
  const json& v = saved[name];
  if (rest.empty()) return v;
  if (rest[0] == '.') return follow_fields(v, ref, name, rest);
  json::json_pointer pointer;
  try {
    pointer = json::json_pointer(rest);
  } catch (const json::exception&) {
    throw std::runtime_error("${" + ref + "}: " + rest + " is not a JSON pointer");
  }
  if (!v.contains(pointer)) throw std::runtime_error("${" + ref + "}: no " + rest + " in what \"" + name + "\" saved");
  return v.at(pointer);
}

std::string as_text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// Calls on_text for literal text and on_ref for each reference of s, in order.
template <typename Text, typename Ref>
void scan(const std::string& s, Text on_text, Ref on_ref) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t at = s.find('$', pos);
    if (at == std::string::npos) break;
    on_text(s.substr(pos, at - pos));
    if (s.compare(at, 3, "$${") == 0) {
      on_text("${");
      pos = at + 3;
    } else if (s.compare(at, 2, "${") == 0) {
      std::size_t close = s.find('}', at + 2);
      if (close == std::string::npos) throw std::runtime_error("\"" + s + "\": \"${\" without its \"}\"");
      on_ref(s.substr(at + 2, close - at - 2));
      pos = close + 1;
    } else {
      on_text("$");
      pos = at + 1;
    }
  }
  if (pos < s.size()) on_text(s.substr(pos));
}

void collect(const json& value, std::vector<std::string>& out) {
  if (value.is_structured()) {
    for (const auto& v : value) collect(v, out);
  } else if (value.is_string()) {
    scan(value.get_ref<const std::string&>(), [](const std::string&) {}, [&out](const std::string& r) { out.push_back(r); });
  }
}

}  // namespace

std::string reference_name(const std::string& reference) {
  return reference.substr(0, reference.find_first_of("./"));
}

bool is_valid_save_name(const std::string& name) {
  if (name.empty() || name == "env" || name == "script_dir") return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  return true;
}

std::vector<std::string> references_in(const json& value) {
  std::vector<std::string> out;
  collect(value, out);
  return out;
}

json substitute(const json& value, const json& saved) {
  if (value.is_object()) {
    json out = json::object();
    for (const auto& [k, v] : value.items()) out[k] = substitute(v, saved);
    return out;
  }
  if (value.is_array()) {
    json out = json::array();
    for (const auto& v : value) out.push_back(substitute(v, saved));
    return out;
  }
  if (!value.is_string()) return value;
  const std::string& s = value.get_ref<const std::string&>();
  // Exactly one reference and nothing else: the value itself, JSON type and all.
  if (s.size() > 3 && s.rfind("${", 0) == 0 && s.find('}') == s.size() - 1) return lookup(s.substr(2, s.size() - 3), saved);
  std::string out;
  scan(s, [&out](const std::string& text) { out += text; },
       [&out, &saved](const std::string& ref) { out += as_text(lookup(ref, saved)); });
  return out;
}

}  // namespace harness
