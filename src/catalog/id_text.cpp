#include "catalog/id_text.h"

namespace catalog {
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

}  // namespace catalog
