#include "jobs/registry.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <system_error>

#include "common/json_limits.h"
#include "jobs/registry_file.h"
#include "jobs/sqlite_statement.h"
#include "mcp/stdio_transport.h"
#include "platform/file.h"

namespace app {
namespace {

using nlohmann::json;

// The rows a scope sees: its own, and those from before scopes existed; its own first.
constexpr const char* kInScope = "scope IN (:scope, '') ";
constexpr const char* kOwnFirst = "ORDER BY scope = '' ";

constexpr const char* kSelect =
    "SELECT job_id, tool, kind, arguments, trace_id, request_path, request_body, remote_id, status, status_code, url, "
    "local_path, error, last_result, created_at_ms, updated_at_ms FROM jobs ";

// A poll answering "running" after a final status is stale (?3 is the new status).
constexpr const char* kStale = "(status IN ('succeeded','failed','moderated','deleted') AND ?3 = 'running')";

// Ids are uint64 on the wire, SQLite integers int64: stored as the same 64 bits.
std::int64_t to_db(std::uint64_t id) { return static_cast<std::int64_t>(id); }
std::uint64_t from_db(std::int64_t v) { return static_cast<std::uint64_t>(v); }

void check_kind(const std::string& kind) {
  if (kind != "video" && kind != "image")
    throw std::invalid_argument("job registry: unknown job kind \"" + kind + "\"");
}

// A stored JSON cell. The file is shared with other processes and may be damaged or edited by
// hand: a cell that is not JSON, nests deeper than json_limits::kMaxDepth or is longer than
// kMaxCellBytes reads as null, never as a crash or a stack-deep value. The arguments of one call
// come from one client line, so twice the line limit is room to spare.
constexpr std::size_t kMaxCellBytes = 2 * mcp::kDefaultMaxLineBytes;

json json_at(sqlite3_stmt* s, int col) {
  if (sqlite3_column_type(s, col) == SQLITE_NULL) return nullptr;
  if (static_cast<std::size_t>(sqlite3_column_bytes(s, col)) > kMaxCellBytes) return nullptr;
  json j = json_limits::parse_bounded(text_at(s, col), kMaxCellBytes);
  return j.is_discarded() ? json(nullptr) : j;
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

}  // namespace

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

JobRegistry::JobRegistry(const std::string& state_dir, const std::string& origin, const std::string& api_key) {
  if (!std::filesystem::path(state_dir).is_absolute())
    throw std::runtime_error("the job registry needs an absolute state folder, got \"" + state_dir + "\"");
  make_private_dirs(state_dir);
  path_ = state_dir + (state_dir.back() == '/' ? "" : "/") + "jobs.sqlite3";
  // Created 0600 before SQLite opens it: its -wal and -shm files copy this mode.
  std::error_code ec;
  platform::File::open_or_create(path_, platform::FileAccess::owner_only, ec);  // SQLite reports a failure
  if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string reason = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
    if (db_ != nullptr && sqlite3_system_errno(db_) != 0)
      reason += " (" + std::generic_category().message(sqlite3_system_errno(db_)) + ")";
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw std::runtime_error("cannot open the job registry " + path_ + ": " + reason);
  }
  try {
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    use_wal(db_);
    exec(db_, "PRAGMA synchronous=NORMAL");
    scope_ = scope_of(prepare_schema(db_), origin, api_key);
  } catch (const std::exception& e) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw std::runtime_error("cannot use the job registry " + path_ + ": " + e.what());
  }
}

JobRegistry::~JobRegistry() { sqlite3_close_v2(db_); }

std::int64_t JobRegistry::begin_submission(const std::string& tool, const std::string& kind, const json& arguments,
                                           const std::string& trace_id, const std::string& request_path,
                                           const json& request_body) {
  check_kind(kind);
  std::lock_guard lock(mutex_);
  WriteTransaction tx(db_, true);
  const std::int64_t now = now_ms();
  Statement s(db_,
              "INSERT INTO jobs (tool, kind, arguments, trace_id, request_path, request_body, status, created_at_ms, "
              "updated_at_ms, scope) VALUES (?, ?, ?, ?, ?, ?, 'submitting', ?, ?, ?)");
  s.bind(1, tool).bind(2, kind).bind(3, arguments).bind(4, trace_id).bind(5, request_path).bind(6, request_body);
  s.bind(7, now).bind(8, now).bind(9, scope_);
  s.step();
  const std::int64_t job_id = sqlite3_last_insert_rowid(db_);
  tx.commit();
  return job_id;
}

