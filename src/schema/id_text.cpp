#include "schema/id_text.h"

#include "schema/tool_schema.h"

namespace app {
namespace {

constexpr int kMaxDepth = 64;

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

void to_text(nlohmann::json& v) {
  if (v.is_number_unsigned()) v = std::to_string(v.get<std::uint64_t>());
  else if (v.is_number_integer()) v = std::to_string(v.get<std::int64_t>());
}

void walk(nlohmann::json& value, int depth) {
  if (depth > kMaxDepth) return;
  if (value.is_array()) {
    for (auto& item : value) walk(item, depth + 1);
    return;
  }
  if (!value.is_object()) return;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (is_pixverse_id_key(it.key())) {
      if (it->is_array()) {
        for (auto& item : *it) to_text(item);  // "img_ids": [1, 2]
      } else {
        to_text(*it);
      }
    }
    walk(*it, depth + 1);
  }
}

}  // namespace

bool is_pixverse_id_key(std::string_view key) {
  if (ends_with(key, "job_id") || key.rfind("keyframe_id", 0) == 0) return false;
  return key == "id" || ends_with(key, "_id") || ends_with(key, "_ids");
}

void ids_to_strings(nlohmann::json& value) { walk(value, 0); }

namespace {

// A media input may hold a path, URL or data: URI instead of an id: only digits and numbers are ids.
bool looks_like_id(const nlohmann::json& v) {
  if (v.is_number()) return true;
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

std::optional<std::string> check(const nlohmann::json& schema, const nlohmann::json& value, const std::string& path,
                                 int depth) {
  if (depth > kMaxDepth || !schema.is_object()) return std::nullopt;
  if (schema.value("x-id", false) && looks_like_id(value) && !as_id(value))
    return path +
           ": must be a PixVerse id of at most 19 digits; send a long id as a string of digits (a JSON "
           "number above 2^53 has already lost its last digits)";
  if (value.is_array())
    if (auto items = schema.find("items"); items != schema.end())
      for (std::size_t i = 0; i < value.size(); ++i)
        if (auto bad = check(*items, value[i], path + "[" + std::to_string(i) + "]", depth + 1)) return bad;
  if (value.is_object())
    if (auto props = schema.find("properties"); props != schema.end() && props->is_object())
      for (const auto& [key, v] : value.items())
        if (auto sub = props->find(key); sub != props->end())
          if (auto bad = check(*sub, v, path.empty() ? key : path + "." + key, depth + 1)) return bad;
  return std::nullopt;
}

}  // namespace

std::optional<std::string> unreadable_id(const nlohmann::json& schema, const nlohmann::json& args) {
  return check(schema, args, "", 0);
}

}  // namespace app
