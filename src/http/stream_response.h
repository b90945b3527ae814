#pragma once
// Writes an EventStream as the body of an HTTP response, from the thread that serves the
// connection: as Server-Sent Events ("event: message", "data: <JSON>", and "id: <stream>-<seq>"
// where the stream can be resumed), or — for a client that takes only JSON — as the one JSON
// answer once it is in, sent chunked so that the wait can be kept alive and a hang-up noticed.
// An idle stream gets a keep-alive every `keep_alive` (an SSE comment line; for JSON a space,
// which JSON allows before a value), so proxies don't close a long wait.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "http/endpoint.h"
#include "http/event_stream.h"

namespace httplib {
struct Response;
}

namespace http {

// How many responses are streaming now; stop() waits for them to end.
class StreamCounter {
 public:
  void add();
  void remove();
  // Waits up to `limit` for no stream to be open.
  void wait_until_none(std::chrono::milliseconds limit);

 private:
  std::mutex mutex_;
  std::condition_variable none_;
  std::size_t open_ = 0;
};

struct StreamPlan {
  std::shared_ptr<EventStream> stream;
  std::shared_ptr<Endpoint> endpoint;  // kept alive while the response streams
  std::uint64_t after = 0;             // the first message written is the one after this
  bool sse = true;                     // false: the JSON answer alone
  bool batch = false;                  // a JSON-RPC batch: the JSON answer is an array of them all
  bool event_ids = true;               // SSE ids (a legacy session's streams can be resumed)
  std::chrono::seconds keep_alive{15};
  // Called when the client went away before the stream finished (2026-07-28: a cancellation).
  std::function<void()> on_hang_up;
};

// A POST's answer as one JSON text, from its stream's messages: the response (the last message),
// or for a batch every response in one array (notifications, which JSON has no place for, left out).
std::string json_answer(const std::vector<std::pair<std::uint64_t, std::string>>& messages, bool batch);

// Makes `res` stream `plan` (status 200).
void start_stream(httplib::Response& res, StreamPlan plan, StreamCounter& counter);

}  // namespace http
