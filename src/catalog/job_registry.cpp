#include "catalog/job_registry.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>

namespace catalog {
namespace {

using nlohmann::json;

constexpr int kSchemaVersion = 1;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS jobs (
  job_id        INTEGER PRIMARY KEY AUTOINCREMENT,
  tool          TEXT NOT NULL DEFAULT '',
  kind          TEXT NOT NULL,
  arguments     TEXT,
  trace_id      TEXT NOT NULL DEFAULT '',
  request_path  TEXT NOT NULL DEFAULT '',
  request_body  TEXT,
  remote_id     INTEGER,
  status        TEXT NOT NULL,
  status_code   INTEGER,
  url           TEXT NOT NULL DEFAULT '',
  local_path    TEXT NOT NULL DEFAULT '',
  error         TEXT NOT NULL DEFAULT '',
  last_result   TEXT,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS jobs_remote ON jobs(kind, remote_id) WHERE remote_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS jobs_trace ON jobs(trace_id);
CREATE INDEX IF NOT EXISTS jobs_created ON jobs(created_at_ms);
)sql";

constexpr const char* kColumns =
    "job_id, tool, kind, arguments, trace_id, request_path, request_body, remote_id, status, status_code, url, "
    "local_path, error, last_result, created_at_ms, updated_at_ms";

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Ids are uint64 on the wire; SQLite integers are int64. Stored as the same 64 bits.
std::int64_t to_db(std::uint64_t id) { return static_cast<std::int64_t>(id); }
std::uint64_t from_db(std::int64_t v) { return static_cast<std::uint64_t>(v); }

// One prepared statement, finalized on scope exit; bind() by 1-based index.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("job registry: ") + sqlite3_errmsg(db));
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Statement& bind(int i, const json& v) { return v.is_null() ? bind_null(i) : bind(i, v.dump()); }
  Statement& bind(int i, std::optional<int> v) {
    if (v) sqlite3_bind_int(stmt_, i, *v);
    else bind_null(i);
    return *this;
  }
  Statement& bind_null(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  bool step() {  // true while rows come back
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw std::runtime_error(std::string("job registry: ") + sqlite3_errmsg(db_));
  }
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

std::string text_at(sqlite3_stmt* s, int col) {
  const unsigned char* t = sqlite3_column_text(s, col);
  return t != nullptr ? reinterpret_cast<const char*>(t) : "";
}

json json_at(sqlite3_stmt* s, int col) {
  if (sqlite3_column_type(s, col) == SQLITE_NULL) return nullptr;
  return json::parse(text_at(s, col), nullptr, false);  // a damaged cell reads as discarded, not a crash
}

JobRecord record_at(sqlite3_stmt* s) {
  JobRecord r;
  r.job_id = sqlite3_column_int64(s, 0);
  r.tool = text_at(s, 1);
  r.kind = text_at(s, 2);
  r.arguments = json_at(s, 3);
  r.trace_id = text_at(s, 4);
  r.request_path = text_at(s, 5);
  r.request_body = json_at(s, 6);
  if (sqlite3_column_type(s, 7) != SQLITE_NULL) r.remote_id = from_db(sqlite3_column_int64(s, 7));
  r.status = text_at(s, 8);
  if (sqlite3_column_type(s, 9) != SQLITE_NULL) r.status_code = sqlite3_column_int(s, 9);
  r.url = text_at(s, 10);
  r.local_path = text_at(s, 11);
  r.error = text_at(s, 12);
  r.last_result = json_at(s, 13);
  r.created_at_ms = sqlite3_column_int64(s, 14);
  r.updated_at_ms = sqlite3_column_int64(s, 15);
  return r;
}

void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string message = err != nullptr ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    throw std::runtime_error("job registry: " + message);
  }
}

// A write transaction that takes the lock up front (no upgrade deadlocks between processes).
class WriteTransaction {
 public:
  explicit WriteTransaction(sqlite3* db) : db_(db) { exec(db_, "BEGIN IMMEDIATE"); }
  ~WriteTransaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void commit() {
    exec(db_, "COMMIT");
    done_ = true;
  }

 private:
  sqlite3* db_;
  bool done_ = false;
};

}  // namespace

