#include "jobs/recent_polls.h"

namespace app {

pixverse::Outcome RecentPolls::get(const std::string& path, Clock::time_point* seen,
                                   const std::function<pixverse::Outcome()>& poll) {
  {
    std::lock_guard lock(mutex_);
    auto it = answers_.find(path);
    if (it != answers_.end() && Clock::now() - it->second.first < fresh_ && it->second.first > *seen) {
      *seen = it->second.first;
      return it->second.second;
    }
  }
  pixverse::Outcome out = poll();  // without the lock: other jobs' polls go on meanwhile
  if (!out.ok()) return out;
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  if (answers_.size() > 4096)  // forget what is stale; what is fresh is at most one per followed job
    for (auto it = answers_.begin(); it != answers_.end();)
      it = now - it->second.first >= fresh_ ? answers_.erase(it) : std::next(it);
  answers_[path] = {now, out};
  *seen = now;
  return out;
}

}  // namespace app
