#pragma once
// The tasks of one session (MCP 2025-11-25 "Tasks"), or of the modern requests of one process
// (the 2026-07-28 tasks extension): status, outcome and lifetime of each task-backed request. The server runs the
// wrapped request and reports here how it ended; tasks/get, tasks/result, tasks/list and tasks/cancel are answered from
// here.
//
// Thread-safe. Listeners and waiters are called with no lock held (they write to the client),
// on whichever thread caused the change.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/call_context.h"
#include "mcp/json_rpc.h"

namespace mcp {

// input_required is never used: this server sends no requests to the client.
enum class TaskStatus { working, completed, failed, cancelled };
std::string_view to_string(TaskStatus status);

struct TaskOptions {
  std::chrono::milliseconds default_ttl{std::chrono::hours(1)};  // when the client asks for none
  std::chrono::milliseconds max_ttl{std::chrono::hours(24)};     // longer requests are cut to this
  std::chrono::milliseconds min_ttl{std::chrono::seconds(1)};    // a task must outlive its creation reply
  std::chrono::milliseconds poll_interval{2000};                 // pollInterval suggested to clients
  std::size_t page_size = 100;                                   // tasks/list page size
  std::size_t max_tasks = 10000;                                 // kept at once, expired ones purged first
};

class TaskRegistry {
 public:
  using SteadyClock = std::chrono::steady_clock;
  using Now = std::function<SteadyClock::time_point()>;
  // The full Task after each status change (for notifications/tasks/status).
  using StatusListener = std::function<void(const json& task)>;
  // What tasks/result answers once the task is terminal: {"result": {...}} or {"error": {...}}.
  using ResultWaiter = std::function<void(const json& outcome)>;

  explicit TaskRegistry(TaskOptions options, StatusListener on_status = nullptr, Now now = SteadyClock::now);
  TaskRegistry(const TaskRegistry&) = delete;
  TaskRegistry& operator=(const TaskRegistry&) = delete;

  const TaskOptions& options() const { return options_; }

  // A new task in `working` with an unguessable id; `cancel` is set when the task is cancelled
  // or expires, so the wrapped work stops. Returns the Task. Throws RpcError when full.
  json create(std::optional<std::chrono::milliseconds> requested_ttl, std::shared_ptr<CancellationFlag> cancel);

  // How the wrapped request ended (`outcome` as for ResultWaiter). Ignored when the task is
  // already terminal or forgotten — except that a cancelled task (it stays cancelled) takes a
  // {"result": …} outcome, so what the work left (a job's handle) is not lost.
  void finish(const std::string& task_id, TaskStatus status, const std::string& status_message, json outcome);

  // What the work last reported while the task is working (its latest progress message), for
  // vocabularies that show progress through tasks/get; updates lastUpdatedAt. Ignored once the
  // task is terminal or forgotten.
  void note(const std::string& task_id, const std::string& text);

  // Drops a task whose request was refused after all (its id was never given out).
  void forget(const std::string& task_id);

  // tasks/get. Unknown or expired id → RpcError -32602.
  json get(const std::string& task_id);
  // The Task and how it ended, for vocabularies whose tasks/get carries the outcome (the
  // 2026-07-28 tasks extension): {"task": Task, "outcome": outcome or null while working,
  // "note": the last note() or ""}.
  json get_with_outcome(const std::string& task_id);
  // tasks/cancel: sets the cancellation flag and moves the task to `cancelled`, with `outcome`
  // as its result. Already terminal, unknown or expired → RpcError -32602.
  json cancel(const std::string& task_id, const std::string& status_message, json outcome);
  // tasks/list: oldest first, paged. A cursor this registry did not issue → RpcError -32602.
  json list(const json& cursor);
  // tasks/result: `waiter` is called once the task is terminal — at once if it already is —
  // or with a -32602 error if the task expires first. Unknown id → RpcError -32602.
  void when_terminal(const std::string& task_id, ResultWaiter waiter);

  std::size_t size();

 private:
  struct Entry {
    std::string id;
    TaskStatus status = TaskStatus::working;
    std::string status_message;
    std::string note;  // see note()
    std::chrono::system_clock::time_point created_at, updated_at;
    SteadyClock::time_point expires_at;
    std::chrono::milliseconds ttl;
    std::shared_ptr<CancellationFlag> cancel;
    std::optional<json> outcome;
    std::vector<ResultWaiter> waiters;
  };
  using Deferred = std::vector<std::function<void()>>;  // run once the lock is released

  void purge_expired(Deferred& after);
  Entry& find(const std::string& task_id);
  void settle(Entry& entry, TaskStatus status, const std::string& status_message, json outcome, Deferred& after);
  json to_json(const Entry& entry) const;
  std::string new_id();
  template <typename F>
  auto locked(F&& body);

  TaskOptions options_;
  StatusListener on_status_;
  Now now_;
  std::mutex mutex_;
  std::random_device random_;
  std::uint64_t next_seq_ = 1;
  std::map<std::uint64_t, Entry> tasks_;         // by creation order, for tasks/list
  std::map<std::string, std::uint64_t> seq_of_;  // task id → key in tasks_
};

// An instant as ISO 8601 UTC with milliseconds, e.g. "2025-11-25T10:30:00.000Z".
std::string iso8601_utc(std::chrono::system_clock::time_point t);

}  // namespace mcp
