// Which local files a call may read (src/media/file_access.h): root URIs read exactly, and
// paths resolved before they are compared.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "config/settings.h"
#include "media/file_access.h"

using app::FileAccess;
using app::path_of_file_uri;
namespace fs = std::filesystem;

TEST_CASE("file:// root URIs become paths, other schemes and hosts do not", "[file-access]") {
  CHECK(path_of_file_uri("file:///home/me/project") == "/home/me/project");
  CHECK(path_of_file_uri("file://localhost/home/me") == "/home/me");
  CHECK(path_of_file_uri("file:///home/me/My%20Pictures") == "/home/me/My Pictures");
  CHECK(path_of_file_uri("file:///a%2Fb") == "/a/b");
  CHECK_FALSE(path_of_file_uri("file:///a%00b"));
  CHECK_FALSE(path_of_file_uri(std::string("file:///a\0b", 11)));  // found by fuzz/fuzz_base_url.cpp
  CHECK_FALSE(path_of_file_uri("file://server/share"));
  CHECK_FALSE(path_of_file_uri("https://example.com/x"));
  CHECK_FALSE(path_of_file_uri("file://"));
  CHECK(path_of_file_uri("file:///x%2") == "/x%2");  // a broken escape stays as it is
}

TEST_CASE("paths are resolved before they are compared: .. and symlinks cannot escape a folder", "[file-access]") {
  const fs::path top = fs::temp_directory_path() / ("pixverse-access-" + std::to_string(::getpid()));
  fs::remove_all(top);
  fs::create_directories(top / "in");
  fs::create_directories(top / "out");
  std::ofstream(top / "in" / "a.png") << "x";
  std::ofstream(top / "out" / "b.png") << "x";
  fs::create_symlink(top / "out" / "b.png", top / "in" / "link.png");
  fs::create_symlink(top / "out", top / "in" / "dirlink");

  app::Settings settings;
  settings.input_dirs = {(top / "in").string()};
  const FileAccess access = FileAccess::for_call(settings, std::nullopt);
  std::string why;
  CHECK(access.resolve((top / "in" / "a.png").string(), why) == fs::canonical(top / "in" / "a.png").string());
  CHECK_FALSE(access.resolve((top / "in" / ".." / "out" / "b.png").string(), why));
  CHECK_FALSE(access.resolve((top / "in" / "link.png").string(), why));
  CHECK_FALSE(access.resolve((top / "in" / "dirlink" / "b.png").string(), why));
  CHECK(why.find("PIXVERSE_INPUT_DIRS") != std::string::npos);
  // A folder whose name only starts like an allowed one is not inside it.
  fs::create_directories(top / "in-not");
  std::ofstream(top / "in-not" / "c.png") << "x";
  CHECK_FALSE(access.resolve((top / "in-not" / "c.png").string(), why));
  // Roots: only file:// ones count; with roots declared but none usable, nothing is allowed.
  const FileAccess no_roots = FileAccess::for_call(app::Settings{}, std::vector<mcp::Root>{{"https://x/y", ""}});
  CHECK_FALSE(no_roots.resolve((top / "in" / "a.png").string(), why));
  CHECK(why.find("roots") != std::string::npos);
  fs::remove_all(top);
}
