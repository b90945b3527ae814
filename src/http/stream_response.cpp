#include "http/stream_response.h"

#include <httplib.h>

namespace http {
namespace {

// How often a stream with nothing new checks that its client is still there.
constexpr std::chrono::milliseconds kHangUpCheck{250};

struct Reader {
  StreamPlan plan;
  std::uint64_t cursor = 0;
  bool complete = false;  // everything was written, the body ended
  bool opened = false;    // the SSE comment that opens the stream was written
  std::chrono::steady_clock::time_point last_write = std::chrono::steady_clock::now();
  StreamCounter* counter = nullptr;
};

bool write(httplib::DataSink& sink, const std::string& text) { return sink.write(text.data(), text.size()); }

// One call of the content provider: writes what is new, or waits a little for it.
bool pump(Reader& r, httplib::DataSink& sink) {
  // An SSE stream starts with a comment at once, so a client knows it is open before the first
  // event (a GET stream may have nothing to say for a long time); parsers skip comments.
  if (r.plan.sse && !r.opened) {
    r.opened = true;
    if (!write(sink, ": stream open\n\n")) return false;
  }
  EventStream::Slice slice = r.plan.stream->wait_after(r.cursor, kHangUpCheck);
  const auto now = std::chrono::steady_clock::now();
  if (r.plan.sse) {
    for (const auto& [seq, message] : slice.messages) {
      std::string event;
      if (r.plan.event_ids) event = "id: " + r.plan.stream->id() + "-" + std::to_string(seq) + "\n";
      event += "event: message\ndata: " + message + "\n\n";
      if (!write(sink, event)) return false;
      r.cursor = seq;
      r.plan.stream->mark_delivered(seq);
      r.last_write = now;
    }
  } else if (slice.finished && !slice.messages.empty()) {
    if (!write(sink, json_answer(slice.messages, r.plan.batch))) return false;
    r.cursor = slice.messages.back().first;
    r.last_write = now;
  }
  if (slice.finished && (slice.messages.empty() || r.cursor == slice.messages.back().first)) {
    r.complete = true;
    sink.done();
    return true;
  }
  if (slice.messages.empty()) {
    if (!sink.is_writable()) return false;  // the client hung up
    if (now - r.last_write >= r.plan.keep_alive) {
      if (!write(sink, r.plan.sse ? ": keep-alive\n\n" : " ")) return false;
      r.last_write = now;
    }
  }
  return true;
}

}  // namespace

std::string json_answer(const std::vector<std::pair<std::uint64_t, std::string>>& messages, bool batch) {
  if (messages.empty()) return "";
  if (!batch) return messages.back().second;
  std::vector<const std::string*> responses;
  for (const auto& [seq, m] : messages) {
    if (m.rfind('[', 0) == 0) return m;  // the server answered the batch as one array itself
    // The server writes compact JSON with sorted keys: a response starts with "error" or "id", a
    // notification with "jsonrpc" (server-to-client requests never travel on a POST's stream).
    if (m.rfind("{\"error\"", 0) == 0 || m.rfind("{\"id\"", 0) == 0) responses.push_back(&m);
  }
  std::string out = "[";
  for (const auto* r : responses) {
    if (out.size() > 1) out += ",";
    out += *r;
  }
  return out + "]";
}

void StreamCounter::add() {
  std::lock_guard lock(mutex_);
  ++open_;
}

void StreamCounter::remove() {
  {
    std::lock_guard lock(mutex_);
    --open_;
  }
  none_.notify_all();
}

void StreamCounter::wait_until_none(std::chrono::milliseconds limit) {
  std::unique_lock lock(mutex_);
  none_.wait_for(lock, limit, [this] { return open_ == 0; });
}

void start_stream(httplib::Response& res, StreamPlan plan, StreamCounter& counter) {
  auto reader = std::make_shared<Reader>();
  reader->cursor = plan.after;
  reader->plan = std::move(plan);
  reader->counter = &counter;
  reader->plan.stream->set_reader_attached(true);
  counter.add();
  res.status = 200;
  if (reader->plan.sse) {
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Accel-Buffering", "no");  // nginx: pass events on as they come
  }
  res.set_chunked_content_provider(
      reader->plan.sse ? "text/event-stream" : "application/json",
      [reader](std::size_t, httplib::DataSink& sink) { return pump(*reader, sink); },
      [reader](bool) {
        reader->plan.stream->set_reader_attached(false);
        if (!reader->complete && reader->plan.on_hang_up) reader->plan.on_hang_up();
        reader->counter->remove();
      });
}

}  // namespace http
