// Where state lives when a host starts the server with a bare environment: no HOME, no XDG
// folders, no PIXVERSE_STATE_DIR. The home then comes from the account's passwd entry.
#include <catch2/catch.hpp>

#include <pwd.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <vector>

#include "e2e_fixture.h"

using namespace e2e;
namespace fs = std::filesystem;

TEST_CASE("with no HOME and no XDG folders the job registry is under the passwd home", "[config][state-home]") {
  const struct passwd* pw = ::getpwuid(::geteuid());
  REQUIRE(pw != nullptr);
  const fs::path home = pw->pw_dir;
  REQUIRE(fs::is_directory(home));
  const fs::path state = home / ".local" / "state" / "pixverse-mcp";
  const fs::path registry = state / "jobs.sqlite3";
  const fs::path videos = home / ".local" / "share" / "pixverse-mcp" / "videos";

  // Everything the server may create, parents first; what exists now is left alone afterwards.
  const std::vector<fs::path> created_files = {registry, registry.string() + "-wal", registry.string() + "-shm",
                                               registry.string() + "-journal"};
  const std::vector<fs::path> created_dirs = {home / ".local",
                                              home / ".local" / "state",
                                              state,
                                              home / ".local" / "share",
                                              home / ".local" / "share" / "pixverse-mcp",
                                              videos};
  std::set<fs::path> existed;
  for (const auto& list : {created_files, created_dirs})
    for (const auto& p : list)
      if (fs::exists(p)) existed.insert(p);

  std::string log;
  {
    harness::SimProcess sim(PIXVERSE_SIM_PATH);
    harness::McpSession s({PIXVERSE_MCP_PATH,
                           {},
                           {{"PIXVERSE_API_KEY", harness::kSimApiKey},
                            {"PIXVERSE_BASE_URL", sim.base_url()},
                            {"PIXVERSE_LOG_LEVEL", "info"}},
                           {"HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
                            "XDG_RUNTIME_DIR", "PIXVERSE_STATE_DIR", "PIXVERSE_OUTPUT_DIR"},
                           true});
    s.initialize();
    json listed = s.call_tool("list_jobs", json::object());
    CHECK_FALSE(listed.value("isError", false));
    CHECK(fs::is_regular_file(registry));
    s.process().close_stdin();
    CHECK(s.process().wait(5s) == 0);
    log = s.process().drain_stderr(2s);
  }
  INFO(log);
  CHECK(log.find("job registry: " + registry.string()) != std::string::npos);  // this file, not a leftover
  CHECK(log.find("no home folder") == std::string::npos);                      // no fallback was needed
  CHECK(log.find("job registry unavailable") == std::string::npos);

  for (const auto& p : created_files)
    if (!existed.count(p)) fs::remove(p);
  for (auto it = created_dirs.rbegin(); it != created_dirs.rend(); ++it)
    if (!existed.count(*it) && fs::is_directory(*it) && fs::is_empty(*it)) fs::remove(*it);
}
