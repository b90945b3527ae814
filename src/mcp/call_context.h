#pragma once
// What a tool handler gets besides its arguments: cancellation, progress and logging for
// the one request it is serving. Thread-safe; handlers run off the stdin reader thread.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "mcp/client_roots.h"
#include "mcp/json_rpc.h"
#include "mcp/log_level.h"
#include "mcp/protocol_revision.h"

namespace mcp {

// Why a request stops early: the client cancelled it (notifications/cancelled, tasks/cancel:
// nothing more is sent for it), or the server is shutting down (stdin closed: work still owes
// its answer, e.g. the handle of a job it started).
enum class CancelReason { none, client, shutdown };

// Set by notifications/cancelled, tasks/cancel or shutdown; wakes anything waiting on it.
class CancellationFlag {
 public:
  // The first reason given stays.
  void cancel(CancelReason reason = CancelReason::client);
  bool is_cancelled() const;
  CancelReason reason() const;
  // Sleeps up to `d`; returns true if cancelled (at once, not after `d`).
  bool wait_for(std::chrono::milliseconds d) const;
  // `waker` is called (once, with no lock held) when the flag is set — at once if it already is.
  // It replaces any earlier waker; nullptr clears it. Used to fire a waiting step's timer early.
  void on_cancel(std::function<void()> waker);

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable cv_;
  bool cancelled_ = false;
  CancelReason reason_ = CancelReason::none;
  std::function<void()> waker_;
};

class CallContext {
 public:
  using Sender = std::function<void(const json& notification)>;
  using LevelGate = std::function<bool(LogLevel)>;

  CallContext(json request_id, std::optional<json> progress_token, std::shared_ptr<CancellationFlag> cancel,
              Sender send, LevelGate log_enabled, std::string protocol_version,
              std::optional<std::string> task_id = std::nullopt);

  const json& request_id() const { return request_id_; }
  // The negotiated protocol revision, e.g. "2025-11-25", and what it has. The protocol layer
  // already fits results and notifications to it; handlers rarely need to look.
  const std::string& protocol_version() const { return protocol_version_; }
  const ProtocolRevision& revision() const { return *revision_; }
  // Set when the call runs as a task (a task-augmented tools/call): the client already holds a
  // task handle and polls it, so the handler should see the work through to its end rather
  // than return a job handle after a bounded wait. Progress and log messages then carry the
  // task's related-task _meta.
  const std::optional<std::string>& task_id() const { return task_id_; }
  bool cancelled() const { return cancel_->is_cancelled(); }
  // Cancelled because the server is shutting down: the call's answer is still sent, so a
  // handler returns what it has (a job's handle) rather than nothing.
  bool shutting_down() const { return cancel_->reason() == CancelReason::shutdown; }
  const std::shared_ptr<CancellationFlag>& cancellation() const { return cancel_; }
  // Sleeps up to `d`; false if the call was cancelled meanwhile.
  bool sleep_for(std::chrono::milliseconds d) const { return !cancel_->wait_for(d); }

  bool wants_progress() const { return progress_token_.has_value(); }
  // Sends notifications/progress if the caller gave a progressToken. `progress` must grow:
  // a value not above the last one sent is dropped, as the spec requires. `message` is left
  // out for 2024-11-05 clients, whose revision has no such field.
  void progress(double progress, std::optional<double> total = std::nullopt, const std::string& message = "");

  // notifications/message to the client, if its level passes logging/setLevel.
  void log(LogLevel level, const std::string& logger, const json& data);

  // The client's roots (client_roots.h): nullopt when it has no roots capability.
  // May wait briefly for the client's first answer. Set by the server; none by default.
  using RootsSource = std::function<std::optional<std::vector<Root>>()>;
  void set_roots_source(RootsSource source) { roots_source_ = std::move(source); }
  std::optional<std::vector<Root>> roots() const { return roots_source_ ? roots_source_() : std::nullopt; }

 private:
  void send_notification(const std::string& method, json params);

  json request_id_;
  std::optional<json> progress_token_;
  std::shared_ptr<CancellationFlag> cancel_;
  Sender send_;
  LevelGate log_enabled_;
  std::string protocol_version_;
  const ProtocolRevision* revision_;
  std::optional<std::string> task_id_;
  RootsSource roots_source_;
  std::mutex progress_mutex_;
  std::optional<double> last_progress_;
};

}  // namespace mcp
