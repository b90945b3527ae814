// Which local files a call may read (src/media/file_access.h): root URIs read exactly, paths
// resolved before they are compared, and over HTTP only the operator's folders.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "../support/temp_dir.h"
#include "config/settings.h"
#include "media/file_access.h"
#include "media/media_file.h"

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
  testsupport::TempDir temp;  // removed at the end, whatever the test does
  const fs::path top = temp.path;
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
  // The system would open the path up to its NUL (a.png): refused, whatever follows it.
  CHECK_FALSE(access.resolve((top / "in" / "a.png").string() + '\0' + "/../../out/b.png", why));
  CHECK(why.find("NUL") != std::string::npos);
  CHECK(why.back() != '.');  // prepare_media ends the sentence (". Nothing was uploaded.")
  // A folder whose name only starts like an allowed one is not inside it.
  fs::create_directories(top / "in-not");
  std::ofstream(top / "in-not" / "c.png") << "x";
  CHECK_FALSE(access.resolve((top / "in-not" / "c.png").string(), why));
  // Roots: only file:// ones count; with roots declared but none usable, nothing is allowed.
  const FileAccess no_roots = FileAccess::for_call(app::Settings{}, std::vector<mcp::Root>{{"https://x/y", ""}});
  CHECK_FALSE(no_roots.resolve((top / "in" / "a.png").string(), why));
  CHECK(why.find("roots") != std::string::npos);
}

TEST_CASE("over HTTP without PIXVERSE_INPUT_DIRS no local path is read, whatever the roots", "[file-access]") {
  testsupport::TempDir temp;  // removed at the end, whatever the test does
  const fs::path top = temp.path;
  std::ofstream(top / "a.png") << "x";

  app::Settings settings;
  settings.http_listen = "127.0.0.1:0";
  settings.home = top.string();  // the default policy would allow it: the home and the temporary folder
  const std::vector<mcp::Root> roots{{"file://" + top.string(), ""}};
  for (const auto& access : {FileAccess::for_call(settings, std::nullopt), FileAccess::for_call(settings, roots)}) {
    REQUIRE(access.refuses_every_path());
    std::string why;
    CHECK_FALSE(access.resolve((top / "a.png").string(), why));
    CHECK(why == *access.refuses_every_path());
  }
  const std::string sentence = *FileAccess::for_call(settings, roots).refuses_every_path();
  CHECK(sentence.find("reached over HTTP") != std::string::npos);
  CHECK(sentence.find("https URL, or as a data: URI to an input that takes an uploaded id") != std::string::npos);
  CHECK(sentence.find("PIXVERSE_INPUT_DIRS") != std::string::npos);

  // Every form a local source takes gets that sentence, not a complaint about its form.
  const FileAccess access = FileAccess::for_call(settings, std::nullopt);
  for (const std::string& source : {(top / "a.png").string(), std::string("~/a.png"), std::string("a.png"),
                                    "file://" + (top / "a.png").string(), std::string("/mnt/data/a.png")}) {
    auto read =
        app::read_media_file(source, app::MediaKind::image, app::default_limits(app::MediaKind::image), &access);
    REQUIRE_FALSE(read);
    CHECK(read.error() == sentence);
  }
  // Over stdio the same settings read it: nothing changes there.
  settings.http_listen.clear();
  std::string why;
  CHECK_FALSE(FileAccess::for_call(settings, roots).refuses_every_path());
  CHECK(FileAccess::for_call(settings, roots).resolve((top / "a.png").string(), why));
}

TEST_CASE("over HTTP PIXVERSE_INPUT_DIRS are the only folders: roots and the default add none", "[file-access]") {
  testsupport::TempDir temp;  // removed at the end, whatever the test does
  const fs::path top = temp.path;
  fs::create_directories(top / "in");
  fs::create_directories(top / "root");
  std::ofstream(top / "in" / "a.png") << "x";
  std::ofstream(top / "root" / "b.png") << "x";
  std::ofstream(top / "c.png") << "x";

  app::Settings settings;
  settings.http_listen = "127.0.0.1:0";
  settings.input_dirs = {(top / "in").string()};
  settings.home = top.string();
  settings.output_dir = (top / "root").string();
  const std::vector<mcp::Root> roots{{"file://" + (top / "root").string(), ""}};
  for (const auto& access : {FileAccess::for_call(settings, std::nullopt), FileAccess::for_call(settings, roots)}) {
    CHECK_FALSE(access.refuses_every_path());
    std::string why;
    CHECK(access.resolve((top / "in" / "a.png").string(), why) == fs::canonical(top / "in" / "a.png").string());
    CHECK_FALSE(access.resolve((top / "root" / "b.png").string(), why));  // a root, and the output folder
    CHECK_FALSE(access.resolve((top / "c.png").string(), why));           // the home, in the temporary folder
    CHECK(why.find("PIXVERSE_INPUT_DIRS") != std::string::npos);
    CHECK(why.find("operator") != std::string::npos);  // the caller cannot set it: the operator can
  }
  // Over stdio the client's roots are added to PIXVERSE_INPUT_DIRS.
  settings.http_listen.clear();
  std::string why;
  CHECK(FileAccess::for_call(settings, roots).resolve((top / "root" / "b.png").string(), why));
}
