// Snapshots of what tools/list publishes, per protocol revision the server serves: one file per
// tool under tests/snapshots/<revision>/<tool>.json, exactly as the real binary sends it (pretty
// printed). Any change to a schema, a description or the per-revision projection shows up as a
// reviewable diff of these files. Refresh them after an intended change with
//   UPDATE_TOOLSNAPS=1 build/tests/e2e_tests "[toolsnaps]"
// and commit the result with the change.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "e2e_fixture.h"
#include "mcp/protocol_revision.h"
#include "tools/tool_table.h"

using namespace e2e;
namespace fs = std::filesystem;

namespace {

// Every revision the server serves (src/mcp/protocol_revision.cpp): those `initialize` answers
// in kind and the modern one requests name in their _meta. A revision added there needs its
// snapshots; the folder is named after it.
std::vector<std::string> served_revisions() {
  std::vector<std::string> out;
  for (const auto& r : mcp::protocol_revisions()) out.emplace_back(r.version);
  out.emplace_back(mcp::modern_revision().version);
  return out;
}

std::vector<json> listed_tools(const std::string& revision) {
  auto s = bare_server();
  // A legacy revision is a session's; the modern one is named by each request (no initialize).
  json meta;
  if (revision == mcp::modern_revision().version)
    meta = json{{"io.modelcontextprotocol/protocolVersion", revision},
                {"io.modelcontextprotocol/clientCapabilities", json::object()}};
  else REQUIRE(s.initialize(revision)["protocolVersion"] == revision);
  std::vector<json> tools;
  json params = json::object();
  for (;;) {
    if (!meta.is_null()) params["_meta"] = meta;
    json r = s.request("tools/list", params);
    REQUIRE(r.contains("result"));
    for (auto& t : r["result"]["tools"]) tools.push_back(t);
    if (!r["result"].contains("nextCursor")) break;
    params = json{{"cursor", r["result"]["nextCursor"]}};
  }
  return tools;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("tools/list matches the checked-in snapshots for every protocol revision", "[toolsnaps]") {
  const bool update = std::getenv("UPDATE_TOOLSNAPS") != nullptr;
  const fs::path root = TOOLSNAPS_DIR;
  for (const auto& revision : served_revisions()) {
    DYNAMIC_SECTION("revision " << revision) {
      const fs::path dir = root / revision;
      std::vector<json> tools = listed_tools(revision);
      REQUIRE(tools.size() == app::tool_table().size());
      std::set<std::string> expected_files;
      if (update) fs::create_directories(dir);
      for (const json& tool : tools) {
        const std::string name = tool["name"].get<std::string>();
        const fs::path file = dir / (name + ".json");
        expected_files.insert(file.filename().string());
        const std::string published = tool.dump(2) + "\n";
        if (update) {
          std::ofstream(file, std::ios::binary) << published;
          continue;
        }
        INFO("snapshot " << file.string() << " differs from what tools/list sends; if the change is intended, run "
                                               "UPDATE_TOOLSNAPS=1 build/tests/e2e_tests \"[toolsnaps]\"");
        REQUIRE(fs::exists(file));
        CHECK(read_file(file) == published);
      }
      // A snapshot of a tool that is no longer published is stale.
      if (fs::exists(dir))
        for (const auto& entry : fs::directory_iterator(dir)) {
          const std::string file = entry.path().filename().string();
          if (expected_files.count(file)) continue;
          if (update) {
            fs::remove(entry.path());
          } else {
            INFO("stale snapshot " << entry.path().string());
            CHECK(false);
          }
        }
    }
  }
}

TEST_CASE("every snapshot folder is a protocol revision the server answers", "[toolsnaps]") {
  // A folder of a revision no longer served is stale: remove it by hand, after a look.
  const fs::path root = TOOLSNAPS_DIR;
  std::set<std::string> folders;
  for (const auto& entry : fs::directory_iterator(root))
    if (entry.is_directory()) folders.insert(entry.path().filename().string());
  const std::vector<std::string> served = served_revisions();
  CHECK(folders == std::set<std::string>(served.begin(), served.end()));
}
