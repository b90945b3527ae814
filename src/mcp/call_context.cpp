#include "mcp/call_context.h"

namespace mcp {

void CancellationFlag::cancel(CancelReason reason) {
  std::function<void()> waker;
  {
    std::lock_guard lock(mutex_);
    if (!cancelled_) reason_ = reason;
    cancelled_ = true;
    waker.swap(waker_);
  }
  cv_.notify_all();
  if (waker) waker();
}

void CancellationFlag::on_cancel(std::function<void()> waker) {
  {
    std::lock_guard lock(mutex_);
    if (!cancelled_) {
      waker_ = std::move(waker);
      return;
    }
  }
  if (waker) waker();
}

CancelReason CancellationFlag::reason() const {
  std::lock_guard lock(mutex_);
  return reason_;
}

bool CancellationFlag::is_cancelled() const {
  std::lock_guard lock(mutex_);
  return cancelled_;
}

bool CancellationFlag::wait_for(std::chrono::milliseconds d) const {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, d, [this] { return cancelled_; });
}

CallContext::CallContext(json request_id, std::optional<json> progress_token, std::shared_ptr<CancellationFlag> cancel,
                         Sender send, LevelGate log_enabled, std::string protocol_version,
                         std::optional<std::string> task_id)
    : request_id_(std::move(request_id)),
      progress_token_(std::move(progress_token)),
      cancel_(std::move(cancel)),
      send_(std::move(send)),
      log_enabled_(std::move(log_enabled)),
      protocol_version_(std::move(protocol_version)),
      revision_(revision_named(protocol_version_) ? revision_named(protocol_version_) : &newest_revision()),
      task_id_(std::move(task_id)) {}

void CallContext::send_notification(const std::string& method, json params) {
  if (task_id_) params["_meta"][kRelatedTaskMetaKey] = json{{"taskId", *task_id_}};
  send_(make_notification(method, std::move(params)));
}

void CallContext::progress(double progress, std::optional<double> total, const std::string& message) {
  if (!progress_token_ || cancelled()) return;
  std::lock_guard lock(progress_mutex_);
  if (last_progress_ && progress <= *last_progress_) return;
  last_progress_ = progress;
  json params{{"progressToken", *progress_token_}, {"progress", progress}};
  if (total) params["total"] = *total;
  if (!message.empty() && revision_->progress_message) params["message"] = message;
  send_notification("notifications/progress", std::move(params));
}

void CallContext::log(LogLevel level, const std::string& logger, const json& data) {
  if (!log_enabled_(level)) return;
  send_notification("notifications/message",
                    json{{"level", std::string(to_string(level))}, {"logger", logger}, {"data", data}});
}

}  // namespace mcp
