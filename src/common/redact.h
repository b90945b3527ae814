#pragma once
// Replacing a secret wherever it occurs in a text, so it never reaches logs or results.
#include <string>
#include <string_view>

namespace common {

// Replaces every occurrence of `secret` in `text` with `mark`, scanning left to right and
// resuming after each mark: a mark that itself contains the secret (a one-letter key inside
// "<API key>") is never searched again, so the loop always ends. An empty secret changes
// nothing. Returns the number of replacements.
inline std::size_t redact(std::string& text, std::string_view secret, std::string_view mark) {
  if (secret.empty()) return 0;
  std::size_t count = 0;
  for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
    text.replace(at, secret.size(), mark);
    at += mark.size();
    ++count;
  }
  return count;
}

}  // namespace common
