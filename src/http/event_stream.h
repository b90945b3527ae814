#pragma once
// The messages one HTTP response carries, in order, as its reader and a later resume see them:
// a POST's answers (the notifications of its work, then its response) or a session's GET stream.
// Writers push from any thread; the HTTP thread serving the stream waits for what is new. Every
// message gets a sequence number, which becomes its SSE event id, so a client that lost the
// connection can ask for what followed (Last-Event-ID, MCP 2025-11-25 basic/transports
// "Resumability and Redelivery"). Only the newest `capacity` messages are kept for that.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace http {

class EventStream {
 public:
  // `id`: the stream's name in its event ids ("<id>-<seq>"). `capacity` ≥ 1: messages kept.
  EventStream(std::string id, std::size_t capacity);

  const std::string& id() const { return id_; }
  // Appends one JSON-RPC message (no newline). Ignored once finished.
  void push(std::string message);
  // Nothing more will come: a reader that has everything ends the response.
  void finish();
  // A reader is attached (an open HTTP response), so the stream is in use.
  void set_reader_attached(bool attached);

  struct Slice {
    std::vector<std::pair<std::uint64_t, std::string>> messages;  // (seq, message), seq ascending
    bool finished = false;                                        // no message after these will ever come
    bool lost = false;  // messages after `after` were dropped (the capacity): a gap
  };
  // The messages after sequence number `after` (0: from the first), waiting up to `timeout` for
  // one when none is there yet. Returns at once when finished.
  Slice wait_after(std::uint64_t after, std::chrono::milliseconds timeout) const;
  // Whether a reader is attached; whether finish() was called; the time of the last push.
  bool reader_attached() const;
  // The last sequence number a reader wrote out: a new reader without Last-Event-ID starts
  // after it, so nothing is sent twice.
  std::uint64_t delivered() const;
  void mark_delivered(std::uint64_t seq);
  bool finished() const;
  // Whether no message was ever pushed (none kept, none dropped).
  bool empty() const;
  std::chrono::steady_clock::time_point last_activity() const;

 private:
  const std::string id_;
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::deque<std::pair<std::uint64_t, std::string>> kept_;
  std::uint64_t next_seq_ = 1;
  bool finished_ = false;
  bool reader_attached_ = false;
  std::uint64_t delivered_ = 0;
  std::chrono::steady_clock::time_point last_activity_ = std::chrono::steady_clock::now();
};

// "<stream id>-<seq>" → (stream id, seq); nullopt-like {"" , 0} for a malformed id.
std::pair<std::string, std::uint64_t> parse_event_id(const std::string& event_id);

}  // namespace http
