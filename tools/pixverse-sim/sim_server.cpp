#include "sim_server.h"

#include <cctype>
#include <iostream>
#include <mutex>
#include <thread>
#include <utility>

#include <httplib.h>

#include "openapi_endpoints.h"
#include "request_observer.h"
#include "sim_state.h"
#include "socket_tools.h"

namespace sim {
namespace {

using nlohmann::json;

constexpr std::size_t kThreads = 256;
constexpr std::size_t kMaxPayload = std::size_t{112} * 1024 * 1024;  // video uploads may be 100 MB (motion control)

bool is_uuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// The answer a fault puts on the wire instead of (or after) processing.
Reply faulted_reply(const Fault& f, const std::optional<Reply>& processed) {
  Reply r;
  switch (f.kind) {
    case FaultKind::ErrCode:
      r = envelope(f.err_code, f.err_msg);
      r.http_status = f.http_status;
      return r;
    case FaultKind::Resp: return envelope(0, "success", f.resp);
    case FaultKind::Http500:
      r.http_status = 500;
      r.content_type = "text/html";
      r.body = "<html><head><title>500 Internal Server Error</title></head><body><center><h1>500 Internal Server "
               "Error</h1></center></body></html>\n";
      break;
    case FaultKind::Malformed: {
      std::string full = processed ? processed->body : R"({"ErrCode":0,"ErrMsg":"success","Resp":{"video_id":1}})";
      r.body = full.substr(0, full.size() / 2);  // truncated mid-document: not JSON
      break;
    }
    case FaultKind::Strings: return with_digit_strings(*processed);
    case FaultKind::Refuse:
    case FaultKind::Http429: return *processed;  // the refusal, as process() answered and remembered it
    case FaultKind::Drop:
    case FaultKind::Delay: break;
  }
  return r;
}

// What a refusal fault answers in place of the endpoint.
Reply refusal_reply(const Fault& f) {
  return f.kind == FaultKind::Http429 ? too_many_requests(f.retry_after_s) : envelope(f.err_code, f.err_msg);
}

// Whether the request is processed (key, trace id, memory, endpoint or refusal) under `fault`.
bool processed_under(const std::optional<Fault>& fault) {
  return !fault || fault->after_processing || is_refusal(fault->kind) || fault->kind == FaultKind::Strings;
}

std::mutex log_mu;

}  // namespace

SimServer::SimServer(const SimConfig& cfg) : st_(std::make_unique<SimState>(cfg)), svr_(std::make_unique<httplib::Server>()) {
  for (const auto& f : cfg.faults)
    for (auto& parsed : parse_faults(f)) st_->faults.add(std::move(parsed));

  svr_->new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
  svr_->set_read_timeout(15, 0);
  svr_->set_write_timeout(15, 0);
  // Kept-alive connections as a web front end serves them, closed after 5 s idle (shorter than
  // most, so clients meet a connection the server closed).
  svr_->set_keep_alive_timeout(5);
  // Headers and body go out as two writes: with Nagle's algorithm the body waited for the
  // client's delayed ACK (40 ms) on every reused connection.
  svr_->set_tcp_nodelay(true);
  svr_->set_keep_alive_max_count(1000);  // nginx's default
  svr_->set_payload_max_length(kMaxPayload);
  svr_->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      std::rethrow_exception(std::move(ep));
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    res.status = 500;
    res.set_content("internal simulator error: " + what, "text/plain");
  });

  auto openapi = [this](const httplib::Request& req, httplib::Response& res) { handle_openapi(req, res); };
  const std::string pattern = "/openapi/.*";
  svr_->Get(pattern, openapi);
  svr_->Post(pattern, openapi);
  svr_->Put(pattern, openapi);
  svr_->Delete(pattern, openapi);
  svr_->Patch(pattern, openapi);
  register_media_routes(*svr_, *st_);
  register_control_routes(*svr_, *st_);
}

SimServer::~SimServer() = default;

int SimServer::bind() {
  const auto& cfg = st_->cfg;
  int port = cfg.port;
  if (port == 0) {
    port = svr_->bind_to_any_port(cfg.host);
  } else if (!svr_->bind_to_port(cfg.host, port)) {
    port = -1;
  }
  if (port <= 0) return -1;
  raise_listen_backlog(port, 1024);
  std::string host = cfg.host.find(':') != std::string::npos ? "[" + cfg.host + "]" : cfg.host;
  st_->port = port;
  st_->base_url = "http://" + host + ":" + std::to_string(port);
  return port;
}

std::string SimServer::base_url() const { return st_->base_url; }

void SimServer::run() { svr_->listen_after_bind(); }

