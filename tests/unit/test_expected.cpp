// common::Expected (common/expected.h): a value or the problem, and a caller that reads the
// wrong half is told so (std::logic_error), never handed garbage.
#include <catch2/catch.hpp>

#include <memory>
#include <stdexcept>
#include <string>

#include "common/expected.h"

using Catch::Matchers::Contains;

namespace {

common::Expected<int> half(int n) {
  if (n % 2 != 0) return common::Unexpected{std::to_string(n) + " is odd"};
  return n / 2;
}

struct Code {
  int value;
};

}  // namespace

TEST_CASE("Expected holds a value: has_value, bool, *, -> and value() all reach it", "[expected]") {
  const auto four = half(8);
  CHECK(four.has_value());
  CHECK(static_cast<bool>(four));
  CHECK(*four == 4);
  CHECK(four.value() == 4);
  common::Expected<std::string> text = std::string("abc");
  CHECK(text->size() == 3);
  *text += "d";
  CHECK(text.value() == "abcd");
}

TEST_CASE("Expected holds a problem: the error, spelled at the return site", "[expected]") {
  const auto odd = half(7);
  CHECK_FALSE(odd.has_value());
  CHECK_FALSE(odd);
  CHECK(odd.error() == "7 is odd");
  const common::Expected<int> literal = common::Unexpected{"from a literal"};
  CHECK(literal.error() == "from a literal");
}

TEST_CASE("reading the wrong half throws logic_error, naming the problem", "[expected]") {
  const auto odd = half(3);
  CHECK_THROWS_MATCHES(odd.value(), std::logic_error,
                       Catch::Matchers::Message("Expected::value() called on an error: 3 is odd"));
  CHECK_THROWS_AS(*odd, std::logic_error);
  CHECK_THROWS_AS(half(2).error(), std::logic_error);
  // A problem that is not text is not shown.
  const common::Expected<int, Code> coded = common::Unexpected{Code{42}};
  CHECK(coded.error().value == 42);
  CHECK_THROWS_WITH(coded.value(), Contains("(not text)"));
}

TEST_CASE("a value that can only move moves out of an rvalue Expected", "[expected]") {
  common::Expected<std::unique_ptr<int>> owned = std::make_unique<int>(5);
  std::unique_ptr<int> taken = std::move(owned).value();
  REQUIRE(taken);
  CHECK(*taken == 5);
  common::Expected<std::unique_ptr<int>> none = common::Unexpected{"nothing here"};
  CHECK_THROWS_AS(std::move(none).value(), std::logic_error);
}