JobRegistry::JobRegistry(const std::string& state_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (state_dir.empty() || state_dir.front() != '/')
    throw std::runtime_error("the job registry needs an absolute state folder, got \"" + state_dir + "\"");
  if (!fs::exists(state_dir, ec)) {
    fs::create_directories(state_dir, ec);
    if (ec) throw std::runtime_error("cannot create the state folder " + state_dir + ": " + ec.message());
    ::chmod(state_dir.c_str(), 0700);  // job arguments may be private (prompts, file paths)
  }
  path_ = state_dir + "/jobs.sqlite3";
  if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string reason = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw std::runtime_error("cannot open the job registry " + path_ + ": " + reason);
  }
  try {
    sqlite3_busy_timeout(db_, 10'000);  // another process's write transaction is short
    exec(db_, "PRAGMA journal_mode=WAL");
    exec(db_, "PRAGMA synchronous=NORMAL");
    WriteTransaction tx(db_);
    exec(db_, kSchema);
    exec(db_, ("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str());
    tx.commit();
  } catch (const std::runtime_error& e) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw std::runtime_error("cannot use the job registry " + path_ + ": " + e.what());
  }
}

JobRegistry::~JobRegistry() { sqlite3_close(db_); }

std::int64_t JobRegistry::begin_submission(const std::string& tool, const std::string& kind, const json& arguments,
                                           const std::string& trace_id, const std::string& request_path,
                                           const json& request_body) {
  std::lock_guard lock(mutex_);
  const std::int64_t now = now_ms();
  Statement s(db_,
              "INSERT INTO jobs (tool, kind, arguments, trace_id, request_path, request_body, status, created_at_ms, "
              "updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, 'submitting', ?, ?)");
  s.bind(1, tool).bind(2, kind).bind(3, arguments).bind(4, trace_id).bind(5, request_path).bind(6, request_body);
  s.bind(7, now).bind(8, now);
  s.step();
  return sqlite3_last_insert_rowid(db_);
}

void JobRegistry::mark_accepted(std::int64_t job_id, std::uint64_t remote_id) {
  std::lock_guard lock(mutex_);
  WriteTransaction tx(db_);
  // A status lookup from another process may have created a row for this id first: fold it in.
  Statement other(db_, "SELECT status, status_code, url, local_path, last_result FROM jobs "
                       "WHERE kind = (SELECT kind FROM jobs WHERE job_id = ?) AND remote_id = ? AND job_id != ?");
  other.bind(1, job_id).bind(2, to_db(remote_id)).bind(3, job_id);
  if (other.step()) {
    std::string status = text_at(other.get(), 0);
    Statement copy(db_, "UPDATE jobs SET status = ?, status_code = ?, url = ?, local_path = ?, last_result = ? "
                        "WHERE job_id = ?");
    copy.bind(1, status);
    if (sqlite3_column_type(other.get(), 1) == SQLITE_NULL) copy.bind_null(2);
    else copy.bind(2, static_cast<std::int64_t>(sqlite3_column_int64(other.get(), 1)));
    copy.bind(3, text_at(other.get(), 2)).bind(4, text_at(other.get(), 3)).bind(5, json_at(other.get(), 4));
    copy.bind(6, job_id);
    copy.step();
    Statement drop(db_, "DELETE FROM jobs WHERE kind = (SELECT kind FROM jobs WHERE job_id = ?) AND remote_id = ? "
                        "AND job_id != ?");
    drop.bind(1, job_id).bind(2, to_db(remote_id)).bind(3, job_id);
    drop.step();
  }
  Statement s(db_, "UPDATE jobs SET remote_id = ?, updated_at_ms = ?, error = '', "
                   "status = CASE WHEN status IN ('submitting', 'submit_unknown', 'submit_failed') THEN 'running' "
                   "ELSE status END WHERE job_id = ?");
  s.bind(1, to_db(remote_id)).bind(2, now_ms()).bind(3, job_id);
  s.step();
  tx.commit();
}

void JobRegistry::mark_submit_failed(std::int64_t job_id, const std::string& error, bool maybe_created) {
  std::lock_guard lock(mutex_);
  Statement s(db_, "UPDATE jobs SET status = ?, error = ?, updated_at_ms = ? WHERE job_id = ? AND remote_id IS NULL");
  s.bind(1, std::string(maybe_created ? "submit_unknown" : "submit_failed")).bind(2, error).bind(3, now_ms());
  s.bind(4, job_id);
  s.step();
}

void JobRegistry::update_status(const std::string& kind, std::uint64_t remote_id, const std::string& status,
                                std::optional<int> status_code, const std::string& url, const json& last_result) {
  std::lock_guard lock(mutex_);
  const std::int64_t now = now_ms();
  // One statement: insert a row for a job first seen here, or update it unless that would
  // move a final status back to running.
  Statement s(db_,
              "INSERT INTO jobs (kind, remote_id, status, status_code, url, last_result, created_at_ms, updated_at_ms) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) "
              "ON CONFLICT(kind, remote_id) WHERE remote_id IS NOT NULL DO UPDATE SET "
              "status = CASE WHEN status IN ('succeeded','failed','moderated','deleted') AND ?3 = 'running' "
              "THEN status ELSE ?3 END, "
              "status_code = CASE WHEN status IN ('succeeded','failed','moderated','deleted') AND ?3 = 'running' "
              "THEN status_code ELSE ?4 END, "
              "url = CASE WHEN ?5 = '' THEN url ELSE ?5 END, last_result = ?6, updated_at_ms = ?7");
  s.bind(1, kind).bind(2, to_db(remote_id)).bind(3, status).bind(4, status_code).bind(5, url).bind(6, last_result);
  s.bind(7, now);
  s.step();
}

void JobRegistry::set_local_path(const std::string& kind, std::uint64_t remote_id, const std::string& path) {
  std::lock_guard lock(mutex_);
  Statement s(db_, "UPDATE jobs SET local_path = ?, updated_at_ms = ? WHERE kind = ? AND remote_id = ?");
  s.bind(1, path).bind(2, now_ms()).bind(3, kind).bind(4, to_db(remote_id));
  s.step();
}

std::optional<JobRecord> JobRegistry::find(const std::string& kind, std::uint64_t remote_id) const {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string("SELECT ") + kColumns + " FROM jobs WHERE kind = ? AND remote_id = ?");
  s.bind(1, kind).bind(2, to_db(remote_id));
  if (!s.step()) return std::nullopt;
  return record_at(s.get());
}

