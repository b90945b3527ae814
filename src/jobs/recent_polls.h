#pragma once
// Status answers shared by the calls that follow the same job: thousands of calls waiting for
// one job send about one status request per second between them, not one each (PixVerse
// counts requests, and each costs a worker thread while it runs). Thread-safe.
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "pixverse/client.h"

namespace app {

class RecentPolls {
 public:
  explicit RecentPolls(std::chrono::milliseconds fresh = std::chrono::milliseconds(1000)) : fresh_(fresh) {}
  using Clock = std::chrono::steady_clock;
  // The answer to GET `path` if a successful one is younger than `fresh` and newer than
  // `*seen` (the answer this caller had last, so a caller never gets its own answer again);
  // else runs `poll` and, when it succeeds, keeps its answer for the others. Failures are never
  // shared. `*seen` becomes the time of the answer returned.
  pixverse::Outcome get(const std::string& path, Clock::time_point* seen,
                        const std::function<pixverse::Outcome()>& poll);

 private:
  std::chrono::milliseconds fresh_;
  std::mutex mutex_;
  std::map<std::string, std::pair<Clock::time_point, pixverse::Outcome>> answers_;
};

}  // namespace app
