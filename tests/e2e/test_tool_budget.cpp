// What a model reads before the user types anything: the tool definitions tools/list sends, held
// to the README's budget. Through the real binary.
#include <catch2/catch.hpp>

#include <algorithm>

#include "app/tool_listing.h"
#include "e2e_fixture.h"

namespace {

using e2e::json;

// The budget of the default tool list: 6,000 tokens at characters/4, counted as
// app::tool_definitions_chars() does (README, "What a model reads first").
constexpr std::size_t kBudgetChars = 24'000;
// No single tool takes more than an eighth of it.
constexpr std::size_t kToolBudgetChars = kBudgetChars / 8;

}  // namespace

TEST_CASE("the default tool list fits the tool-definition budget", "[budget]") {
  auto session = e2e::bare_server();
  session.initialize();
  const json listed = session.request("tools/list").at("result");  // what a host is sent
  REQUIRE(listed.at("tools").size() == 24);
  std::vector<std::pair<std::size_t, std::string>> sizes;
  for (const auto& tool : listed.at("tools"))
    sizes.emplace_back(app::tool_definition_chars(tool), tool.at("name").get<std::string>());
  std::sort(sizes.rbegin(), sizes.rend());
  const std::size_t total = app::tool_definitions_chars(listed);
  std::string table;
  for (const auto& [chars, name] : sizes) table += "  " + std::to_string(chars) + "  " + name + "\n";
  WARN("tool definitions: " << total << " characters (about " << total / 4 << " tokens) for " << sizes.size()
                            << " tools; budget " << kBudgetChars << "\n"
                            << table);
  CHECK(total <= kBudgetChars);
  for (const auto& [chars, name] : sizes) {
    INFO(name << ": " << chars << " characters");
    CHECK(chars <= kToolBudgetChars);
  }
  // --list-tools, which the README and the bench count from, prints the same list.
  const e2e::CommandRun printed = e2e::run_command({"--list-tools"});
  REQUIRE(printed.status == 0);
  CHECK(app::tool_definitions_chars(json::parse(printed.out)) == total);
}
