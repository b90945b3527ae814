#include "config/toolsets.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "common/split.h"

namespace app {

std::string_view to_string(Toolset set) {
  switch (set) {
    case Toolset::generate: return "generate";
    case Toolset::edit: return "edit";
    case Toolset::inputs: return "inputs";
    case Toolset::status: return "status";
  }
  return "?";
}

namespace {

// read_toolsets indexes its choices by the enum's value.
static_assert([] {
  for (std::size_t i = 0; i < kToolsets.size(); ++i)
    if (static_cast<std::size_t>(kToolsets[i]) != i) return false;
  return true;
}());

// " Edit " → "edit": names are read as users type them.
std::string trimmed_lower(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string toolset_names() {
  std::string out;
  for (Toolset set : kToolsets) out += (out.empty() ? "" : ", ") + std::string(to_string(set));
  return out;
}

ToolsetChoice read_toolsets(std::string_view text) {
  // Indexed like kToolsets, which lists the groups in the enum's order.
  std::array<bool, kToolsets.size()> chosen{};
  auto at = [&chosen](Toolset set) -> bool& { return chosen[static_cast<std::size_t>(set)]; };
  std::vector<std::string> unknown;
  bool named = false;
  for (const std::string& piece : common::split(text, ',')) {
    const std::string name = trimmed_lower(piece);
    if (name.empty()) continue;
    named = true;
    const auto found =
        std::find_if(kToolsets.begin(), kToolsets.end(), [&](Toolset s) { return to_string(s) == name; });
    if (name == "all") chosen.fill(true);
    else if (found != kToolsets.end()) at(*found) = true;
    else unknown.push_back(name);
  }
  ToolsetChoice choice;
  if (!unknown.empty()) {
    std::string names;
    for (const auto& u : unknown) names += (names.empty() ? "\"" : ", \"") + u + "\"";
    choice.problem = "PIXVERSE_TOOLSETS (or --toolsets) names an unknown group" +
                     std::string(unknown.size() > 1 ? "s " : " ") + names + "; the groups are " + toolset_names() +
                     ", or all";
    chosen.fill(true);
  } else if (!named) {
    chosen.fill(true);
  } else if ((at(Toolset::generate) || at(Toolset::edit)) && !at(Toolset::status)) {
    at(Toolset::status) = true;
    choice.status_added = true;
  }
  for (Toolset set : kToolsets)
    if (at(set)) choice.selected.push_back(set);
  return choice;
}

}  // namespace app
