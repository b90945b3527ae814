#pragma once
// A list written in one piece of text ("generate,edit", "/a:/b"): what configuration values hold.
#include <string>
#include <string_view>
#include <vector>

namespace common {

// The pieces of `text` between `separator`s, as written (empty ones included: "a,,b" has three,
// "" has one). Callers trim and skip empty pieces as their format says.
inline std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> pieces;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find(separator, start);
    pieces.emplace_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return pieces;
    start = end + 1;
  }
}

}  // namespace common
