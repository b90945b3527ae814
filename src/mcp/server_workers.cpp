// Server: requests that run off the reader thread — bookkeeping shared by tool calls, tasks
// and resource requests, so shutdown and notifications/cancelled treat them all alike — and
// the driving of a tool's steps on the work pool.
#include <spdlog/spdlog.h>

#include <atomic>
#include <system_error>

#include "mcp/server.h"

namespace mcp {

namespace {

// Memory a request holds until its first step has run, per byte of its line: the line, the
// parsed JSON (a string member costs its bytes again plus the node), and the copy a handler
// decodes (a data: URI's bytes). Measured: 65 MB data: URIs peaked at about 4.4x.
constexpr std::size_t kMemoryPerLineByte = 4;

RpcError busy(const std::string& why) {
  // The caller can act on it: the same request may simply be sent again a little later.
  return RpcError{kInternalError, "server busy: " + why + "; retry in a few seconds", json{{"retryAfterMs", 2000}}};
}

}  // namespace

struct Server::StepRun {
  std::string key;
  std::string tool_name;
  std::shared_ptr<CallContext> ctx;
  std::function<void(json)> finish;
  bool first_step_done = false;
};

std::shared_ptr<CancellationFlag> Server::track(const std::string& key, std::shared_ptr<CancellationFlag> cancel) {
  std::lock_guard lock(calls_mutex_);
  if (shutting_down_) throw RpcError{kInternalError, "server is shutting down"};
  if (calls_.size() >= options_.max_concurrent_calls)
    throw busy(std::to_string(calls_.size()) + " requests are in flight");
  const std::size_t bytes = request_bytes_ * kMemoryPerLineByte;
  if (bytes_in_flight_ > 0 && bytes_in_flight_ + bytes > options_.max_request_bytes_in_flight)
    throw busy("requests holding about " + std::to_string(bytes_in_flight_ >> 20) + " MiB for their arguments are still starting");
  if (!calls_.emplace(key, TrackedCall{cancel, bytes}).second)
    throw RpcError{kInvalidRequest, "invalid request: id " + key + " is already in use by a request in flight"};
  bytes_in_flight_ += bytes;
  return cancel;
}

void Server::release_bytes(const std::string& key) {
  std::lock_guard lock(calls_mutex_);
  auto it = calls_.find(key);
  if (it == calls_.end()) return;
  bytes_in_flight_ -= it->second.bytes;
  it->second.bytes = 0;
}

void Server::forget(const std::string& key) {
  // The last thing work does with the server: shutdown may return (and the server go) as soon
  // as the entry is gone.
  std::lock_guard lock(calls_mutex_);
  auto it = calls_.find(key);
  if (it == calls_.end()) return;
  bytes_in_flight_ -= it->second.bytes;
  calls_.erase(it);
  calls_cv_.notify_all();
}

void Server::post_or_refuse(const std::string& key, std::function<void()> work) {
  try {
    pool_.post(std::move(work));
  } catch (const std::system_error& e) {
    spdlog::error("cannot start a worker thread: {}", e.what());
    forget(key);
    throw busy("cannot start more work");
  }
}

void Server::run_on_pool(const std::string& key, std::function<void()> work) {
  post_or_refuse(key, [this, key, work = std::move(work)] {
    work();
    forget(key);
  });
}

void Server::run_steps(const std::string& key, std::shared_ptr<CallContext> ctx, const Tool& tool,
                       ToolStep::Resume first, std::function<void(json outcome)> finish) {
  auto run = std::make_shared<StepRun>(StepRun{key, tool.name(), std::move(ctx), std::move(finish)});
  post_or_refuse(key, [this, run, first = std::move(first)] { advance(run, first); });
}

void Server::advance(const std::shared_ptr<StepRun>& run, const ToolStep::Resume& next) {
  json outcome;
  try {
    // Cancelled while waiting for a worker: the tool has done nothing yet, so nothing is started
    // (a job submitted after its cancellation was acknowledged would be paid for unasked).
    const bool never_started = !run->first_step_done && run->ctx->cancelled();
    ToolStep step = !never_started ? next()
                    : run->ctx->cancellation()->reason() == CancelReason::shutdown
                        ? ToolStep(ToolResult::error("Not started: the server is shutting down. Nothing was done."))
                        : ToolStep(ToolResult::error("Cancelled before it started: nothing was done."));
    if (!run->first_step_done) {  // its arguments are consumed: their bytes no longer count
      run->first_step_done = true;
      release_bytes(run->key);
    }
    if (!step.done()) {
      // Wait as a timer, not a thread. The waker is in place before the timer exists, so a
      // cancellation at any moment fires it at once; each step replaces the previous waker.
      const auto& cancel = run->ctx->cancellation();
      auto timer = std::make_shared<std::atomic<WorkPool::TimerId>>(0);
      cancel->on_cancel([this, timer] {
        if (auto id = timer->load()) pool_.expedite(id);
      });
      const auto when = step.when();
      timer->store(pool_.post_at(when, [this, run, step = std::move(step)] {
        advance(run, [&step] { return step.resume(); });
      }));
      if (cancel->is_cancelled()) pool_.expedite(timer->load());
      return;
    }
    outcome = json{{"result", step.result().to_json(run->ctx->revision())}};
  } catch (const std::exception& e) {
    spdlog::error("tool {} failed unexpectedly: {}", run->tool_name, e.what());
    outcome = json{{"error", {{"code", kInternalError}, {"message", "internal error in tool " + run->tool_name}}}};
  }
  run->ctx->cancellation()->on_cancel(nullptr);
  run->finish(std::move(outcome));
  forget(run->key);
}

void Server::respond_unless_cancelled(const CancellationFlag& cancel, const json& response) {
  // Under the lock notifications/cancelled takes: once it is handled, no response can leave.
  // A call stopped by shutdown still answers (its result says what it has), unless shutdown
  // gave up on it and answered for it.
  std::lock_guard lock(calls_mutex_);
  if (response.contains("id"))
    if (auto it = calls_.find(response["id"].dump()); it != calls_.end() && it->second.answered) return;
  if (cancel.reason() != CancelReason::client) send(response);
  else if (response.contains("id")) settle_batch_member(response["id"]);
}

void Server::start_resource_request(const json& id, const std::string& method, const json& params,
                                    const ProtocolRevision& revision) {
  const std::string key = id.dump();
  auto cancel = track(key);
  // The provider may read the disk: keep the reader free for ping and cancellations.
  run_on_pool(key, [this, id, method, params, cancel, revision = &revision] {
    json response;
    try {
      response = make_result(
          id, finish_result(*revision, method, answer_resource_request(*resources_, method, params, *revision)));
    } catch (const RpcError& e) {
      response = make_error(id, finish_error(*revision, e));
    } catch (const std::exception& e) {
      spdlog::error("{} failed: {}", method, e.what());
      response = make_error(id, kInternalError, "internal error");
    }
    respond_unless_cancelled(*cancel, response);
  });
}

}  // namespace mcp
