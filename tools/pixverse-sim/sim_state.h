#pragma once
// All mutable state of one simulator instance, shared by the route handlers.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>

#include "faults.h"
#include "job_store.h"
#include "request_log.h"
#include "sim_config.h"

namespace sim {

class SimState {
 public:
  explicit SimState(const SimConfig& config) : cfg(config), jobs(config) {}

  const SimConfig cfg;
  std::string base_url;  // "http://127.0.0.1:PORT", set once bound
  int port = 0;
  JobStore jobs;
  FaultSet faults;
  RequestLog requests;
  TraceMemory traces;

  // Sleeps unless the server is stopping; false if interrupted.
  bool sleep_for(std::chrono::milliseconds d) {
    std::unique_lock lock(mu_);
    return !cv_.wait_for(lock, d, [&] { return stopping_; });
  }
  void stop() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
  }
  // POST /_sim/reset: requests, jobs, images, credits, trace ids and faults back to empty.
  void reset() {
    requests.clear();
    traces.clear();
    faults.clear();
    jobs.reset();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
};

}  // namespace sim
