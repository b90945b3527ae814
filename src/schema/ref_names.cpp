#include "schema/ref_names.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <vector>

namespace app {
namespace {

using nlohmann::json;

bool ends_name(const std::string& text, std::size_t end) {
  return end == text.size() || std::isspace(static_cast<unsigned char>(text[end]));
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

void check_ref_names_spec(const json& spec, const std::string& where) {
  const bool ok = spec.is_object() && spec.contains("text") && spec["text"].is_string() && spec.contains("lists") &&
                  spec["lists"].is_array() && !spec["lists"].empty() &&
                  std::all_of(spec["lists"].begin(), spec["lists"].end(), [](const json& l) { return l.is_string(); });
  if (!ok) throw std::runtime_error(where + ": x-ref-names must be {\"text\": name, \"lists\": [names]}");
}

std::optional<std::string> ref_names_problem(const json& spec, const json& arguments) {
  std::vector<std::string> names;
  for (const auto& list_name : spec["lists"]) {
    auto list = arguments.find(list_name.get<std::string>());
    if (list == arguments.end() || !list->is_array()) continue;
    for (const auto& item : *list) {
      if (!item.is_object() || !item.contains("ref_name") || !item["ref_name"].is_string()) continue;
      const std::string name = item["ref_name"].get<std::string>();
      if (std::find(names.begin(), names.end(), name) != names.end())
        return "ref_name \"" + name + "\" is used twice: each reference (image or video) needs its own name";
      names.push_back(name);
    }
  }
  auto text_it = arguments.find(spec["text"].get<std::string>());
  if (text_it == arguments.end() || !text_it->is_string()) return std::nullopt;
  const std::string& text = text_it->get_ref<const std::string&>();
  const std::string field = spec["text"].get<std::string>();
  for (auto at = text.find('@'); at != std::string::npos; at = text.find('@', at + 1)) {
    // The longest known name at this '@' that ends well wins ("@cat" vs "@cats").
    const std::string* matched = nullptr;
    bool well_ended = false;
    for (const auto& n : names) {
      if (text.compare(at + 1, n.size(), n) != 0) continue;
      const bool ends = ends_name(text, at + 1 + n.size());
      if (!matched || (ends && !well_ended) || (ends == well_ended && n.size() > matched->size())) {
        matched = &n;
        well_ended = ends;
      }
    }
    if (!matched) {
      std::size_t end = at + 1;
      while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
      return field + " names @" + text.substr(at + 1, end - at - 1) +
             ", which is no reference's ref_name (known: " + (names.empty() ? std::string("none") : joined(names)) +
             ")";
    }
    if (!well_ended) return field + ": @" + *matched + " must be followed by a space (or end the " + field + ")";
  }
  return std::nullopt;
}

}  // namespace app
