#pragma once
// Text as configuration values hold it: a list in one piece ("generate,edit", "/a:/b"), and a
// value pasted with blanks around it (a quoted " x ", a file's line break).
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

// `text` without the `blanks` at either end (by default what std::isspace calls space in the
// C locale: space, \t, \n, \v, \f, \r); blanks inside are kept.
inline std::string trimmed(std::string_view text, std::string_view blanks = " \t\n\v\f\r") {
  const std::size_t first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  return std::string(text.substr(first, text.find_last_not_of(blanks) - first + 1));
}

}  // namespace common