void JobRegistry::replace_trace_id(std::int64_t job_id, const std::string& trace_id) {
  std::lock_guard lock(mutex_);
  WriteTransaction tx(db_, true);
  Statement own(db_, "SELECT remote_id FROM jobs WHERE job_id = ?");
  own.bind(1, job_id);
  if (!own.step()) throw std::runtime_error("job registry " + path_ + ": no job " + std::to_string(job_id));
  Statement s(db_, "UPDATE jobs SET trace_id = ?, updated_at_ms = ? WHERE job_id = ? AND remote_id IS NULL");
  s.bind(1, trace_id).bind(2, now_ms()).bind(3, job_id);
  s.step();
  tx.commit();
}

void JobRegistry::mark_accepted(std::int64_t job_id, std::uint64_t remote_id) {
  std::lock_guard lock(mutex_);
  WriteTransaction tx(db_, true);
  Statement own(db_, "SELECT kind, scope FROM jobs WHERE job_id = ?");
  own.bind(1, job_id);
  if (!own.step()) throw std::runtime_error("job registry " + path_ + ": no job " + std::to_string(job_id));
  const std::string kind = text_at(own.get(), 0);
  const std::string scope = text_at(own.get(), 1);  // the submission's (a recovered old row keeps '')
  // A status lookup (here or in another process) may have created a row for this id first.
  Statement other(db_, "SELECT job_id, tool FROM jobs WHERE scope = ? AND kind = ? AND remote_id = ? AND job_id != ?");
  other.bind(1, scope).bind(2, kind).bind(3, to_db(remote_id)).bind(4, job_id);
  if (other.step()) {
    const std::int64_t other_id = sqlite3_column_int64(other.get(), 0);
    if (!text_at(other.get(), 1).empty())  // a submission of its own: never silently dropped
      throw std::runtime_error("job registry " + path_ + ": " + kind + " " + std::to_string(remote_id) +
                               " already belongs to job " + std::to_string(other_id));
    Statement fold(db_,
                   "UPDATE jobs SET (status, status_code, url, local_path, last_result) = "
                   "(SELECT status, status_code, url, local_path, last_result FROM jobs WHERE job_id = ?1) "
                   "WHERE job_id = ?2");
    fold.bind(1, other_id).bind(2, job_id);
    fold.step();
    Statement drop(db_, "DELETE FROM jobs WHERE job_id = ?");
    drop.bind(1, other_id);
    drop.step();
  }
  Statement s(db_,
              "UPDATE jobs SET remote_id = ?, updated_at_ms = ?, error = '', "
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
  check_kind(kind);
  static constexpr const char* kKnown[] = {"running", "succeeded", "failed", "moderated", "deleted"};
  if (std::find(std::begin(kKnown), std::end(kKnown), status) == std::end(kKnown))
    throw std::invalid_argument("job registry: unknown job status \"" + status + "\"");
  std::lock_guard lock(mutex_);
  const std::string stale = kStale;
  const std::string set = "status = CASE WHEN " + stale + " THEN status ELSE ?3 END, " + "status_code = CASE WHEN " +
                          stale + " THEN status_code ELSE ?4 END, " + "url = CASE WHEN ?5 = '' THEN url ELSE ?5 END, " +
                          "last_result = CASE WHEN " + stale +
                          " THEN last_result ELSE COALESCE(?6, last_result) END, " + "updated_at_ms = ?7";
  auto bind_all = [&](Statement& st) {
    st.bind(1, kind).bind(2, to_db(remote_id)).bind(3, status).bind(4, status_code).bind(5, url).bind(6, last_result);
    st.bind(7, now_ms()).bind(8, scope_);
  };
  // A known job (every poll after the first) is a plain UPDATE: an upsert that finds its row
  // still uses up an AUTOINCREMENT value, and the local job ids users see jumped by one per poll.
  Statement update(db_, "UPDATE jobs SET " + set + " WHERE scope = ?8 AND kind = ?1 AND remote_id = ?2");
  bind_all(update);
  update.step();
  if (sqlite3_changes(db_) > 0) return;
  // First seen here: insert it; one statement, so a row another process inserted meanwhile is
  // updated instead (no transaction needed).
  Statement s(db_,
              "INSERT INTO jobs (kind, remote_id, status, status_code, url, last_result, created_at_ms, updated_at_ms, "
              "scope) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8) "
              "ON CONFLICT(scope, kind, remote_id) WHERE remote_id IS NOT NULL DO UPDATE SET " +
                  set);
  bind_all(s);
  s.step();
}

void JobRegistry::set_local_path(const std::string& kind, std::uint64_t remote_id, const std::string& path) {
  std::lock_guard lock(mutex_);
  Statement s(db_, "UPDATE jobs SET local_path = ?, updated_at_ms = ? WHERE kind = ? AND remote_id = ? AND scope = ?");
  s.bind(1, path).bind(2, now_ms()).bind(3, kind).bind(4, to_db(remote_id)).bind(5, scope_);
  s.step();
}

std::optional<JobRecord> JobRegistry::find(const std::string& kind, std::uint64_t remote_id) const {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string(kSelect) + "WHERE " + kInScope + "AND kind = :kind AND remote_id = :id " + kOwnFirst +
                       "LIMIT 1");
  s.bind(sqlite3_bind_parameter_index(s.get(), ":scope"), scope_);
  s.bind(sqlite3_bind_parameter_index(s.get(), ":kind"), kind);
  s.bind(sqlite3_bind_parameter_index(s.get(), ":id"), to_db(remote_id));
  if (!s.step()) return std::nullopt;
  return record_at(s.get());
}

