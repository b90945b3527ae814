// The product demo is a harness script (examples/demo.jsonl) played against the real
// pixverse-mcp and the simulator, and it finds its script and image from any folder.
#include <catch2/catch.hpp>

#include <regex>

#include "harness_fixture.h"

using namespace e2e;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("the demo, with no arguments, from an unrelated folder, finds its script and image and ends with demo: OK",
          "[harness]") {
  std::string elsewhere = temp_dir("harness-demo-cwd");
  HarnessRun r = run_harness({}, elsewhere);
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(has(r.out, "script     " + std::string(EXAMPLES_DIR) + "/demo.jsonl"));
  CHECK(has(r.out, "→ tools/call upload_image {\"file_path\":\"" + std::string(EXAMPLES_DIR) + "/assets/sunset.png\"}"));
  CHECK(has(r.out, "← Uploaded "));
  // Both jobs followed to the end, and the results shown.
  CHECK(std::regex_search(r.out, std::regex("text_to_video +video_id [0-9]+ +succeeded")));
  CHECK(std::regex_search(r.out, std::regex("image_to_video +video_id [0-9]+ +succeeded")));
  CHECK(std::regex_search(r.out, std::regex("credits left +[0-9]+")));
  // Its files were in a private folder, removed at the end.
  std::smatch folder;
  REQUIRE(std::regex_search(r.out, folder, std::regex("files in (/\\S*pixverse-mcp-demo-[A-Za-z0-9]{6}), now removed")));
  CHECK_FALSE(std::filesystem::exists(folder[1].str()));
  CHECK(r.out.size() >= 9);
  CHECK(r.out.substr(r.out.size() - 9) == "demo: OK\n");
}

TEST_CASE("`mcp-harness --script FILE`, as examples/walkthrough.sh calls it, plays the walkthrough", "[harness]") {
  std::string repo = std::filesystem::path(EXAMPLES_DIR).parent_path().string();
  HarnessRun r = run_harness({"--script", "examples/walkthrough.json"}, repo);
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(has(r.out, "5 steps: 5 passed, 0 failed, 0 skipped"));
  CHECK(has(r.out, "demo: OK"));
}

TEST_CASE("an installed harness finds its server, simulator and demo script in the installed layout", "[harness]") {
  namespace fs = std::filesystem;
  // The layout of `cmake --install` (cmake/Packaging.cmake): bin/, libexec/pixverse-mcp/, share/pixverse-mcp/.
  fs::path prefix = temp_dir("harness-prefix");
  // The copied programs hold the simulator's test key as a constant: removed after the test, so
  // that tools/check-secrets, which searches every file the tests leave, sees no key.
  struct RemoveAfter {
    fs::path path;
    ~RemoveAfter() {
      std::error_code ignored;
      fs::remove_all(path, ignored);
    }
  } remove_after{prefix};
  fs::create_directories(prefix / "bin");
  fs::copy_file(harness_path(), prefix / "bin/mcp-harness");
  HarnessOptions options;
  options.binary = (prefix / "bin/mcp-harness").string();

  // Alone, it says what is missing and how to name it.
  HarnessRun missing = run_harness({"demo", "--script", std::string(EXAMPLES_DIR) + "/demo.jsonl"},
                                   temp_dir("harness-cwd"), options);
  CHECK(missing.status == 2);
  CHECK(has(missing.err, "cannot find pixverse-mcp beside the harness; pass --server PATH"));

  fs::create_directories(prefix / "libexec/pixverse-mcp");
  fs::create_directories(prefix / "share/pixverse-mcp/examples");
  fs::copy_file(PIXVERSE_MCP_PATH, prefix / "bin/pixverse-mcp");
  fs::copy_file(PIXVERSE_SIM_PATH, prefix / "libexec/pixverse-mcp/pixverse-sim");
  // A demo script of its own, so that the output shows which one was found: the installed one
  // comes before the source tree's.
  write_file((prefix / "share/pixverse-mcp/examples/demo.jsonl").string(),
             R"({"say": "the installed demo script", "tool": "get_balance", "expect": {"matches": {"/result/content/0/text": "^PixVerse credits: [0-9]+"}}})" "\n");
  HarnessRun r = run_harness({}, temp_dir("harness-cwd"), options);
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(has(r.out, "server     " + (prefix / "bin/pixverse-mcp").string()));
  CHECK(has(r.out, "script     " + (prefix / "share/pixverse-mcp/examples/demo.jsonl").string()));
  CHECK(has(r.out, "1. the installed demo script"));
  CHECK(has(r.out, "demo: OK"));
}

TEST_CASE("a demo script that fails says demo: FAILED and exits 1", "[harness]") {
  std::string dir = temp_dir("harness-demo-fail");
  write_file(dir + "/broken.jsonl", R"({"tool": "text_to_video", "arguments": {"prompt": "x", "model": "v5", "duration": 10}})" "\n");
  HarnessRun r = run_harness({"demo", "--script", "broken.jsonl"}, dir);
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK(has(r.out, "✗ isError: expected false, got true: \"Invalid arguments for text_to_video: duration"));
  CHECK(has(r.out, "demo: FAILED"));
}

TEST_CASE("the demo's files go to a private folder that is removed at the end, or kept with --keep", "[harness]") {
  namespace fs = std::filesystem;
  const std::string tmp = temp_dir("harness-demo-tmp");  // the demo's TMPDIR: nothing else uses it
  const std::string dir = temp_dir("harness-demo-keep");
  write_file(dir + "/balance.jsonl", R"({"tool": "get_balance"})" "\n");
  HarnessOptions options;
  options.env["TMPDIR"] = tmp;
  auto demo_folders = [&] {
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(tmp))
      if (entry.path().filename().string().rfind("pixverse-mcp-demo-", 0) == 0) found.push_back(entry.path());
    return found;
  };

  HarnessRun removed = run_harness({"demo", "--script", "balance.jsonl"}, dir, options);
  INFO(removed.out << removed.err);
  CHECK(removed.status == 0);
  CHECK(std::regex_search(removed.out, std::regex("files in " + tmp + "/pixverse-mcp-demo-[A-Za-z0-9]{6}, now removed")));
  CHECK(demo_folders().empty());

  HarnessRun kept = run_harness({"demo", "--keep", "--script", "balance.jsonl"}, dir, options);
  INFO(kept.out << kept.err);
  CHECK(kept.status == 0);
  std::vector<fs::path> left = demo_folders();
  REQUIRE(left.size() == 1);
  CHECK(has(kept.out, "files are kept in " + left[0].string() + "\n"));
  CHECK((fs::status(left[0]).permissions() & fs::perms::all) == fs::perms::owner_all);  // 0700
  fs::remove_all(left[0]);
}

TEST_CASE("demo --quiet prints only failures and the summary", "[harness]") {
  const std::string dir = temp_dir("harness-demo-quiet");
  write_file(dir + "/balance.jsonl", R"({"say": "the balance", "tool": "get_balance"})" "\n");
  HarnessRun r = run_harness({"demo", "--quiet", "--script", "balance.jsonl"}, dir);
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK_FALSE(has(r.out, "the balance"));
  CHECK_FALSE(has(r.out, "simulator  "));
  CHECK(has(r.out, "1 step: 1 passed, 0 failed, 0 skipped"));
  CHECK(has(r.out, "demo: OK\n"));
}
