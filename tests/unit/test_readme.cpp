// The README's tool table is checked against the tool table and the schemas: it lists every
// tool exactly once, with its schema's title, its endpoint and whether it costs credits, so it
// cannot drift.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "catalog/embedded_schemas.h"
#include "catalog/tool_schema.h"
#include "catalog/tool_table.h"

namespace {

std::string tools_section() {
  std::ifstream in(README_PATH);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  const auto start = readme.find("\n## Tools\n");
  REQUIRE(start != std::string::npos);
  const auto end = readme.find("\n## ", start + 1);
  return readme.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

bool billable(catalog::ToolKind kind) {
  return kind == catalog::ToolKind::generate || kind == catalog::ToolKind::swap_mask;
}

}  // namespace

TEST_CASE("the README's tool table matches the tool table and the schemas", "[readme][docs]") {
  const std::string section = tools_section();

  // | `name` | schema title | METHOD /path (or "local job registry") | free / … credits |
  std::set<std::string> documented;
  const std::regex row(R"(\n\| `([a-z_]+)` \| ([^|]+) \| ([^|]+) \| ([^|]+) \|)");
  for (std::sregex_iterator it(section.begin(), section.end(), row), last; it != last; ++it) {
    const std::string name = (*it)[1].str();
    INFO(name);
    CHECK(documented.insert(name).second);  // exactly one row per tool
    const catalog::ToolRow* found = nullptr;
    for (const auto& r : catalog::tool_table())
      if (r.name == name) found = &r;
    REQUIRE(found != nullptr);
    const std::string endpoint =
        found->method.empty() ? "local job registry" : std::string(found->method) + " " + std::string(found->path);
    CHECK((*it)[3].str() == endpoint);
    const catalog::ToolSchema schema(name);
    CHECK((*it)[2].str() == schema.descriptor()["title"].get<std::string>());
    const std::string cost = (*it)[4].str();
    if (billable(found->kind)) {
      CHECK(std::regex_match(cost, std::regex("([0-9]+ )?credits")));
      if (cost != "credits") CHECK_THAT(schema.descriptor()["description"].get<std::string>(), Catch::Contains(cost));
    } else {
      CHECK(cost == "free");
    }
  }
  std::set<std::string> served;
  for (const auto& r : catalog::tool_table()) served.insert(std::string(r.name));
  CHECK(documented == served);
  std::set<std::string> schema_files;  // every tool's schema file (shared fragments start with _)
  for (const auto& s : catalog::embedded_schemas())
    if (s.name.rfind('_', 0) != 0) schema_files.insert(std::string(s.name));
  CHECK(documented == schema_files);
  CHECK(documented.size() == 24);
  std::size_t tool_rows = 0;  // no row escapes the check by not matching its pattern
  for (auto at = section.find("\n| `"); at != std::string::npos; at = section.find("\n| `", at + 1)) ++tool_rows;
  CHECK(tool_rows == documented.size());
}

TEST_CASE("the README's prose names only tools that exist", "[readme][docs]") {
  const std::string section = tools_section();
  std::set<std::string> served;
  for (const auto& r : catalog::tool_table()) served.insert(std::string(r.name));
  // Any `snake_case` word ending like a tool name must be one.
  const std::regex tool_word(R"(`([a-z]+(_[a-z0-9]+)*_(video|image|audio|status|speakers|effects|mask|balance|jobs))`)");
  int named = 0;
  for (std::sregex_iterator it(section.begin(), section.end(), tool_word), last; it != last; ++it) {
    INFO((*it)[1].str());
    CHECK(served.count((*it)[1].str()) == 1);
    ++named;
  }
  CHECK(named > 24);
}
