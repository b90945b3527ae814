#pragma once
// Helpers of the job registry tests: a private temporary folder, file modes, raw SQL on a
// registry file (to damage it or read what the API does not show).
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "../support/temp_dir.h"

namespace registry_test {

using testsupport::mode_of;
using testsupport::TempDir;

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
