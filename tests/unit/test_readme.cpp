// The README's tool table is checked against the tool table and the schemas: it lists every
// tool exactly once, with its schema's title, its endpoint and whether it costs credits, so it
// cannot drift.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <functional>
#include <regex>
#include <set>
#include <sstream>

#include "app/tool_listing.h"
#include "media/media_file.h"
#include "schema/embedded_schemas.h"
#include "schema/tool_schema.h"
#include "tools/tool_table.h"

namespace {

std::string readme_text() {
  std::ifstream in(README_PATH);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string tools_section() {
  const std::string readme = readme_text();
  const auto start = readme.find("\n## Tools\n");
  REQUIRE(start != std::string::npos);
  const auto end = readme.find("\n## ", start + 1);
  return readme.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

bool billable(app::ToolKind kind) { return kind == app::ToolKind::generate || kind == app::ToolKind::swap_mask; }

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
    const app::ToolRow* found = nullptr;
    for (const auto& r : app::tool_table())
      if (r.name == name) found = &r;
    REQUIRE(found != nullptr);
    const std::string endpoint =
        found->method.empty() ? "local job registry" : std::string(found->method) + " " + std::string(found->path);
    CHECK((*it)[3].str() == endpoint);
    const app::ToolSchema schema(name);
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
  for (const auto& r : app::tool_table()) served.insert(std::string(r.name));
  CHECK(documented == served);
  std::set<std::string> schema_files;  // every tool's schema file (shared fragments start with _)
  for (const auto& s : app::embedded_schemas())
    if (s.name.rfind('_', 0) != 0) schema_files.insert(std::string(s.name));
  CHECK(documented == schema_files);
  CHECK(documented.size() == app::tool_table().size());
  // No row of the tool table escapes the check by not matching its pattern (the table ends at
  // its first blank line; the toolsets table further down has rows of its own).
  const std::string table = section.substr(
      section.find("\n| tool |"), section.find("\n\n", section.find("\n| tool |")) - section.find("\n| tool |"));
  std::size_t tool_rows = 0;
  for (auto at = table.find("\n| `"); at != std::string::npos; at = table.find("\n| `", at + 1)) ++tool_rows;
  CHECK(tool_rows == documented.size());
}

TEST_CASE("the README's prose names only tools that exist", "[readme][docs]") {
  const std::string section = tools_section();
  std::set<std::string> served;
  for (const auto& r : app::tool_table()) served.insert(std::string(r.name));
  // Any `snake_case` word ending like a tool name must be one.
  const std::regex tool_word(R"(`([a-z]+(_[a-z0-9]+)*_(video|image|audio|status|speakers|effects|mask|balance|jobs))`)");
  int named = 0;
  for (std::sregex_iterator it(section.begin(), section.end(), tool_word), last; it != last; ++it) {
    INFO((*it)[1].str());
    CHECK(served.count((*it)[1].str()) == 1);
    ++named;
  }
  CHECK(named > static_cast<int>(served.size()));
}

namespace {

// The README's "Limits and required fields" subsection.
std::string limits_section() {
  const std::string section = tools_section();
  const auto start = section.find("\n### Limits and required fields\n");
  REQUIRE(start != std::string::npos);
  const auto end = section.find("\n### ", start + 1);
  return section.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// One media input of a tool, as its schema limits it.
struct MediaInput {
  std::string tool, field;
  app::MediaKind kind;
  std::string size, length, sides;  // as media_file.h writes them
};

std::string number_text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// Every x-media input of every tool (and each upload tool's file), with the texts of its limits;
// inputs inside an array limited together say so ("≤ 15 s each, ≤ 15 s together").
std::vector<MediaInput> media_inputs() {
  std::vector<MediaInput> out;
  for (const auto& row : app::tool_table()) {
    const app::ToolSchema schema(row.name);
    const std::string tool(row.name);
    std::function<void(const nlohmann::json&, const std::string&, double)> walk =
        [&](const nlohmann::json& node, const std::string& field, double together) {
          if (!node.is_object()) return;
          if (auto kind = node.find("x-media"); kind != node.end()) {
            const auto k = *kind == "video"   ? app::MediaKind::video
                           : *kind == "audio" ? app::MediaKind::audio
                                              : app::MediaKind::image;
            const auto limits = app::media_limits(k, node.value("x-media-limits", nlohmann::json()));
            std::string length = app::length_limit_text(limits);
            if (together > 0) length += " each, ≤ " + number_text(together) + " s together";
            out.push_back({tool, field, k, app::size_limit_text(limits), length, app::side_limit_text(limits)});
            return;
          }
          if (auto limits = node.find("x-media-limits"); limits != node.end() && limits->contains("max_total_seconds"))
            together = limits->at("max_total_seconds").get<double>();
          if (auto props = node.find("properties"); props != node.end())
            for (const auto& [key, sub] : props->items()) walk(sub, field.empty() ? key : field + "." + key, together);
          if (auto items = node.find("items"); items != node.end()) walk(*items, field + "[]", together);
        };
    walk(schema.input_schema(), "", 0);
    if (row.kind == app::ToolKind::upload) {
      const auto limits = app::media_limits(
          *row.media, schema.input_schema()["properties"]["file_path"].value("x-media-limits", nlohmann::json()));
      out.push_back({tool, "file_path", *row.media, app::size_limit_text(limits), app::length_limit_text(limits),
                     app::side_limit_text(limits)});
    }
  }
  return out;
}

std::vector<std::string> tools_named(const std::string& text) {
  std::vector<std::string> out;
  const std::regex name(R"(`([a-z_]+)`)");
  for (std::sregex_iterator it(text.begin(), text.end(), name), last; it != last; ++it) out.push_back((*it)[1].str());
  return out;
}

}  // namespace

TEST_CASE("the README's tool counts are the table's", "[readme][docs]") {
  const std::string readme = readme_text();
  const std::string count = std::to_string(app::tool_table().size());
  CHECK_THAT(readme, Catch::Contains("is a tool (" + count + " of them"));
  CHECK_THAT(readme, Catch::Contains("All " + count + " PixVerse capabilities"));
}

TEST_CASE("the README's limits table matches every media input's limits in the schemas", "[readme][docs]") {
  const std::string section = limits_section();
  // | media | size | length | sides | where |
  struct Row {
    std::string media, size, length, sides, where;
  };
  std::vector<Row> rows;
  const std::regex row(R"(\n\| (image|video|audio) \| ([^|]+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \|)");
  for (std::sregex_iterator it(section.begin(), section.end(), row), last; it != last; ++it)
    rows.push_back({(*it)[1].str(), (*it)[2].str(), (*it)[3].str(), (*it)[4].str(), (*it)[5].str()});
  REQUIRE(rows.size() >= 8);

  int checked = 0;
  for (const auto& input : media_inputs()) {
    INFO(input.tool << " " << input.field);
    const std::string media = app::to_string(input.kind);
    // The row that names the tool for this kind of media, else the kind's "every … input" row.
    const Row* found = nullptr;
    for (const auto& r : rows) {
      const auto named = tools_named(r.where);
      if (r.media == media && std::find(named.begin(), named.end(), input.tool) != named.end()) found = &r;
    }
    if (!found)
      for (const auto& r : rows)
        if (r.media == media && r.where.find("every " + media + " input") != std::string::npos) found = &r;
    REQUIRE(found != nullptr);  // every input is in the table
    CHECK(found->size == input.size);
    CHECK(found->length == input.length);
    CHECK(found->sides == input.sides);
    ++checked;
  }
  CHECK(checked >= 25);
  // Every tool the table names exists and has an input of that kind.
  for (const auto& r : rows)
    for (const auto& tool : tools_named(r.where)) {
      INFO(r.media << " " << tool);
      bool has = false;
      for (const auto& input : media_inputs()) has |= input.tool == tool && app::to_string(input.kind) == r.media;
      CHECK(has);
    }
}

TEST_CASE("the README names exactly the tools with short prompts and without 1080p", "[readme][docs]") {
  const std::string section = limits_section();
  auto sentence = [&](const std::string& start) {
    const auto at = section.find(start);
    REQUIRE(at != std::string::npos);
    const auto names = tools_named(section.substr(at, section.find('.', at) - at));
    return std::set<std::string>(names.begin(), names.end());
  };
  std::set<std::string> short_prompts, no_1080p;
  for (const auto& row : app::tool_table()) {
    const app::ToolSchema schema(row.name);
    const auto& props = schema.input_schema()["properties"];
    if (props.contains("prompt") && props["prompt"].value("maxLength", 0) == 2048) short_prompts.insert(std::string(row.name));
    if (props.contains("quality") && props["quality"]["enum"].dump().find("1080p") == std::string::npos)
      no_1080p.insert(std::string(row.name));
  }
  CHECK(sentence("Prompts take at most 2048 characters on") == short_prompts);
  CHECK_FALSE(short_prompts.empty());  // the sentence names some tools: an empty match would pass vacuously
  CHECK(sentence("`motion_control_video`, `swap_video` and `modify_video` take") == no_1080p);
  CHECK_THAT(section, Catch::Contains("requires a `seed` on `extend_video`"));
  CHECK(app::ToolSchema("extend_video").input_schema()["properties"]["seed"].value("x-random-default", false));
}

TEST_CASE("the README's tool table is what pixverse-mcp --list-tools=markdown prints", "[readme][docs]") {
  const std::string readme = readme_text();
  const std::string begin_marker = "<!-- BEGIN generated tool table", end_marker = "<!-- END generated tool table -->";
  const auto begin = readme.find(begin_marker);
  REQUIRE(begin != std::string::npos);
  const auto body = readme.find('\n', begin) + 1;
  const auto end = readme.find(end_marker, body);
  REQUIRE(end != std::string::npos);

  app::Settings settings;
  auto services = std::make_shared<app::Services>(app::Services{settings, pixverse::Client(pixverse::ClientConfig{}),
                                                                app::RegistryHandle::unavailable("not opened")});
  const nlohmann::json tools = app::published_tools(services);
  CHECK(tools.at("tools").size() == app::tool_table().size());
  INFO("run tools/gen-docs to rewrite the README's table from the catalog");
  CHECK(readme.substr(body, end - body) == app::tools_markdown(tools));
}

TEST_CASE("the README states the tool-definition size of the default list, to the hundred", "[readme][docs]") {
  // "they come to about 23,800 characters, about 5,900 tokens": rounded, so that only a real
  // change of size asks for the sentence to change.
  app::Settings settings;
  auto services = std::make_shared<app::Services>(app::Services{settings, pixverse::Client(pixverse::ClientConfig{}),
                                                                app::RegistryHandle::unavailable("not opened")});
  const std::size_t chars = app::tool_definitions_chars(app::published_tools(services));
  auto hundreds = [](std::size_t n) {
    const std::string digits = std::to_string((n + 50) / 100 * 100);
    return digits.size() > 3 ? digits.substr(0, digits.size() - 3) + "," + digits.substr(digits.size() - 3) : digits;
  };
  INFO(chars << " characters");
  CHECK_THAT(tools_section(), Catch::Contains("they come to about " + hundreds(chars) + " characters, about " +
                                              hundreds(chars / 4) + " tokens"));
}

TEST_CASE("the README's toolsets table lists each toolset's tools", "[readme][docs][toolsets]") {
  const std::string section = tools_section();
  // | `generate` | `text_to_video`, … | for … |
  const std::regex row(R"(\n\| `([a-z]+)` \| ([^|]+) \| [^|]+ \|)");
  std::set<std::string> groups;
  for (std::sregex_iterator it(section.begin(), section.end(), row), last; it != last; ++it) {
    const std::string group = (*it)[1].str();
    INFO(group);
    groups.insert(group);
    const auto listed = tools_named((*it)[2].str());
    std::set<std::string> expected;
    for (const auto& r : app::tool_table())
      if (app::to_string(r.toolset) == group) expected.insert(std::string(r.name));
    CHECK(std::set<std::string>(listed.begin(), listed.end()) == expected);
    CHECK(listed.size() == expected.size());
  }
  std::set<std::string> all;
  for (app::Toolset set : app::kToolsets) all.insert(std::string(app::to_string(set)));
  CHECK(groups == all);
}
