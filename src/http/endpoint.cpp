#include "http/endpoint.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <thread>

namespace http {
namespace {

// Streams of a session kept for resumes beyond the open ones: the newest are kept.
constexpr std::size_t kKeptStreams = 16;

bool is_request(const json& m) {
  return m.is_object() && m.contains("method") && m["method"].is_string() && m.contains("id") &&
         mcp::is_valid_request_id(m["id"]);
}

std::atomic<std::size_t> g_retired{0};

// Destroys `server` once its stuck calls return (they hold its members), on a thread of its own.
void retire(std::unique_ptr<mcp::Server> server) {
  ++g_retired;
  std::thread([server = std::move(server)]() mutable {
    // Waits for the calls' threads; past an hour a call will never return: left as it is.
    if (server->shutdown(std::chrono::milliseconds(0), std::chrono::hours(1))) server.reset();
    else (void)server.release();
    --g_retired;
  }).detach();
}

}  // namespace

std::size_t retired_servers() { return g_retired.load(); }

Endpoint::Endpoint(Ids ids, const ServerFactory& make_server, std::string name, std::size_t replay_capacity)
    : ids_(ids), name_(std::move(name)), replay_capacity_(replay_capacity) {
  route_->endpoint = this;
  server_ = make_server([route = route_](const std::string& line, const json* related) {
    std::lock_guard lock(route->mutex);
    if (route->endpoint != nullptr) route->endpoint->deliver(line, related);
  });
  server_->on_cancelled_by_client([route = route_](const json& request_id) {
    std::lock_guard lock(route->mutex);
    if (route->endpoint != nullptr) route->endpoint->drop_response(request_id);
  });
}

Endpoint::~Endpoint() {
  shutdown(std::chrono::milliseconds(0), std::chrono::milliseconds(3000));
  {
    std::lock_guard lock(route_->mutex);
    route_->endpoint = nullptr;
  }
  if (server_->calls_in_flight() > 0) retire(std::move(server_));
  server_.reset();
}

void Endpoint::shutdown(std::chrono::milliseconds grace, std::chrono::milliseconds hard) {
  server_->shutdown(grace, hard);
  std::lock_guard lock(mutex_);
  for (auto& [id, stream] : streams_) stream->finish();
  if (standalone_) standalone_->finish();
  for (auto& [id, waiting] : waiting_)
    if (waiting.stream) waiting.stream->finish();
}

std::chrono::steady_clock::time_point Endpoint::last_used() const {
  std::lock_guard lock(mutex_);
  return last_used_;
}

void Endpoint::touch() {
  std::lock_guard lock(mutex_);
  last_used_ = std::chrono::steady_clock::now();
}

std::shared_ptr<EventStream> Endpoint::new_stream() {
  auto stream = std::make_shared<EventStream>(name_ + "." + std::to_string(next_stream_++), replay_capacity_);
  if (ids_ == Ids::client) {  // only a session's streams can be resumed
    streams_[stream->id()] = stream;
    forget_old_streams();
  }
  return stream;
}

void Endpoint::forget_old_streams() {
  // Finished streams nobody reads are kept for a resume until there are too many (oldest first:
  // std::map orders "<name>.<n>" by text, so compare by activity instead).
  while (streams_.size() > kKeptStreams) {
    auto oldest = streams_.end();
    for (auto it = streams_.begin(); it != streams_.end(); ++it)
      if (it->second->finished() && !it->second->reader_attached() &&
          (oldest == streams_.end() || it->second->last_activity() < oldest->second->last_activity()))
        oldest = it;
    if (oldest == streams_.end()) return;  // all in use
    streams_.erase(oldest);
  }
}

Endpoint::Posted Endpoint::post(const std::string& body, const json& message) {
  Posted posted;
  // Held throughout: feeding_ names this body's stream for as long as the server reads it.
  std::lock_guard feed(feed_mutex_);
  std::string line;
  {
    std::lock_guard lock(mutex_);
    last_used_ = std::chrono::steady_clock::now();
    std::size_t requests = 0;
    posted.stream = new_stream();
    auto take = [&](json& m) {
      if (!is_request(m)) return;
      ++requests;
      json server_id = m["id"];
      if (ids_ == Ids::own) server_id = "h" + std::to_string(next_id_++);
      posted.ids.push_back(server_id);
      waiting_[server_id.dump()] = Waiting{posted.stream, m["id"]};
      m["id"] = server_id;
    };
    json rewritten = message;
    if (rewritten.is_array())
      for (auto& m : rewritten) take(m);
    else take(rewritten);
    unanswered_[posted.stream.get()] = requests;
    // A request the server refuses as malformed (an invalid id) is answered with an id-less
    // error: that goes to this POST too.
    feeding_ = posted.stream;
    line = ids_ == Ids::own && requests > 0 ? mcp::to_wire(rewritten) : body;
  }
  server_->handle_line(line);
  std::lock_guard lock(mutex_);
  feeding_.reset();
  auto due = unanswered_.find(posted.stream.get());
  if (due == unanswered_.end() || due->second == 0) {
    if (due != unanswered_.end()) unanswered_.erase(due);
    posted.answered = true;
    posted.stream->finish();
    if (posted.stream->empty()) {
      // Only notifications or responses: nothing to answer.
      streams_.erase(posted.stream->id());
      posted.stream.reset();
    }
  }
  return posted;
}

void Endpoint::cancel(const Posted& posted, const std::string& reason) {
  std::vector<json> running;
  {
    std::lock_guard lock(mutex_);
    for (const json& id : posted.ids)
      if (waiting_.erase(id.dump()) > 0) running.push_back(id);
    if (posted.stream) {
      unanswered_.erase(posted.stream.get());
      posted.stream->finish();
      streams_.erase(posted.stream->id());
    }
  }
  std::lock_guard feed(feed_mutex_);
  for (const json& id : running)
    server_->handle_line(
        mcp::to_wire(mcp::make_notification("notifications/cancelled", {{"requestId", id}, {"reason", reason}})));
}

std::shared_ptr<EventStream> Endpoint::standalone_stream() {
  if (ids_ == Ids::own) return nullptr;
  std::lock_guard lock(mutex_);
  return standalone_locked();
}

const std::shared_ptr<EventStream>& Endpoint::standalone_locked() {
  if (!standalone_) {
    standalone_ = std::make_shared<EventStream>(name_ + ".get", replay_capacity_);
    streams_[standalone_->id()] = standalone_;
  }
  return standalone_;
}

std::shared_ptr<EventStream> Endpoint::find_stream(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = streams_.find(id);
  return it == streams_.end() ? nullptr : it->second;
}

void Endpoint::forget_stream(const std::string& id) {
  std::lock_guard lock(mutex_);
  streams_.erase(id);
}

void Endpoint::finish_if_answered(const std::shared_ptr<EventStream>& stream) {
  auto due = unanswered_.find(stream.get());
  if (due == unanswered_.end() || due->second == 0) return;
  if (--due->second == 0 && feeding_ != stream) {
    unanswered_.erase(due);
    stream->finish();
  }
}

void Endpoint::drop_response(const json& request_id) {
  std::lock_guard lock(mutex_);
  auto it = waiting_.find(request_id.dump());
  if (it == waiting_.end()) return;
  std::shared_ptr<EventStream> stream = it->second.stream;
  waiting_.erase(it);
  finish_if_answered(stream);
}

void Endpoint::deliver(const std::string& line, const json* related) {
  json message = json::parse(line, nullptr, false);
  if (message.is_discarded()) return;  // the server writes JSON; nothing else can be routed
  const bool response = message.is_array() || !message.contains("method");
  if (response) return deliver_response(line, message);
  std::lock_guard lock(mutex_);
  if (related != nullptr) {
    auto it = waiting_.find(related->dump());
    if (it != waiting_.end() && it->second.stream && !it->second.stream->finished()) {
      it->second.stream->push(line);
      return;
    }
  }
  // Server-to-client requests, task status and late notifications: the session's own stream.
  if (ids_ == Ids::client) {
    standalone_locked()->push(line);
  } else {
    spdlog::debug("http: a message tied to no open request was dropped ({})", message.value("method", ""));
  }
}

void Endpoint::deliver_response(const std::string& line, const json& message) {
  std::lock_guard lock(mutex_);
  // A batch's responses leave together (legacy sessions): the POST of its first known id.
  const json* first_id = nullptr;
  if (message.is_array()) {
    for (const json& m : message)
      if (m.contains("id") && waiting_.count(m["id"].dump()) > 0) {
        first_id = &m["id"];
        break;
      }
  } else if (message.contains("id")) {
    first_id = &message["id"];
  }
  auto it = first_id != nullptr ? waiting_.find(first_id->dump()) : waiting_.end();
  if (it == waiting_.end()) {
    // An id-less error (a malformed message) while a POST is being handed over is that POST's;
    // otherwise the answer of a cancelled request: dropped.
    if (feeding_) feeding_->push(line);
    return;
  }
  std::shared_ptr<EventStream> stream = it->second.stream;
  if (message.is_array()) {
    stream->push(line);
    for (const json& m : message)
      if (m.contains("id") && waiting_.erase(m["id"].dump()) > 0) finish_if_answered(stream);
    return;
  }
  std::string out = line;
  if (ids_ == Ids::own) {
    json restored = message;
    restored["id"] = it->second.client_id;
    out = mcp::to_wire(restored);
  }
  waiting_.erase(it);
  stream->push(std::move(out));
  finish_if_answered(stream);
}

}  // namespace http
