// common::redact: a secret is replaced wherever it occurs, and the scan always ends — even
// when the mark contains the secret (a one-letter API key inside "<API key>").
#include <catch2/catch.hpp>

#include "common/redact.h"

TEST_CASE("redact replaces every occurrence and ends when the mark contains the secret", "[redact]") {
  std::string text = "invalid API key sk-123, retry with sk-123";
  CHECK(common::redact(text, "sk-123", "<API key>") == 2);
  CHECK(text == "invalid API key <API key>, retry with <API key>");

  // Keys that occur inside the mark itself: each must be replaced once, and the call return.
  for (const char* key : {"e", "API", "k", " ", "<", "API key"}) {
    std::string message = "invalid API key";
    const std::size_t before = [&] {
      std::size_t n = 0;
      for (auto at = message.find(key); at != std::string::npos; at = message.find(key, at + std::string(key).size()))
        ++n;
      return n;
    }();
    CHECK(common::redact(message, key, "<API key>") == before);
  }

  std::string untouched = "nothing to hide";
  CHECK(common::redact(untouched, "", "<API key>") == 0);
  CHECK(common::redact(untouched, "secret", "<API key>") == 0);
  CHECK(untouched == "nothing to hide");
}
