#include "http/http_transport.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <thread>

#include "common/json_limits.h"
#include "common/loopback.h"
#include "http/bearer.h"
#include "http/connection_queue.h"
#include "http/modern_headers.h"
#include "http/request_headers.h"
#include "http/sessions.h"
#include "http/stream_response.h"
#include "platform/listen_socket.h"

namespace http {
namespace {

constexpr const char* kSessionHeader = "Mcp-Session-Id";
constexpr const char* kJson = "application/json";
constexpr std::size_t kMaxValues = 100000;  // arrays, objects, members and elements in one POST body

void reply_error(httplib::Response& res, int status, const json& id, int code, const std::string& message) {
  res.status = status;
  res.set_content(mcp::to_wire(mcp::make_error(id, code, message)), kJson);
}

std::optional<std::string> header_of(const httplib::Request& req, std::string_view name) {
  const std::string key(name);
  if (!req.has_header(key)) return std::nullopt;
  return req.get_header_value(key);
}

// What a request to the endpoint may use (405 answers list them).
constexpr const char* kAllowed = "POST, GET, DELETE, OPTIONS";
// Without a session only POST (an initialize, or a stateless request) has anything to act on.
constexpr const char* kAllowedWithoutSession = "POST, OPTIONS";

// How much of a body past `max_body` bytes is read and dropped before its 413: as much again, at least 8 MiB.
std::size_t drained_past(std::size_t max_body) { return std::max(max_body, std::size_t{8} << 20); }

std::string too_large(std::size_t max_body) {
  return "payload too large: a body may be " + std::to_string(max_body >> 20) +
         " MiB (PIXVERSE_HTTP_MAX_BODY_MIB); send large media by URL";
}

// The request's Content-Length (framing_problem() checked its digits); 0 without one, the
// largest value when it overflows.
std::uint64_t content_length(const httplib::Request& req) {
  const std::string text = req.get_header_value("Content-Length");
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  (void)end;
  return error == std::errc::result_out_of_range ? std::numeric_limits<std::uint64_t>::max() : value;
}

json id_of(const json& message) {
  return message.is_object() && message.contains("id") && mcp::is_valid_request_id(message["id"]) ? message["id"]
                                                                                                  : json();
}

}  // namespace

struct Transport::Impl {
  TransportOptions options;
  OriginPolicy origins;
  httplib::Server http;
  Sessions sessions;
  Endpoint stateless;
  StreamCounter streams;
  std::atomic<bool> stopping{false};

  Impl(TransportOptions o, const ServerFactory& make_server)
      : options(std::move(o)),
        sessions(make_server, options.max_sessions, options.session_idle_timeout, options.replay_capacity),
        stateless(Endpoint::Ids::own, make_server, "s", options.replay_capacity) {}

