#pragma once
// A private temporary folder per test, and a file's permission bits: shared by the tests of
// the registry, the platform layer and the CA store lookup.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace testsupport {

// A new empty folder (mode 0700) per test, removed afterwards (a forked child leaves with
// _Exit, so only the parent removes it).
struct TempDir {
  std::string path;
  TempDir() : path((std::filesystem::temp_directory_path() / "pixverse-test-XXXXXX").string()) {
    REQUIRE(::mkdtemp(path.data()) != nullptr);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

// The permission bits of `path` (stat), as chmod takes them.
inline unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

}  // namespace testsupport
