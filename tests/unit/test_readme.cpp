// The README's tool table is checked against the tool table and the schemas: it lists every
// tool once, with its schema's title and its endpoint, so it cannot drift.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "catalog/tool_schema.h"
#include "catalog/tool_table.h"

TEST_CASE("the README's tool table matches the tool table and the schemas", "[docs]") {
  std::ifstream in(README_PATH);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  auto start = readme.find("## Tools");
  REQUIRE(start != std::string::npos);
  auto end = readme.find("\n## ", start + 1);
  std::string section = readme.substr(start, end - start);

  // | `name` | Title: what it does | METHOD /path (or "local job registry") | cost |
  std::set<std::string> documented;
  std::regex row(R"(\n\| `([a-z_]+)` \| ([^|:]+):[^|]*\| ((GET|POST) /openapi/v2/[^ |]+|local job registry) \|)");
  for (std::sregex_iterator it(section.begin(), section.end(), row), last; it != last; ++it) {
    const std::string name = (*it)[1].str();
    INFO(name);
    CHECK(documented.insert(name).second);
    const catalog::ToolRow* found = nullptr;
    for (const auto& r : catalog::tool_table())
      if (r.name == name) found = &r;
    REQUIRE(found != nullptr);
    const std::string endpoint =
        found->method.empty() ? "local job registry" : std::string(found->method) + " " + std::string(found->path);
    CHECK((*it)[3].str() == endpoint);
    CHECK((*it)[2].str() == catalog::ToolSchema(name).descriptor()["title"].get<std::string>());
  }
  std::set<std::string> served;
  for (const auto& r : catalog::tool_table()) served.insert(std::string(r.name));
  CHECK(documented == served);
}
