#include "jobs/sqlite_statement.h"

#include <stdexcept>

namespace app {

void fail(sqlite3* db, const std::string& what) {
  const char* file = sqlite3_db_filename(db, "main");
  throw std::runtime_error("job registry " + std::string(file != nullptr ? file : "") + ": " + what + ": " +
                           sqlite3_errmsg(db));
}

void exec(sqlite3* db, const std::string& sql) {
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(db, sql.substr(0, 40));
}

std::string text_at(sqlite3_stmt* s, int col) {
  const auto* t = static_cast<const char*>(sqlite3_column_blob(s, col));
  return t != nullptr ? std::string(t, static_cast<std::size_t>(sqlite3_column_bytes(s, col))) : std::string();
}

Statement::Statement(sqlite3* db, const std::string& sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) fail(db, "cannot prepare");
}

Statement& Statement::bind(int i, const std::string& v) {
  sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int i, std::int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}

Statement& Statement::bind(int i, const nlohmann::json& v) {
  if (v.is_null()) return bind_null(i);
  return bind(i, v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Statement& Statement::bind(int i, std::optional<int> v) {
  if (v) sqlite3_bind_int(stmt_, i, *v);
  else bind_null(i);
  return *this;
}

Statement& Statement::bind_null(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, "statement failed");
}

WriteTransaction::WriteTransaction(sqlite3* db, bool durable) : db_(db), durable_(durable) {
  if (durable_) exec(db_, "PRAGMA synchronous=FULL");
  try {
    exec(db_, "BEGIN IMMEDIATE");
  } catch (...) {
    restore();
    throw;
  }
}

WriteTransaction::~WriteTransaction() {
  if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  restore();
}

void WriteTransaction::commit() {
  exec(db_, "COMMIT");
  done_ = true;
}

void WriteTransaction::restore() {
  if (durable_) sqlite3_exec(db_, "PRAGMA synchronous=NORMAL", nullptr, nullptr, nullptr);
}

}  // namespace app
