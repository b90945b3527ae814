#pragma once
// Helpers of the job registry tests: a private temporary folder, file modes, raw SQL on a
// registry file (to damage it or read what the API does not show).
#include <catch2/catch.hpp>

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace registry_test {

// A new empty folder per test, removed afterwards (a forked child leaves with _Exit, so only the parent removes it).
struct TempDir {
  std::string path;
  TempDir() : path((std::filesystem::temp_directory_path() / "pixverse-registry-XXXXXX").string()) {
    REQUIRE(::mkdtemp(path.data()) != nullptr);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

inline unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

// The database file read directly, as another program (or a newer server) would.
inline void raw_sql(const std::string& file, const std::string& sql, std::string* first_value = nullptr) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
  int rc = sqlite3_step(s);
  CHECK((rc == SQLITE_ROW || rc == SQLITE_DONE));
  if (first_value != nullptr && rc == SQLITE_ROW)
    *first_value = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  sqlite3_close(db);
}

// Several statements, no results.
inline void raw_script(const std::string& file, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  INFO((error != nullptr ? error : ""));
  CHECK(rc == SQLITE_OK);
  sqlite3_free(error);
  sqlite3_close(db);
}

}  // namespace registry_test
