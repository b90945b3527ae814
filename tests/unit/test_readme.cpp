// The README's tool table must name exactly the tools the server has: it cannot drift.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "catalog/tool_table.h"

TEST_CASE("the README's tool table lists exactly the tools of the tool table", "[docs]") {
  std::ifstream in(README_PATH);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  auto start = readme.find("## Tools");
  REQUIRE(start != std::string::npos);
  auto end = readme.find("\n## ", start + 1);
  std::string section = readme.substr(start, end - start);

  std::set<std::string> documented;
  std::regex row(R"(\n\| `([a-z_]+)` \|[^|]+\| (GET|POST) (/openapi/v2/[^ |]+) )");
  for (std::sregex_iterator it(section.begin(), section.end(), row), last; it != last; ++it) {
    documented.insert((*it)[1].str());
    bool matches_row = false;
    for (const auto& r : catalog::tool_table())
      if (r.name == (*it)[1].str()) matches_row = r.method == (*it)[2].str();
    INFO((*it)[1].str());
    CHECK(matches_row);
  }
  std::set<std::string> served;
  for (const auto& r : catalog::tool_table()) served.insert(std::string(r.name));
  CHECK(documented == served);
}
