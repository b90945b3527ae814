#pragma once
// Small RAII pieces over the SQLite C API for the job registry: a prepared statement, a write
// transaction, and errors that name the database file. Every failure throws
// std::runtime_error("job registry <file>: <what>: <SQLite's message>").
#include <sqlite3.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace app {

[[noreturn]] void fail(sqlite3* db, const std::string& what);

// Runs SQL without results (several statements allowed).
void exec(sqlite3* db, const std::string& sql);

// A text or blob column as bytes ("" for NULL).
std::string text_at(sqlite3_stmt* s, int col);

// One prepared statement, finalized on scope exit; bind() by 1-based index (named parameters:
// sqlite3_bind_parameter_index). Preparing per call costs ~5 µs against ~50 µs for a write
// (measured), so statements are not cached.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql);
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, const std::string& v);
  Statement& bind(int i, std::int64_t v);
  // JSON as text; invalid UTF-8 (a prompt) is replaced, never a reason not to record.
  Statement& bind(int i, const nlohmann::json& v);
  Statement& bind(int i, std::optional<int> v);
  Statement& bind_null(int i);
  bool step();  // true while rows come back
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// A write transaction that takes the write lock up front: no read-to-write upgrade, so no
// SQLITE_BUSY that the busy timeout cannot wait out. A durable one is synced to disk at commit
// (a submission about to be billed, its remote id); the rest use synchronous=NORMAL, where a
// power cut may lose the last status updates, which the next poll restores. Rolled back unless
// committed.
class WriteTransaction {
 public:
  WriteTransaction(sqlite3* db, bool durable);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit();

 private:
  void restore();
  sqlite3* db_;
  bool durable_;
  bool done_ = false;
};

}  // namespace app
