// Server: requests that run off the reader thread — bookkeeping shared by tool calls, tasks
// and resource requests, so shutdown and notifications/cancelled treat them all alike.
#include <spdlog/spdlog.h>

#include <system_error>
#include <thread>

#include "mcp/server.h"

namespace mcp {

std::shared_ptr<CancellationFlag> Server::track(const std::string& key, std::shared_ptr<CancellationFlag> cancel) {
  std::lock_guard lock(calls_mutex_);
  if (shutting_down_) throw RpcError{kInternalError, "server is shutting down"};
  if (calls_.size() >= options_.max_concurrent_calls)
    throw RpcError{kInternalError, "server busy: too many requests in flight; retry shortly"};
  if (!calls_.emplace(key, cancel).second)
    throw RpcError{kInvalidRequest, "invalid request: id " + key + " is already in use by a request in flight"};
  return cancel;
}

void Server::run_detached(const std::string& key, std::function<void()> work) {
  // The last thing the thread does with the server: shutdown may return (and the server go)
  // as soon as the entry is gone.
  auto forget = [this, key] {
    std::lock_guard lock(calls_mutex_);
    calls_.erase(key);
    calls_cv_.notify_all();
  };
  try {
    std::thread([work = std::move(work), forget] {
      work();
      forget();
    }).detach();
  } catch (const std::system_error& e) {
    spdlog::error("cannot start a worker thread: {}", e.what());
    forget();
    throw RpcError{kInternalError, "server busy: cannot start more work; retry shortly"};
  }
}

void Server::respond_unless_cancelled(const CancellationFlag& cancel, const json& response) {
  // Under the lock notifications/cancelled takes: once it is handled, no response can leave.
  std::lock_guard lock(calls_mutex_);
  if (!cancel.is_cancelled()) send(response);
  else if (response.contains("id")) settle_batch_member(response["id"]);
}

void Server::start_resource_request(const json& id, const std::string& method, const json& params) {
  const std::string key = id.dump();
  auto cancel = track(key);
  // The provider may read the disk: keep the reader free for ping and cancellations.
  run_detached(key, [this, id, method, params, cancel, revision = revision_] {
    json response;
    try {
      response = make_result(id, answer_resource_request(*resources_, method, params, *revision));
    } catch (const RpcError& e) {
      response = make_error(id, e);
    } catch (const std::exception& e) {
      spdlog::error("{} failed: {}", method, e.what());
      response = make_error(id, kInternalError, "internal error");
    }
    respond_unless_cancelled(*cancel, response);
  });
}

}  // namespace mcp
