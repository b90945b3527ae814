#pragma once
// A bounded pool of worker threads with a timer queue: the one place where the server's work
// runs. Work that is waiting (a job being followed between two status polls) is a timer, not a
// sleeping thread, so thousands of waiting calls cost memory, not threads.
//
// Threads are started on demand, one whenever work is queued and no worker is idle, up to
// `max_threads`; past that, work waits in the queue (FIFO) for a worker. Timers fire in order of
// their due time; `expedite` makes one due at once and first in the queue (a cancellation
// must not wait for its timer, nor behind HTTP work).
// All methods are thread-safe. The pool itself never blocks the caller.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace mcp {

class WorkPool {
 public:
  using Clock = std::chrono::steady_clock;
  using Work = std::function<void()>;
  using TimerId = std::uint64_t;

  // `max_threads` ≥ 1.
  explicit WorkPool(std::size_t max_threads);
  // Stops taking work and joins the workers once they are idle. A worker still running work
  // (an HTTP request that outlived the server's shutdown bound) is detached instead; it keeps the
  // pool's shared state alive and exits when its work returns.
  ~WorkPool();
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  // Runs `work` on a worker as soon as one is free. Throws std::system_error only when no
  // worker exists and none can be started (the caller refuses the request).
  void post(Work work);
  // Runs `work` on a worker at `when` (or when expedited). Returns the timer's id.
  TimerId post_at(Clock::time_point when, Work work);
  // Makes timer `id` due now, ahead of queued work; a no-op if it has fired already.
  void expedite(TimerId id);

  // Figures for tests and benchmarks.
  std::size_t threads() const;
  std::size_t timers() const;

 private:
  struct State;
  static void worker_loop(const std::shared_ptr<State>& state);
  std::shared_ptr<State> state_;
};

}  // namespace mcp
