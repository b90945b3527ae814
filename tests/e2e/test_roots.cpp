// Files only where the user allows: local media paths are confined to the client's
// roots (asked with roots/list, refreshed on notifications/roots/list_changed), to
// PIXVERSE_INPUT_DIRS, or by default to the home folder without its hidden entries and the
// temporary and output folders. Symlinks and ".." cannot escape.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "e2e_fixture.h"

using namespace e2e;
namespace fs = std::filesystem;

namespace {

const std::string kImage = std::string(EXAMPLES_DIR) + "/assets/sunset.png";

// A folder with a copy of the example image in it.
std::string folder_with_image(const std::string& name) {
  std::string dir = temp_dir(name);
  fs::copy_file(kImage, dir + "/cat.png", fs::copy_options::overwrite_existing);
  return dir;
}

// Reads messages until the server's roots/list request; answers it with `dirs` as file:// roots.
void answer_roots(harness::McpSession& s, const std::vector<std::string>& dirs) {
  for (int i = 0; i < 50; ++i) {
    auto m = s.next_message(5s);
    REQUIRE(m);
    if (m->value("method", "") != "roots/list") continue;
    json roots = json::array();
    for (const auto& d : dirs) roots.push_back({{"uri", "file://" + d}, {"name", fs::path(d).filename().string()}});
    s.send_raw(json{{"jsonrpc", "2.0"}, {"id", (*m)["id"]}, {"result", {{"roots", roots}}}}.dump());
    return;
  }
  FAIL("the server never asked roots/list");
}

json upload(harness::McpSession& s, const std::string& path) {
  return s.call_tool("upload_image", {{"file_path", path}}, 30s);
}

}  // namespace

TEST_CASE("a client with roots: files inside them are read, others refused naming the roots, list_changed refreshes",
          "[roots]") {
  harness::SimProcess sim(PIXVERSE_SIM_PATH);
  const std::string project = folder_with_image("project"), elsewhere = folder_with_image("elsewhere");
  auto options = SimAndServer::make(sim, {{"PIXVERSE_INPUT_DIRS", ""}});  // roots alone decide
  harness::McpSession s(std::move(options));
  json init = s.request("initialize", {{"protocolVersion", "2025-11-25"},
                                       {"capabilities", {{"roots", {{"listChanged", true}}}}},
                                       {"clientInfo", {{"name", "roots-test"}, {"version", "1"}}}});
  REQUIRE(init.contains("result"));
  s.notify("notifications/initialized");
  answer_roots(s, {project});

  CHECK_FALSE(upload(s, project + "/cat.png").value("isError", false));
  json refused = upload(s, elsewhere + "/cat.png");
  std::string text = harness::result_text(refused);
  INFO(text);
  CHECK(refused["isError"] == true);
  CHECK(text.find("outside the folders this server may read") != std::string::npos);
  CHECK(text.find(fs::canonical(project).string()) != std::string::npos);
  CHECK(text.find("roots") != std::string::npos);
  // ".." and a symlink inside the root that points out of it do not escape.
  CHECK(upload(s, project + "/../" + fs::path(elsewhere).filename().string() + "/cat.png")["isError"] == true);
  fs::create_symlink(elsewhere + "/cat.png", project + "/link.png");
  CHECK(upload(s, project + "/link.png")["isError"] == true);
  CHECK(sim.api_request_count() == 1);  // only the allowed upload reached PixVerse

  s.notify("notifications/roots/list_changed");
  answer_roots(s, {elsewhere});
  CHECK_FALSE(upload(s, elsewhere + "/cat.png").value("isError", false));
  CHECK(upload(s, project + "/cat.png")["isError"] == true);
}

TEST_CASE("PIXVERSE_INPUT_DIRS sets the folders for clients without roots, and widens a client's roots", "[roots]") {
  harness::SimProcess sim(PIXVERSE_SIM_PATH);
  const std::string allowed = folder_with_image("allowed"), other = folder_with_image("other");
  {
    harness::McpSession s(SimAndServer::make(sim, {{"PIXVERSE_INPUT_DIRS", allowed}}));
    s.initialize();
    CHECK_FALSE(upload(s, allowed + "/cat.png").value("isError", false));
    json refused = upload(s, other + "/cat.png");
    CHECK(refused["isError"] == true);
    CHECK(harness::result_text(refused).find("PIXVERSE_INPUT_DIRS") != std::string::npos);
  }
  {
    harness::McpSession s(SimAndServer::make(sim, {{"PIXVERSE_INPUT_DIRS", other}}));
    REQUIRE(s.request("initialize", {{"protocolVersion", "2025-06-18"},
                                     {"capabilities", {{"roots", json::object()}}},
                                     {"clientInfo", {{"name", "roots-test"}, {"version", "1"}}}})
                .contains("result"));
    s.notify("notifications/initialized");
    answer_roots(s, {allowed});
    CHECK_FALSE(upload(s, allowed + "/cat.png").value("isError", false));  // a root
    CHECK_FALSE(upload(s, other + "/cat.png").value("isError", false));    // widened
  }
}

TEST_CASE("the default for clients without roots: home without hidden entries, the temporary folder", "[roots]") {
  harness::SimProcess sim(PIXVERSE_SIM_PATH);
  const std::string home = temp_dir("fake-home");
  fs::create_directories(home + "/Pictures");
  fs::create_directories(home + "/.ssh");
  fs::copy_file(kImage, home + "/Pictures/cat.png");
  fs::copy_file(kImage, home + "/.ssh/cat.png");
  const std::string videos = home + "/.local/share/pixverse-mcp/videos";  // the default output folder
  fs::create_directories(videos);
  fs::copy_file(kImage, videos + "/made-here.png");
  harness::McpSession s(
      SimAndServer::make(sim, {{"PIXVERSE_INPUT_DIRS", ""}, {"HOME", home}, {"PIXVERSE_OUTPUT_DIR", videos}}));
  s.initialize();
  CHECK_FALSE(upload(s, "~/Pictures/cat.png").value("isError", false));
  json hidden = upload(s, home + "/.ssh/cat.png");
  CHECK(hidden["isError"] == true);
  CHECK(harness::result_text(hidden).find("hidden") != std::string::npos);
  // The output folder is allowed although it is hidden in the home: results are fine inputs.
  CHECK_FALSE(upload(s, videos + "/made-here.png").value("isError", false));
  const std::string tmp_dir = folder_with_image("in-tmp");  // under the temporary folder
  CHECK_FALSE(upload(s, tmp_dir + "/cat.png").value("isError", false));
  json outside = upload(s, kImage);  // the repository: neither home nor temporary (in CI)
  if (fs::canonical(kImage).string().rfind(fs::canonical(fs::temp_directory_path()).string(), 0) != 0)
    CHECK(outside["isError"] == true);
}
