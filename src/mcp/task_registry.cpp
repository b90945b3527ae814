#include "mcp/task_registry.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <ctime>

#include "common/shortened.h"

namespace mcp {

namespace {

const std::string kCursorPrefix = "tasks-after:";

RpcError unknown_task(const std::string& task_id) {
  // Ours are 32 characters: a longer id is echoed cut, never whole (it could be megabytes).
  return RpcError{kInvalidParams,
                  "Failed to retrieve task: no task " + common::shortened(task_id, 64) + " (unknown or expired)"};
}

}  // namespace

std::string_view to_string(TaskStatus status) {
  switch (status) {
    case TaskStatus::working:
      return "working";
    case TaskStatus::completed:
      return "completed";
    case TaskStatus::failed:
      return "failed";
    case TaskStatus::cancelled:
      return "cancelled";
  }
  return "failed";
}

std::string iso8601_utc(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[96];  // room for any int the compiler imagines in each field
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

TaskRegistry::TaskRegistry(TaskOptions options, StatusListener on_status, Now now)
    : options_(options), on_status_(std::move(on_status)), now_(std::move(now)) {}

// Runs `body(after)` under the lock after purging expired tasks, then — lock released, even
// when `body` throws — the deferred calls it queued.
template <typename F>
auto TaskRegistry::locked(F&& body) {
  Deferred after;
  struct RunAfter {
    Deferred& calls;
    ~RunAfter() {
      for (auto& call : calls) try {
          call();
        } catch (const std::exception& e) {
          spdlog::error("task listener failed: {}", e.what());
        }
    }
  } run_after{after};
  std::unique_lock lock(mutex_);  // destroyed before run_after: released first
  purge_expired(after);
  return body(after);
}

void TaskRegistry::purge_expired(Deferred& after) {
  const auto now = now_();
  for (auto it = tasks_.begin(); it != tasks_.end();) {
    Entry& e = it->second;
    if (e.expires_at > now) {
      ++it;
      continue;
    }
    // Its lifetime is over whatever its state: stop the work, and tell anyone still waiting.
    spdlog::debug("task {} expired ({})", e.id, to_string(e.status));
    e.cancel->cancel();
    json expired =
        json{{"error", {{"code", kInvalidParams}, {"message", "Failed to retrieve task: Task has expired"}}}};
    for (auto& waiter : e.waiters) after.push_back([waiter = std::move(waiter), expired] { waiter(expired); });
    seq_of_.erase(e.id);
    it = tasks_.erase(it);
  }
}

std::string TaskRegistry::new_id() {
  // 128 bits from the OS entropy source: the id is the only key to the task's result.
  char buf[33];
  for (int i = 0; i < 4; ++i) std::snprintf(buf + std::ptrdiff_t{8} * i, 9, "%08x", static_cast<unsigned>(random_()));
  return std::string(buf, 32);
}

json TaskRegistry::create(std::optional<std::chrono::milliseconds> requested_ttl,
                          std::shared_ptr<CancellationFlag> cancel) {
  return locked([&](Deferred&) {
    if (tasks_.size() >= options_.max_tasks)
      throw RpcError{kInternalError, "too many tasks: wait for some to expire, or call without a task"};
    Entry e;
    do e.id = new_id();
    while (seq_of_.count(e.id));
    e.ttl = std::clamp(requested_ttl.value_or(options_.default_ttl), options_.min_ttl, options_.max_ttl);
    e.created_at = e.updated_at = std::chrono::system_clock::now();
    e.expires_at = now_() + e.ttl;
    e.cancel = std::move(cancel);
    std::uint64_t seq = next_seq_++;
    seq_of_[e.id] = seq;
    return to_json(tasks_.emplace(seq, std::move(e)).first->second);
  });
}

TaskRegistry::Entry& TaskRegistry::find(const std::string& task_id) {
  auto seq = seq_of_.find(task_id);
  if (seq == seq_of_.end()) throw unknown_task(task_id);
  return tasks_.at(seq->second);
}

void TaskRegistry::settle(Entry& e, TaskStatus status, const std::string& status_message, json outcome,
                          Deferred& after) {
  e.status = status;
  e.status_message = status_message;
  e.updated_at = std::chrono::system_clock::now();
  e.outcome = std::move(outcome);
  for (auto& waiter : e.waiters)
    after.push_back([waiter = std::move(waiter), outcome = *e.outcome] { waiter(outcome); });
  e.waiters.clear();
  if (on_status_) after.push_back([this, task = to_json(e)] { on_status_(task); });
}

void TaskRegistry::finish(const std::string& task_id, TaskStatus status, const std::string& status_message,
                          json outcome) {
  locked([&](Deferred& after) {
    auto seq = seq_of_.find(task_id);
    if (seq == seq_of_.end()) return;  // expired while running: nobody can ask for it any more
    Entry& e = tasks_.at(seq->second);
    if (e.status == TaskStatus::cancelled && outcome.contains("result") && outcome["result"].is_object()) {
      // It stays cancelled, and an error; tasks/result now shows what the work left.
      outcome["result"]["isError"] = true;
      e.outcome = std::move(outcome);
      e.updated_at = std::chrono::system_clock::now();  // what tasks/get shows of it changed
      return;
    }
    if (e.status != TaskStatus::working) return;
    settle(e, status, status_message, std::move(outcome), after);
  });
}

void TaskRegistry::note(const std::string& task_id, const std::string& text) {
  locked([&](Deferred&) {
    auto seq = seq_of_.find(task_id);
    if (seq == seq_of_.end()) return;
    Entry& e = tasks_.at(seq->second);
    if (e.status != TaskStatus::working || e.note == text) return;
    e.note = text;
    e.updated_at = std::chrono::system_clock::now();
  });
}

void TaskRegistry::forget(const std::string& task_id) {
  locked([&](Deferred&) {
    auto seq = seq_of_.find(task_id);
    if (seq == seq_of_.end()) return;
    tasks_.erase(seq->second);
    seq_of_.erase(seq);
  });
}

json TaskRegistry::get(const std::string& task_id) {
  return locked([&](Deferred&) { return to_json(find(task_id)); });
}

json TaskRegistry::get_with_outcome(const std::string& task_id) {
  return locked([&](Deferred&) {
    const Entry& e = find(task_id);
    return json{{"task", to_json(e)}, {"outcome", e.outcome.value_or(json())}, {"note", e.note}};
  });
}

json TaskRegistry::cancel(const std::string& task_id, const std::string& status_message, json outcome) {
  return locked([&](Deferred& after) {
    Entry& e = find(task_id);
    if (e.status != TaskStatus::working)
      throw RpcError{kInvalidParams,
                     "Cannot cancel task: already in terminal status '" + std::string(to_string(e.status)) + "'"};
    e.cancel->cancel();  // the handler's waits return at once
    settle(e, TaskStatus::cancelled, status_message, std::move(outcome), after);
    return to_json(e);
  });
}

json TaskRegistry::list(const json& cursor) {
  return locked([&](Deferred&) {
    std::uint64_t after_seq = 0;
    if (!cursor.is_null()) {
      // Ours is "tasks-after:<creation number>": stable when tasks expire between pages.
      std::string text = cursor.is_string() ? cursor.get<std::string>() : "";
      bool ok = text.rfind(kCursorPrefix, 0) == 0 && text.size() > kCursorPrefix.size() &&
                text.size() < kCursorPrefix.size() + 20 &&
                text.find_first_not_of("0123456789", kCursorPrefix.size()) == std::string::npos;
      if (ok) after_seq = std::stoull(text.substr(kCursorPrefix.size()));
      if (!ok || after_seq == 0 || after_seq >= next_seq_)
        throw RpcError{kInvalidParams, "invalid params: unknown cursor"};
    }
    json page = json::array();
    auto it = tasks_.upper_bound(after_seq);
    std::uint64_t last = 0;
    for (; it != tasks_.end() && page.size() < options_.page_size; ++it) {
      page.push_back(to_json(it->second));
      last = it->first;
    }
    json result{{"tasks", std::move(page)}};
    if (it != tasks_.end()) result["nextCursor"] = kCursorPrefix + std::to_string(last);
    return result;
  });
}

void TaskRegistry::when_terminal(const std::string& task_id, ResultWaiter waiter) {
  locked([&](Deferred& after) {
    Entry& e = find(task_id);
    if (e.outcome)
      after.push_back([waiter = std::move(waiter), outcome = *e.outcome] { waiter(outcome); });
    else
      e.waiters.push_back(std::move(waiter));
  });
}

std::size_t TaskRegistry::size() {
  return locked([&](Deferred&) { return tasks_.size(); });
}

json TaskRegistry::to_json(const Entry& e) const {
  json task{{"taskId", e.id},
            {"status", std::string(to_string(e.status))},
            {"createdAt", iso8601_utc(e.created_at)},
            {"lastUpdatedAt", iso8601_utc(e.updated_at)},
            {"ttl", e.ttl.count()},
            {"pollInterval", options_.poll_interval.count()}};
  if (!e.status_message.empty()) task["statusMessage"] = e.status_message;
  return task;
}

}  // namespace mcp
