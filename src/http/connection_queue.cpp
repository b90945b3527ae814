#include "http/connection_queue.h"

namespace http {
namespace {

thread_local bool t_refusing = false;
// Past this many connections being refused at once, the next one is refused on the accepting
// thread itself: accepting slows down instead of threads piling up.
constexpr std::size_t kMaxRefusalThreads = 64;

}  // namespace

ConnectionQueue::ConnectionQueue(std::size_t max_connections) : max_(max_connections == 0 ? 1 : max_connections) {}

ConnectionQueue::~ConnectionQueue() { shutdown(); }

bool ConnectionQueue::refusing_on_this_thread() { return t_refusing; }

std::size_t ConnectionQueue::busy() const {
  std::lock_guard lock(mutex_);
  return threads_.size() - idle_;
}

void ConnectionQueue::enqueue(std::function<void()> fn) {
  std::unique_lock lock(mutex_);
  if (idle_ > jobs_.size() || threads_.size() < max_) {
    jobs_.push_back(std::move(fn));
    if (idle_ >= jobs_.size()) {
      wake_.notify_one();
    } else {
      threads_.emplace_back([this] { work(); });
    }
    return;
  }
  // Full: the connection is answered 503 on a thread of its own, or here when many already are.
  auto refuse = [fn = std::move(fn)] {
    t_refusing = true;
    fn();
    t_refusing = false;
  };
  if (refusing_ >= kMaxRefusalThreads) {
    lock.unlock();
    refuse();
    return;
  }
  ++refusing_;
  std::thread([this, refuse = std::move(refuse)] {
    refuse();
    std::lock_guard done(mutex_);
    --refusing_;
    refusals_done_.notify_all();
  }).detach();
}

void ConnectionQueue::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    ++idle_;
    wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    --idle_;
    if (jobs_.empty()) return;  // stopping, nothing left
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    job();
    lock.lock();
  }
}

void ConnectionQueue::shutdown() {
  std::vector<std::thread> threads;
  {
    std::unique_lock lock(mutex_);
    stopping_ = true;
    wake_.notify_all();
    threads.swap(threads_);
  }
  for (auto& t : threads)
    if (t.joinable()) t.join();
  std::unique_lock lock(mutex_);
  refusals_done_.wait(lock, [this] { return refusing_ == 0; });
}

}  // namespace http