bool SimServer::wait_until_running(std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!svr_->is_running()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

void SimServer::stop() {
  st_->stop();
  svr_->stop();
}

void SimServer::handle_openapi(const httplib::Request& req, httplib::Response& res) {
  const std::size_t slot = st_->requests.begin();
  RequestRecord rec = observe_request(req, st_->cfg.api_key);
  std::optional<Fault> fault = st_->faults.take(req.path);
  if (fault) rec.fault = std::string(fault_kind_name(fault->kind));
  if (fault && fault->kind == FaultKind::Delay) {
    st_->sleep_for(std::chrono::milliseconds(fault->delay_ms));
    fault.reset();
  }
  std::optional<Reply> processed;
  if (processed_under(fault))
    processed = process(req, rec, fault && is_refusal(fault->kind) ? std::optional(refusal_reply(*fault)) : std::nullopt);

  const bool drop = fault && fault->kind == FaultKind::Drop;
  Reply wire = fault ? faulted_reply(*fault, processed) : *processed;
  rec.http_status = drop ? 0 : wire.http_status;
  rec.err_code = processed ? processed->err_code : wire.err_code;
  st_->requests.finish(slot, rec);  // before answering: a client that saw the answer sees the record
  log_line(rec);

  if (drop) {
    if (!drop_connection(req.local_port, req.remote_addr, req.remote_port)) {
      // Fallback: promise a body, then fail to provide it; httplib closes the connection.
      res.status = 200;
      res.set_content_provider(64, "application/json", [](size_t, size_t, httplib::DataSink&) { return false; });
    }
    return;
  }
  res.status = wire.http_status;
  for (const auto& [name, value] : wire.headers) res.set_header(name, value);
  res.set_content(wire.body, wire.content_type);
}

Reply SimServer::process(const httplib::Request& req, RequestRecord& rec, const std::optional<Reply>& refusal) {
  if (req.get_header_value("API-KEY").empty()) return envelope(10001, "API-KEY header is missing");
  if (req.get_header_value("API-KEY") != st_->cfg.api_key) return envelope(10005, "invalid API key");
  rec.api_key_ok = true;
  const std::string trace = req.get_header_value("Ai-trace-id");
  if (!is_uuid(trace)) return envelope(400017, "Ai-trace-id must be a UUID (8-4-4-4-12 hex digits), fresh per request");
  if (auto first = st_->traces.claim(trace)) {
    rec.replayed = true;
    return *first;
  }
  Reply reply;
  try {
    reply = refusal ? *refusal : dispatch(req, rec, trace);  // a refusal creates nothing
  } catch (const std::exception& e) {
    reply = Reply{500, "text/plain", std::string("internal simulator error: ") + e.what(), std::nullopt};
  }
  st_->traces.remember(trace, reply);
  return reply;
}

Reply SimServer::dispatch(const httplib::Request& req, RequestRecord& rec, const std::string& trace_id) {
  Route r = route(req.method, req.path);
  if (!r.endpoint) return not_routed(r.path_known ? 405 : 404);
  const Endpoint& ep = *r.endpoint;
  json body;
  const std::string content_type = req.get_header_value("Content-Type");
  if (ep.body == BodyKind::Json) {
    if (media_type(content_type) != "application/json")
      return bad_request("Content-Type must be application/json (got '" + content_type + "')");
    body = json::parse(req.body, nullptr, false);
    if (body.is_discarded()) return bad_request("request body is not valid JSON");
    if (!body.is_object()) return bad_request("request body must be a JSON object");
    if (ep.rules) {
      std::vector<std::string> unknown;
      ValidationContext ctx{&st_->jobs};
      auto err = validate(*ep.rules, body, ctx, &unknown);
      rec.unknown_fields = unknown;
      if (err) return envelope(err->err_code, err->message);
    }
  } else if (ep.body == BodyKind::Multipart && media_type(content_type) != "multipart/form-data") {
    return bad_request("Content-Type must be multipart/form-data (got '" + content_type + "')");
  }
  Call call{req, body, r.id, trace_id, rec};
  return ep.handle(*st_, call);
}

void SimServer::log_line(const RequestRecord& rec) const {
  if (!st_->cfg.log_requests) return;
  std::string line = rec.method + " " + rec.path + " -> ";
  line += rec.err_code ? "ErrCode " + std::to_string(*rec.err_code) : std::string("no envelope");
  line += " (HTTP " + (rec.http_status ? std::to_string(rec.http_status) : std::string("dropped")) + ")";
  if (rec.replayed) line += " [replayed trace id]";
  if (rec.fault) line += " [fault " + *rec.fault + "]";
  if (!rec.unknown_fields.empty()) line += " [ignored unknown fields " + rec.unknown_fields.dump() + "]";
  if (!rec.key_leaks.empty()) line += " [API key leaked outside its header]";
  std::lock_guard lock(log_mu);
  std::cerr << line << std::endl;
}

}  // namespace sim
