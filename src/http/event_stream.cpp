#include "http/event_stream.h"

#include <charconv>

namespace http {

EventStream::EventStream(std::string id, std::size_t capacity) : id_(std::move(id)), capacity_(capacity) {}

void EventStream::push(std::string message) {
  {
    std::lock_guard lock(mutex_);
    if (finished_) return;
    kept_.emplace_back(next_seq_++, std::move(message));
    while (kept_.size() > capacity_) kept_.pop_front();
    last_activity_ = std::chrono::steady_clock::now();
  }
  changed_.notify_all();
}

void EventStream::finish() {
  {
    std::lock_guard lock(mutex_);
    finished_ = true;
    last_activity_ = std::chrono::steady_clock::now();
  }
  changed_.notify_all();
}

void EventStream::set_reader_attached(bool attached) {
  std::lock_guard lock(mutex_);
  reader_attached_ = attached;
  last_activity_ = std::chrono::steady_clock::now();
}

EventStream::Slice EventStream::wait_after(std::uint64_t after, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return finished_ || next_seq_ - 1 > after; });
  Slice slice;
  slice.finished = finished_;
  if (!kept_.empty() && kept_.front().first > after + 1) slice.lost = true;
  for (const auto& [seq, message] : kept_)
    if (seq > after) slice.messages.emplace_back(seq, message);
  return slice;
}

bool EventStream::reader_attached() const {
  std::lock_guard lock(mutex_);
  return reader_attached_;
}

std::uint64_t EventStream::delivered() const {
  std::lock_guard lock(mutex_);
  return delivered_;
}

void EventStream::mark_delivered(std::uint64_t seq) {
  std::lock_guard lock(mutex_);
  if (seq > delivered_) delivered_ = seq;
}

bool EventStream::empty() const {
  std::lock_guard lock(mutex_);
  return next_seq_ == 1;
}

bool EventStream::finished() const {
  std::lock_guard lock(mutex_);
  return finished_;
}

std::chrono::steady_clock::time_point EventStream::last_activity() const {
  std::lock_guard lock(mutex_);
  return last_activity_;
}

std::pair<std::string, std::uint64_t> parse_event_id(const std::string& event_id) {
  const std::size_t dash = event_id.rfind('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 == event_id.size()) return {"", 0};
  std::uint64_t seq = 0;
  const char* begin = event_id.data() + dash + 1;
  const char* end = event_id.data() + event_id.size();
  auto [ptr, ec] = std::from_chars(begin, end, seq);
  if (ec != std::errc() || ptr != end) return {"", 0};
  return {event_id.substr(0, dash), seq};
}

}  // namespace http
