#include "http/bearer.h"

#include <openssl/crypto.h>

#include <cctype>

namespace http {

bool bearer_matches(std::string_view header, std::string_view token) {
  constexpr std::string_view kScheme = "bearer";
  if (token.empty() || header.size() <= kScheme.size()) return false;
  for (std::size_t i = 0; i < kScheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(header[i])) != kScheme[i]) return false;
  std::string_view given = header.substr(kScheme.size());
  if (given.empty() || given.front() != ' ') return false;
  while (!given.empty() && given.front() == ' ') given.remove_prefix(1);
  if (given.size() != token.size()) return false;
  return CRYPTO_memcmp(given.data(), token.data(), token.size()) == 0;
}

}  // namespace http
