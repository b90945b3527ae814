#pragma once
// The persistent job registry: every PixVerse job this user's servers submit or look up, in
// SQLite at <state folder>/jobs.sqlite3. A job is written before its request goes out (tool,
// arguments, trace id, exact body), so a lost answer can be recovered by resending with the
// same trace id, and nothing paid for is forgotten across restarts. Several server processes
// (two hosts open at once) share the file safely: WAL mode, busy timeout, short BEGIN IMMEDIATE
// write transactions. Thread-safe (one connection behind a mutex); never share an instance
// across fork(): open a new one in the child. It never holds the API key.
//
// A job is identified by where it lives: its scope — the API origin and the account, the
// latter as a keyed hash of the API key (HMAC-SHA256 under a random secret kept in the file,
// never the key) — plus kind and remote id. Two accounts or hosts (a work and a personal key,
// the global and the .cn host, the simulator and the real API) sharing one state folder can
// hand out the same ids without their jobs colliding. Rows written before scopes existed
// (schema version 1) have the empty scope and are seen from every scope.
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace app {

struct JobRecord {
  std::int64_t job_id = 0;                 // local row id
  std::string tool;                        // e.g. "text_to_video"; "" for a job first seen by a status lookup
  std::string kind;                        // "video" or "image"
  nlohmann::json arguments;                // validated tool arguments
  std::string trace_id;                    // Ai-trace-id of the submission
  std::string request_path;                // e.g. "/openapi/v2/video/text/generate"
  nlohmann::json request_body;             // the exact JSON body sent
  std::optional<std::uint64_t> remote_id;  // video_id / image_id once PixVerse answered
  // submitting, running, succeeded, failed, moderated, deleted, submit_failed, submit_unknown
  std::string status;
  std::optional<int> status_code;  // PixVerse's raw status
  std::string url, local_path, error;
  nlohmann::json last_result;                         // the last job object shown to the client (null if none)
  std::int64_t created_at_ms = 0, updated_at_ms = 0;  // unix ms
};

struct JobFilter {
  std::optional<std::string> status, tool, kind;
  std::optional<std::int64_t> since_ms;       // created at or after
  std::size_t limit = 20;                     // newest (highest job_id) first
  std::optional<std::int64_t> before_job_id;  // paging: rows with a smaller job_id
};

// Now, as unix ms: the clock rows are stamped with (created_at_ms, updated_at_ms).
std::int64_t now_ms();

class JobRegistry {
 public:
  // Opens or creates <state_dir>/jobs.sqlite3; missing folders are created with mode 0700.
  // `origin` (e.g. "https://app-api.pixverse.ai") and `api_key` choose the scope this instance
  // reads and writes; the key is hashed at once and not kept. Older files are migrated forward;
  // a file of a newer schema is refused, never overwritten.
  // Throws std::runtime_error naming the path and the reason.
  explicit JobRegistry(const std::string& state_dir, const std::string& origin = "", const std::string& api_key = "");
  ~JobRegistry();
  JobRegistry(const JobRegistry&) = delete;
  JobRegistry& operator=(const JobRegistry&) = delete;

  // All operations throw std::runtime_error on a database error (naming the file), and
  // std::invalid_argument for a kind other than video/image or an unknown status.

  // Records a submission about to be sent (status "submitting", synced to disk); returns its job_id.
  std::int64_t begin_submission(const std::string& tool, const std::string& kind, const nlohmann::json& arguments,
                                const std::string& trace_id, const std::string& request_path,
                                const nlohmann::json& request_body);
  // A submission refused without creating a job is about to go out again as a new request:
  // its trace id becomes `trace_id` (the body stays), synced to disk before the request is
  // sent, so a recovery resends the request PixVerse last saw. No effect once the job has a
  // remote id. Throws if job_id is unknown.
  void replace_trace_id(std::int64_t job_id, const std::string& trace_id);
  // → running. A row another process created for the same remote id by a status lookup is
  // folded into this one (its status, URL, file and last result are kept). Throws if job_id is unknown.
  void mark_accepted(std::int64_t job_id, std::uint64_t remote_id);
  // → submit_unknown if the job may exist on PixVerse (answer lost), else submit_failed.
  // No effect once the job has a remote id.
  void mark_submit_failed(std::int64_t job_id, const std::string& error, bool maybe_created);
  // Upsert by (scope, kind, remote_id); a job first seen here gets tool "". status is one of running,
  // succeeded, failed, moderated, deleted. A final status (and its result) is never replaced by
  // "running" (a stale poll answer); an empty url or a null last_result keeps the stored one.
  void update_status(const std::string& kind, std::uint64_t remote_id, const std::string& status,
                     std::optional<int> status_code, const std::string& url, const nlohmann::json& last_result);
  void set_local_path(const std::string& kind, std::uint64_t remote_id, const std::string& path);

  std::optional<JobRecord> find(const std::string& kind, std::uint64_t remote_id) const;
  std::optional<JobRecord> find_by_trace(const std::string& trace_id) const;  // nullopt for ""
  std::optional<JobRecord> find_by_job_id(std::int64_t job_id) const;
  std::vector<JobRecord> list(const JobFilter& filter) const;
  const std::string& path() const { return path_; }  // the database file
  // "<origin> <16 hex digits of the account hash>": the jobs this instance sees.
  const std::string& scope() const { return scope_; }

 private:
  std::string path_;
  std::string scope_;
  sqlite3* db_ = nullptr;
  mutable std::mutex mutex_;
};

}  // namespace app