  httplib::Server::HandlerResponse check(const httplib::Request& req, httplib::Response& res);
  void post(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& content);
  void get(const httplib::Request& req, httplib::Response& res);
  void remove(const httplib::Request& req, httplib::Response& res);
  // Answers `posted` (a POST's requests): JSON at once when answered, else a stream.
  void answer(const httplib::Request& req, httplib::Response& res, const std::shared_ptr<Endpoint>& endpoint,
              const Endpoint::Posted& posted, const json& message, bool stateless_request);
};

httplib::Server::HandlerResponse Transport::Impl::check(const httplib::Request& req, httplib::Response& res) {
  using R = httplib::Server::HandlerResponse;
  if (ConnectionQueue::refusing_on_this_thread()) {
    res.set_header("Retry-After", "1");
    reply_error(res, 503, json(), mcp::kInternalError, "server busy: too many open connections; retry shortly");
    return R::Handled;
  }
  if (auto problem = framing_problem(req)) {
    reply_error(res, 400, json(), mcp::kInvalidRequest, "bad request: " + *problem);
    return R::Handled;
  }
  // Before anything is read: the library would wait for a PUT's body, and answer HEAD as GET.
  if (req.method != "POST" && req.method != "GET" && req.method != "DELETE" && req.method != "OPTIONS") {
    res.set_header("Allow", kAllowed);
    reply_error(res, 405, json(), mcp::kInvalidRequest,
                "method not allowed: the MCP endpoint takes POST, GET (a session's stream) and DELETE");
    return R::Handled;
  }
  if (req.method == "POST") {
    // A request that says no length has none (RFC 9112 §6.3), but the library would read one
    // until the connection closes, holding it for the read timeout.
    if (!req.has_header("Content-Length") && !req.has_header("Transfer-Encoding")) {
      reply_error(res, 411, json(), mcp::kInvalidRequest,
                  "length required: send the body with a Content-Length or as chunked");
      return R::Handled;
    }
    // A length far past the bound is refused before reading (the library would read and drop
    // all of it first, or wait for bytes that never come); one just past it is read and dropped
    // in post(), so that a client still writing gets the 413 rather than a reset connection.
    if (content_length(req) > drained_past(options.max_body_bytes) + options.max_body_bytes) {
      reply_error(res, 413, json(), mcp::kInvalidRequest, too_large(options.max_body_bytes));
      return R::Handled;
    }
  }
  // Only a POST has a body here (httplib reads a DELETE's whole, unbounded).
  if (req.method != "POST" && has_body(req)) {
    reply_error(res, 400, json(), mcp::kInvalidRequest, "bad request: a " + req.method + " carries no body");
    return R::Handled;
  }
  if (req.path != options.path) {
    reply_error(res, 404, json(), mcp::kInvalidRequest, "not found: the MCP endpoint is " + options.path);
    return R::Handled;
  }
  // Exactly one Host, naming this server: with two, a proxy might read the other one.
  if (req.get_header_value_count("Host") != 1 || !host_allowed(req.get_header_value("Host"), origins)) {
    spdlog::warn(
        "http: refused a request for Host \"{}\" (DNS rebinding protection; PIXVERSE_HTTP_ALLOWED_HOSTS "
        "lists other names)",
        printable(req.get_header_value("Host")));
    reply_error(res, 403, json(), mcp::kInvalidRequest,
                "forbidden: this server is not reached by that Host name (its operator can list it in "
                "PIXVERSE_HTTP_ALLOWED_HOSTS)");
    return R::Handled;
  }
  auto origin = header_of(req, "Origin");
  if (!origin_allowed(origin ? std::optional<std::string_view>(*origin) : std::nullopt, origins)) {
    spdlog::warn("http: refused a request from Origin \"{}\"", printable(*origin));
    reply_error(res, 403, json(), mcp::kInvalidRequest,
                "forbidden: requests from this Origin are not allowed (its operator can list it in "
                "PIXVERSE_HTTP_ALLOWED_ORIGINS)");
    return R::Handled;
  }
  if (origin) {  // a browser page allowed above: let it read the answer and our headers
    res.set_header("Access-Control-Allow-Origin", *origin);
    res.set_header("Vary", "Origin");
    res.set_header("Access-Control-Expose-Headers", "Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate");
  }
  if (req.method == "OPTIONS") {  // a CORS preflight carries no credentials
    res.status = 204;
    res.set_header("Access-Control-Allow-Methods", "POST, GET, DELETE, OPTIONS");
    res.set_header("Access-Control-Allow-Headers",
                   "Content-Type, Accept, Authorization, Mcp-Session-Id, MCP-Protocol-Version, Mcp-Method, Mcp-Name, "
                   "Last-Event-ID");
    res.set_header("Access-Control-Max-Age", "600");
    return R::Handled;
  }
  if (!options.bearer_token.empty() && !bearer_matches(req.get_header_value("Authorization"), options.bearer_token)) {
    res.set_header("WWW-Authenticate", "Bearer realm=\"pixverse-mcp\"");
    reply_error(res, 401, json(), mcp::kInvalidRequest,
                "unauthorized: send the server's token as \"Authorization: Bearer <token>\"");
    return R::Handled;
  }
  if (stopping) {
    reply_error(res, 503, json(), mcp::kInternalError, "the server is shutting down");
    return R::Handled;
  }
  return R::Unhandled;
}

void Transport::Impl::post(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& content) {
  if (media_type(req.get_header_value("Content-Type")) != kJson)
    return reply_error(res, 415, json(), mcp::kInvalidRequest,
                       "unsupported media type: POST a JSON-RPC message as application/json");
  const Takes client = takes(req.get_header_value("Accept"));
  if (!client.sse && !client.json)
    return reply_error(res, 406, json(), mcp::kInvalidRequest,
                       "not acceptable: accept application/json or text/event-stream");
  // Read here, not by httplib: its own limit holds for Content-Length only, not for a chunked body.
  std::string body;
  bool too_big = false;
  std::size_t dropped = 0;
  const bool read = content([&](const char* data, std::size_t size) {
    if (!too_big && body.size() + size <= options.max_body_bytes) {
      body.append(data, size);
      return true;
    }
    // Past the bound the rest is read and dropped, up to drained_past(): the connection closes
    // after the answer, and closing it on unread bytes sends a reset, which a client still
    // writing its body would get instead of the 413. Beyond that, stop reading.
    if (!too_big) std::string().swap(body);
    too_big = true;
    dropped += size;
    return dropped <= drained_past(options.max_body_bytes);
  });
  if (too_big || res.status == 413) {
    // The rest of the body stays unread: the connection closes after this answer, as after all.
    return reply_error(res, 413, json(), mcp::kInvalidRequest, too_large(options.max_body_bytes));
  }
  if (!read) return reply_error(res, 400, json(), mcp::kInvalidRequest, "bad request: the body could not be read");
  // Nesting is bounded before parsing: a parsed value costs about 70 times its text when deep.
  if (json_limits::nests_deeper_than(body))
    return reply_error(
        res, 400, json(), mcp::kInvalidRequest,
        "invalid request: JSON nested deeper than " + std::to_string(json_limits::kMaxDepth) + " levels");
  // And its number of values: "[{},{},…]" costs about 33 times its text once parsed. A request
  // holds a few hundred; media travel as one string.
  if (json_limits::holds_more_values_than(body, kMaxValues))
    return reply_error(res, 400, json(), mcp::kInvalidRequest,
                       "invalid request: more than " + std::to_string(kMaxValues) + " JSON values in one message");
  json message = mcp::parse_json_text(body);
  if (message.is_discarded())
    return reply_error(res, 400, json(), mcp::kParseError, "parse error: the body is not JSON");
  const HeaderLookup header = [&req](std::string_view name) { return header_of(req, name); };

  if (auto session_id = header_of(req, kSessionHeader)) {
    auto endpoint = sessions.find(*session_id);
    if (!endpoint) return reply_error(res, 404, id_of(message), -32001, "session not found: initialize a new session");
    if (auto version = header("mcp-protocol-version"); version && mcp::find_revision(*version) == nullptr)
      return reply_error(res, 400, id_of(message), mcp::kInvalidRequest,
                         "bad request: unsupported MCP-Protocol-Version \"" + *version + "\" for a session");
    if (message.is_object() && message.value("method", json()) == "initialize")
      return reply_error(res, 400, id_of(message), mcp::kInvalidRequest,
                         "invalid request: this session is initialized already; to start another, POST "
                         "initialize without Mcp-Session-Id");
    Endpoint::Posted posted = endpoint->post(body, message);
    return answer(req, res, endpoint, posted, message, false);
  }
  // A 2026-07-28 request (its _meta or its MCP-Protocol-Version says so) is stateless, whatever
  // its method: an initialize in that form is a removed method (404), not a new session.
  if (!is_stateless_post(message, header)) {
    if (message.is_object() && message.value("method", json()) == "initialize") {
      std::string id;
      auto endpoint = sessions.open(id);
      if (!endpoint) {
        res.set_header("Retry-After", "5");
        return reply_error(res, 503, id_of(message), mcp::kInternalError,
                           "server busy: too many sessions in use; retry later");
      }
      Endpoint::Posted posted = endpoint->post(body, message);
      const bool opened =
          posted.answered && posted.stream &&
          !json::parse(posted.stream->wait_after(0, std::chrono::milliseconds(0)).messages.back().second, nullptr,
                       false)
               .contains("error");
      if (opened) res.set_header(kSessionHeader, id);
      else sessions.close(id);
      return answer(req, res, endpoint, posted, message, false);
    }
    return reply_error(res, 400, id_of(message), mcp::kInvalidRequest,
                       "bad request: send initialize first (legacy sessions carry Mcp-Session-Id), or name "
                       "protocol version 2026-07-28 in params._meta and MCP-Protocol-Version");
  }
  if (!message.is_object())
    return reply_error(res, 400, json(), mcp::kInvalidRequest, "invalid request: one JSON-RPC message per POST");
  if (auto refusal = check_stateless_headers(message, header))
    return reply_error(res, refusal->http_status, id_of(message), refusal->code, refusal->message);
  if (!message.contains("id") && message.value("method", json()) == "notifications/cancelled") {
    res.status = 202;  // names an id of the client's, which the server never saw: closing the stream cancels
    return;
  }
  std::shared_ptr<Endpoint> shared(std::shared_ptr<Endpoint>{}, &stateless);  // not owned
  Endpoint::Posted posted = stateless.post(body, message);
  answer(req, res, shared, posted, message, true);
}

void Transport::Impl::answer(const httplib::Request& req, httplib::Response& res,
                             const std::shared_ptr<Endpoint>& endpoint, const Endpoint::Posted& posted,
                             const json& message, bool stateless_request) {
  if (!posted.stream) {
    res.status = 202;
    return;
  }
  const Takes client = takes(req.get_header_value("Accept"));
  if (posted.answered && client.json) {
    std::string text =
        json_answer(posted.stream->wait_after(0, std::chrono::milliseconds(0)).messages, message.is_array());
    res.status = stateless_request ? status_for_stateless_answer(json::parse(text, nullptr, false), message) : 200;
    res.set_content(text, kJson);
    endpoint->forget_stream(posted.stream->id());  // no event id went out: nothing to resume
    return;
  }
  StreamPlan plan;
  plan.stream = posted.stream;
  plan.endpoint = endpoint;
  plan.sse = client.sse;
  plan.batch = message.is_array();
  plan.event_ids = !stateless_request;
  plan.keep_alive = options.keep_alive_interval;
  if (stateless_request)
    plan.on_hang_up = [endpoint, posted] { endpoint->cancel(posted, "the HTTP client closed the connection"); };
  start_stream(res, std::move(plan), streams);
}

void Transport::Impl::get(const httplib::Request& req, httplib::Response& res) {
  if (!takes(req.get_header_value("Accept")).sse)
    return reply_error(res, 406, json(), mcp::kInvalidRequest, "not acceptable: the GET stream is text/event-stream");
  auto session_id = header_of(req, kSessionHeader);
  if (!session_id) {  // 2026-07-28 has no GET stream; a legacy client without a session has none either
    res.set_header("Allow", kAllowedWithoutSession);
    return reply_error(res, 405, json(), mcp::kInvalidRequest, "method not allowed: GET needs an Mcp-Session-Id");
  }
  auto endpoint = sessions.find(*session_id);
  if (!endpoint) return reply_error(res, 404, json(), -32001, "session not found: initialize a new session");
  StreamPlan plan;
  plan.endpoint = endpoint;
  plan.sse = true;
  plan.event_ids = true;
  plan.keep_alive = options.keep_alive_interval;
  if (auto last = header_of(req, "Last-Event-ID")) {
    auto [stream_id, seq] = parse_event_id(*last);
    if (auto stream = stream_id.empty() ? nullptr : endpoint->find_stream(stream_id)) {
      plan.stream = stream;  // a resume: what followed the last event the client saw
      plan.after = seq;
    }
  }
  if (!plan.stream) {
    plan.stream = endpoint->standalone_stream();
    if (plan.stream->reader_attached())
      return reply_error(res, 409, json(), mcp::kInvalidRequest, "conflict: this session's GET stream is already open");
    plan.after = plan.stream->delivered();
  }
  start_stream(res, std::move(plan), streams);
}

void Transport::Impl::remove(const httplib::Request& req, httplib::Response& res) {
  auto session_id = header_of(req, kSessionHeader);
  if (!session_id) {
    res.set_header("Allow", kAllowedWithoutSession);
    return reply_error(res, 405, json(), mcp::kInvalidRequest,
                       "method not allowed: DELETE ends a session, named by Mcp-Session-Id");
  }
  if (!sessions.close(*session_id)) return reply_error(res, 404, json(), -32001, "session not found");
  res.status = 204;
}

Transport::Transport(TransportOptions options, const ServerFactory& make_server)
    : impl_(std::make_unique<Impl>(std::move(options), make_server)) {
  Impl& i = *impl_;
  const std::size_t max_connections = i.options.max_connections;
  i.http.new_task_queue = [max_connections] { return new ConnectionQueue(max_connections); };
  i.http.set_payload_max_length(i.options.max_body_bytes);
  i.http.set_read_timeout(std::chrono::seconds(10));  // per read: a client silent this long is dropped
  i.http.set_write_timeout(std::chrono::seconds(30));
  // One request per connection. cpp-httplib 0.11.4 parses whatever follows a request on its
  // connection as the next request: the unread body of a refused request, bytes its lenient
  // framing (Transfer-Encoding, duplicate Content-Length, chunk syntax) left over, a HEAD's body.
  // A proxy that reuses its connection to us could then be made to carry one caller's request
  // inside another's (request smuggling). Closing after each answer rules all of that out, costs
  // a TCP handshake per request (tens of microseconds on loopback; MCP requests are few), and
  // ends the library's polling wait for a next request on idle connections.
  i.http.set_keep_alive_max_count(1);
  // Expect: 100-continue is answered after the checks: a refused client is not invited to upload.
  i.http.set_expect_100_continue_handler([&i](const httplib::Request& req, httplib::Response& res) {
    httplib::Response refusal;
    if (i.check(req, refusal) == httplib::Server::HandlerResponse::Unhandled) return 100;
    res = refusal;
    return refusal.status;
  });
  // The port is ours alone (platform/listen_socket.h): a second server on it fails to start.
  i.http.set_socket_options([](socket_t socket) { platform::set_exclusive_listen_options(socket); });
  i.http.set_tcp_nodelay(true);  // an answer is one small write: don't let Nagle hold it for the ACK
  i.http.set_pre_routing_handler([&i](const auto& req, auto& res) { return i.check(req, res); });
  i.http.Post(i.options.path, [&i](const httplib::Request& req, httplib::Response& res,
                                   const httplib::ContentReader& content) { i.post(req, res, content); });
  i.http.Get(i.options.path, [&i](const auto& req, auto& res) { i.get(req, res); });
  i.http.Delete(i.options.path, [&i](const auto& req, auto& res) { i.remove(req, res); });
  i.http.set_exception_handler([](const auto&, auto& res, const std::exception_ptr&) {
    reply_error(res, 500, json(), mcp::kInternalError, "internal error");
  });
}

Transport::~Transport() = default;

bool Transport::bind(std::string& error) {
  Impl& i = *impl_;
  if (i.options.port == 0) {
    port_ = i.http.bind_to_any_port(i.options.host);
  } else if (i.http.bind_to_port(i.options.host, i.options.port)) {
    port_ = i.options.port;
  }
  if (port_ <= 0) {
    const bool v6 = i.options.host.find(':') != std::string::npos;
    error = "cannot listen on " + (v6 ? "[" + i.options.host + "]" : i.options.host) + ":" +
            std::to_string(i.options.port) + " (address in use, or not an address of this machine)";
    return false;
  }
  // Room for a burst of new connections (one per request here) instead of the library's 5.
  if (!platform::widen_listen_backlog(port_, 1024)) spdlog::debug("http: the listen backlog stays at 5");
  i.origins.port = port_;
  i.origins.extra_origins = i.options.allowed_origins;
  i.origins.extra_hosts = i.options.allowed_hosts;
  const bool wildcard = i.options.host == "0.0.0.0" || i.options.host == "::";
  if (!common::is_loopback_host(i.options.host)) {
    if (!wildcard) i.origins.extra_hosts.push_back(i.options.host);
    spdlog::warn(
        "*** pixverse-mcp is listening on {}, which is NOT a loopback address: anyone who can reach it "
        "can spend your PixVerse credits{} ***",
        url(), i.options.bearer_token.empty() ? ", and PIXVERSE_HTTP_TOKEN is not set" : " unless they lack the token");
    spdlog::warn("*** serve it behind a TLS reverse proxy, with PIXVERSE_HTTP_TOKEN set (see the README) ***");
    if (wildcard && i.options.allowed_hosts.empty())
      spdlog::warn(
          "*** on every address of this machine, only loopback names pass the Host check until "
          "PIXVERSE_HTTP_ALLOWED_HOSTS lists the names clients use ***");
  }
  return true;
}

std::string Transport::url() const {
  const std::string& host = impl_->options.host;
  const bool v6 = host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port_) + impl_->options.path;
}

void Transport::serve() { impl_->http.listen_after_bind(); }

void Transport::stop(std::chrono::milliseconds grace, std::chrono::milliseconds hard) {
  Impl& i = *impl_;
  if (i.stopping.exchange(true)) return;
  // Calls finish and answer while their streams still carry the answers; then the streams end.
  std::thread stateless([&i, grace, hard] { i.stateless.shutdown(grace, hard); });
  i.sessions.shutdown_all(grace, hard);
  stateless.join();
  i.streams.wait_until_none(std::chrono::seconds(2));
  i.http.stop();
}

}  // namespace http
