#include "mcp/work_pool.h"

#include <spdlog/spdlog.h>

#include <exception>
#include <optional>
#include <system_error>

namespace mcp {

// Shared with the workers, so a worker detached at destruction never touches a freed pool.
struct WorkPool::State {
  std::size_t max_threads;
  mutable std::mutex mutex;
  std::condition_variable wake;
  std::deque<Work> ready;
  // Timers by (due time, id); `due` finds a timer's key for expedite().
  std::map<std::pair<Clock::time_point, TimerId>, Work> timers;
  std::unordered_map<TimerId, Clock::time_point> due;
  TimerId next_timer = 1;
  std::vector<std::thread> workers;
  std::size_t idle = 0;  // workers waiting for work
  bool stopping = false;

  // With `mutex` held: moves every due timer to the ready queue; returns the next due time.
  std::optional<Clock::time_point> release_due_timers(Clock::time_point now) {
    while (!timers.empty() && timers.begin()->first.first <= now) {
      auto node = timers.extract(timers.begin());
      due.erase(node.key().second);
      ready.push_back(std::move(node.mapped()));
    }
    if (timers.empty()) return std::nullopt;
    return timers.begin()->first.first;
  }

  // With `mutex` held: starts a worker if work is waiting, none is idle and the bound allows.
  void grow(const std::shared_ptr<State>& self) {
    if (idle > 0 || workers.size() >= max_threads || stopping) return;
    workers.emplace_back([self] { WorkPool::worker_loop(self); });
  }
};

WorkPool::WorkPool(std::size_t max_threads) : state_(std::make_shared<State>()) {
  state_->max_threads = max_threads == 0 ? 1 : max_threads;
}

WorkPool::~WorkPool() {
  std::vector<std::thread> workers;
  std::deque<Work> dropped;  // destroyed below, without the lock held
  std::map<std::pair<Clock::time_point, TimerId>, Work> dropped_timers;
  bool all_idle;
  {
    std::lock_guard lock(state_->mutex);
    state_->stopping = true;
    all_idle = state_->idle == state_->workers.size();
    workers.swap(state_->workers);
    dropped.swap(state_->ready);
    dropped_timers.swap(state_->timers);
    state_->due.clear();
  }
  state_->wake.notify_all();
  for (auto& t : workers) {
    if (all_idle) t.join();
    else t.detach();
  }
}

void WorkPool::worker_loop(const std::shared_ptr<State>& state) {
  std::unique_lock lock(state->mutex);
  while (!state->stopping) {
    auto next_due = state->release_due_timers(Clock::now());
    if (!state->ready.empty()) {
      Work work = std::move(state->ready.front());
      state->ready.pop_front();
      // More work than this worker: let an idle one take it (or start one).
      if (!state->ready.empty()) {
        if (state->idle > 0) state->wake.notify_one();
        else {
          try {
            state->grow(state);
          } catch (const std::system_error&) {  // the workers there are will get to it
          }
        }
      }
      lock.unlock();
      try {
        work();
      } catch (const std::exception& e) {  // work is expected to catch its own; never lose the worker
        spdlog::error("unexpected exception on a worker thread: {}", e.what());
      }
      work = nullptr;  // its captures are released without the lock held
      lock.lock();
      continue;
    }
    ++state->idle;
    if (next_due) state->wake.wait_until(lock, *next_due);
    else state->wake.wait(lock);
    --state->idle;
  }
}

void WorkPool::post(Work work) {
  std::lock_guard lock(state_->mutex);
  if (state_->stopping) throw std::system_error(std::make_error_code(std::errc::operation_canceled), "pool stopped");
  state_->ready.push_back(std::move(work));
  if (state_->idle > 0) {
    state_->wake.notify_one();
    return;
  }
  try {
    state_->grow(state_);
  } catch (const std::system_error&) {
    if (state_->workers.empty()) {  // nobody would ever run it
      state_->ready.pop_back();
      throw;
    }
  }
}

WorkPool::TimerId WorkPool::post_at(Clock::time_point when, Work work) {
  std::lock_guard lock(state_->mutex);
  const TimerId id = state_->next_timer++;
  if (state_->stopping) return id;  // dropped, as queued work is at destruction
  const bool earliest = state_->timers.empty() || when < state_->timers.begin()->first.first;
  state_->timers.emplace(std::make_pair(when, id), std::move(work));
  state_->due.emplace(id, when);
  if (state_->workers.empty()) {
    try {
      state_->grow(state_);
    } catch (const std::system_error& e) {
      spdlog::error("cannot start a worker thread: {}", e.what());
    }
  } else if (earliest) {
    state_->wake.notify_one();  // a sleeping worker must wake earlier than it planned
  }
  return id;
}

void WorkPool::expedite(TimerId id) {
  std::lock_guard lock(state_->mutex);
  auto it = state_->due.find(id);
  if (it == state_->due.end()) return;
  auto node = state_->timers.extract(std::make_pair(it->second, id));
  state_->due.erase(it);
  // First in line: an expedited step is a cancellation or a shutdown, which must not wait
  // behind HTTP work (and does none itself).
  state_->ready.push_front(std::move(node.mapped()));
  if (state_->idle > 0) state_->wake.notify_one();
  else {
    try {
      state_->grow(state_);
    } catch (const std::system_error&) {
    }
  }
}

std::size_t WorkPool::threads() const {
  std::lock_guard lock(state_->mutex);
  return state_->workers.size();
}

std::size_t WorkPool::timers() const {
  std::lock_guard lock(state_->mutex);
  return state_->timers.size();
}

}  // namespace mcp