std::optional<JobRecord> JobRegistry::find_by_trace(const std::string& trace_id) const {
  if (trace_id.empty()) return std::nullopt;  // rows first seen by a lookup have no trace id
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string(kSelect) + "WHERE " + kInScope + "AND trace_id = :trace ORDER BY job_id LIMIT 1");
  s.bind(sqlite3_bind_parameter_index(s.get(), ":scope"), scope_);
  s.bind(sqlite3_bind_parameter_index(s.get(), ":trace"), trace_id);
  if (!s.step()) return std::nullopt;
  return record_at(s.get());
}

std::optional<JobRecord> JobRegistry::find_by_job_id(std::int64_t job_id) const {
  std::lock_guard lock(mutex_);
  Statement s(db_, std::string(kSelect) + "WHERE " + kInScope + "AND job_id = :job");
  s.bind(sqlite3_bind_parameter_index(s.get(), ":scope"), scope_);
  s.bind(sqlite3_bind_parameter_index(s.get(), ":job"), job_id);
  if (!s.step()) return std::nullopt;
  return record_at(s.get());
}

std::vector<JobRecord> JobRegistry::list(const JobFilter& f) const {
  std::lock_guard lock(mutex_);
  std::string sql = std::string(kSelect) + "WHERE " + kInScope;
  if (f.status) sql += " AND status = :status";
  if (f.tool) sql += " AND tool = :tool";
  if (f.kind) sql += " AND kind = :kind";
  if (f.since_ms) sql += " AND created_at_ms >= :since";
  if (f.before_job_id) sql += " AND job_id < :before";
  sql += " ORDER BY job_id DESC LIMIT :limit";
  Statement s(db_, sql);
  auto idx = [&](const char* name) { return sqlite3_bind_parameter_index(s.get(), name); };
  s.bind(idx(":scope"), scope_);
  if (f.status) s.bind(idx(":status"), *f.status);
  if (f.tool) s.bind(idx(":tool"), *f.tool);
  if (f.kind) s.bind(idx(":kind"), *f.kind);
  if (f.since_ms) s.bind(idx(":since"), *f.since_ms);
  if (f.before_job_id) s.bind(idx(":before"), *f.before_job_id);
  constexpr auto kMax = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  s.bind(idx(":limit"), static_cast<std::int64_t>(std::min(f.limit, kMax)));
  std::vector<JobRecord> out;
  while (s.step()) out.push_back(record_at(s.get()));
  return out;
}

}  // namespace app
