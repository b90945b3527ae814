#pragma once
// cpp-httplib's task queue, bounded: each accepted connection is served by one thread for as
// long as it stays open (an SSE stream stays open for the length of a call), so the number of
// connections served at once is the number of threads. httplib's own ThreadPool starts a fixed
// number of threads (8 here) and queues every other connection without bound, unserved. This one
// starts threads as connections come, up to `max_connections`, and keeps them for the next; a
// connection past the bound is still read (the queue is the only owner of its socket) but on a
// short-lived thread where refusing_on_this_thread() is true, so the transport answers it 503.
#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace http {

class ConnectionQueue : public httplib::TaskQueue {
 public:
  explicit ConnectionQueue(std::size_t max_connections);
  ~ConnectionQueue() override;

  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

  // True on a thread serving a connection past the bound: answer 503 and nothing else.
  static bool refusing_on_this_thread();
  // Connections being served now, and threads started (for tests and benchmarks).
  std::size_t busy() const;

 private:
  void work();

  const std::size_t max_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  std::size_t idle_ = 0;
  std::size_t refusing_ = 0;  // short-lived threads answering 503
  bool stopping_ = false;
  std::condition_variable refusals_done_;
};

}  // namespace http