std::optional<JobRecord> JobRegistry::find_by_trace(const std::string& trace_id) const {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string("SELECT ") + kColumns + " FROM jobs WHERE trace_id = ? ORDER BY job_id LIMIT 1");
  s.bind(1, trace_id);
  if (!s.step()) return std::nullopt;
  return record_at(s.get());
}

std::optional<JobRecord> JobRegistry::find_by_job_id(std::int64_t job_id) const {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string("SELECT ") + kColumns + " FROM jobs WHERE job_id = ?");
  s.bind(1, job_id);
  if (!s.step()) return std::nullopt;
  return record_at(s.get());
}

std::vector<JobRecord> JobRegistry::list(const JobFilter& f) const {
  std::lock_guard lock(mutex_);
  std::string sql = std::string("SELECT ") + kColumns + " FROM jobs WHERE 1=1";
  if (f.status) sql += " AND status = :status";
  if (f.tool) sql += " AND tool = :tool";
  if (f.kind) sql += " AND kind = :kind";
  if (f.since_ms) sql += " AND created_at_ms >= :since";
  if (f.before_job_id) sql += " AND job_id < :before";
  sql += " ORDER BY job_id DESC LIMIT :limit";
  Statement s(db_, sql);
  auto idx = [&](const char* name) { return sqlite3_bind_parameter_index(s.get(), name); };
  if (f.status) s.bind(idx(":status"), *f.status);
  if (f.tool) s.bind(idx(":tool"), *f.tool);
  if (f.kind) s.bind(idx(":kind"), *f.kind);
  if (f.since_ms) s.bind(idx(":since"), *f.since_ms);
  if (f.before_job_id) s.bind(idx(":before"), *f.before_job_id);
  s.bind(idx(":limit"), static_cast<std::int64_t>(f.limit));
  std::vector<JobRecord> out;
  while (s.step()) out.push_back(record_at(s.get()));
  return out;
}

}  // namespace catalog
