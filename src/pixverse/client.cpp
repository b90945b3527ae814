#include "pixverse/client.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <regex>
#include <thread>

#include "pixverse/envelope.h"
#include "pixverse/trace_id.h"

namespace pixverse {
namespace {

struct SplitUrl {
  std::string scheme, host, origin, path;  // origin = scheme://host[:port]
};

std::optional<SplitUrl> split_url(const std::string& url) {
  static const std::regex re(R"(^(https?)://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.\-]+)(:[0-9]{1,5})?(/[^#]*)?$)");
  std::smatch m;
  if (!std::regex_match(url, m, re)) return std::nullopt;
  SplitUrl s{m[1].str(), m[2].str(), m[1].str() + "://" + m[2].str() + m[3].str(), m[4].str()};
  return s;
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

std::unique_ptr<httplib::Client> make_http(const SplitUrl& u, const ClientConfig& c) {
  auto cli = std::make_unique<httplib::Client>(u.origin);
  cli->set_connection_timeout(std::chrono::duration_cast<std::chrono::seconds>(c.connect_timeout).count(),
                              static_cast<time_t>((c.connect_timeout.count() % 1000) * 1000));
  auto read_s = std::chrono::duration_cast<std::chrono::seconds>(c.read_timeout);
  cli->set_read_timeout(read_s.count(), static_cast<time_t>((c.read_timeout.count() % 1000) * 1000));
  cli->set_write_timeout(read_s.count(), static_cast<time_t>((c.read_timeout.count() % 1000) * 1000));
  cli->enable_server_certificate_verification(true);  // system CA store
  cli->set_keep_alive(false);
  return cli;
}

ApiError transport_error(httplib::Error e, const std::string& host) {
  ApiError err;
  err.kind = ErrorKind::network;
  err.api_message = "no answer from " + host + " (" + httplib::to_string(e) + ")";
  err.retryable = true;
  return err;
}

}  // namespace

std::optional<std::string> check_base_url(const std::string& url) {
  auto u = split_url(url);
  if (!u) return "PIXVERSE_BASE_URL must look like https://host[:port], got \"" + url + "\"";
  if (u->scheme == "http" && !is_loopback(u->host))
    return "PIXVERSE_BASE_URL must use https:// (plain http:// is only allowed for 127.0.0.1/localhost)";
  return std::nullopt;
}

struct Client::Attempt {
  int status = 0;
  std::string body;
  std::optional<httplib::Error> transport;
};

Client::Client(ClientConfig config) : config_(std::move(config)) {
  while (!config_.base_url.empty() && config_.base_url.back() == '/') config_.base_url.pop_back();
}

Outcome Client::run(const std::string& method, const std::function<Attempt(const std::string&)>& send,
                    const std::string& pinned_trace_id) const {
  Outcome out;
  auto backoff = config_.retry_backoff;
  for (int attempt = 1; attempt <= std::max(1, config_.max_attempts); ++attempt) {
    out.attempts = attempt;
    out.trace_id = pinned_trace_id.empty() ? new_trace_id() : pinned_trace_id;
    Attempt a = send(out.trace_id);
    std::optional<ApiError> error;
    if (a.transport) {
      error = transport_error(*a.transport, split_url(config_.base_url) ? split_url(config_.base_url)->host : "");
    } else if (auto env = parse_envelope(a.body)) {
      if (env->code == 0) {
        out.resp = std::move(env->resp);
        out.error.reset();
        spdlog::debug("{} ok (HTTP {}, trace {}, attempt {})", method, a.status, out.trace_id, attempt);
        return out;
      }
      error = classify_error(env->code, a.status, env->message);
      if (a.status == 401 || a.status == 403) error->kind = ErrorKind::auth;
    } else {
      error = ApiError{};
      error->http_status = a.status;
      if (a.status == 401 || a.status == 403) {
        error->kind = ErrorKind::auth;
      } else if (a.status == 429) {
        error->kind = ErrorKind::concurrency_limit;
      } else if (a.status >= 500) {
        error->kind = ErrorKind::server;
        error->retryable = true;  // an unreadable 5xx may hide a created job: replay, same trace id
      } else {
        error->kind = ErrorKind::protocol;
      }
      error->api_message = a.status >= 400 ? "HTTP " + std::to_string(a.status) + " without the API envelope"
                                           : "the answer is not the API's JSON envelope";
      if (a.status == 400) {
        error->kind = ErrorKind::invalid_argument;
        error->api_message = "HTTP 400: the request itself was malformed (path, method or content type)";
      }
    }
    error->trace_id = out.trace_id;
    out.error = error;
    spdlog::warn("{} failed: {} (attempt {}/{})", method, error->message(), attempt, config_.max_attempts);
    if (!error->retryable) break;
    if (attempt < config_.max_attempts) {
      std::this_thread::sleep_for(backoff);
      backoff *= 2;
    }
  }
  return out;
}

Outcome Client::get(const std::string& path, const Query& query) const {
  auto base = split_url(config_.base_url);
  if (!base) return Outcome{{}, ApiError{ErrorKind::protocol, 0, 0, *check_base_url(config_.base_url), "", false}, "", 0};
  httplib::Params params(query.begin(), query.end());
  std::string full = base->path + path;
  return run("GET " + path, [&](const std::string& trace) {
    auto http = make_http(*base, config_);
    httplib::Headers headers{{"API-KEY", config_.api_key}, {"Ai-trace-id", trace},
                             {"Accept", "application/json"}, {"User-Agent", config_.user_agent}};
    auto res = http->Get(full, params, headers);
    if (!res) return Attempt{0, "", res.error()};
    return Attempt{res->status, res->body, std::nullopt};
  }, "");
}

Outcome Client::post_json(const std::string& path, const nlohmann::json& body, const std::string& trace_id) const {
  auto base = split_url(config_.base_url);
  if (!base) return Outcome{{}, ApiError{ErrorKind::protocol, 0, 0, *check_base_url(config_.base_url), "", false}, "", 0};
  const std::string payload = body.dump();  // serialized once: every retry sends the same bytes
  std::string full = base->path + path;
  return run("POST " + path, [&](const std::string& trace) {
    auto http = make_http(*base, config_);
    httplib::Headers headers{{"API-KEY", config_.api_key}, {"Ai-trace-id", trace},
                             {"Accept", "application/json"}, {"User-Agent", config_.user_agent}};
    auto res = http->Post(full, headers, payload, "application/json");
    if (!res) return Attempt{0, "", res.error()};
    return Attempt{res->status, res->body, std::nullopt};
  }, trace_id.empty() ? new_trace_id() : trace_id);
}

Outcome Client::post_multipart(const std::string& path, const std::vector<FormPart>& parts,
                               const std::string& trace_id) const {
  auto base = split_url(config_.base_url);
  if (!base) return Outcome{{}, ApiError{ErrorKind::protocol, 0, 0, *check_base_url(config_.base_url), "", false}, "", 0};
  httplib::MultipartFormDataItems items;
  for (const auto& p : parts) items.push_back({p.name, p.content, p.filename, p.content_type});
  // A fixed boundary per logical request keeps the body byte-identical across retries.
  const std::string boundary = "pixverse-mcp-" + new_trace_id();
  std::string full = base->path + path;
  return run("POST " + path, [&](const std::string& trace) {
    auto http = make_http(*base, config_);
    httplib::Headers headers{{"API-KEY", config_.api_key}, {"Ai-trace-id", trace},
                             {"Accept", "application/json"}, {"User-Agent", config_.user_agent}};
    auto res = http->Post(full, headers, items, boundary);
    if (!res) return Attempt{0, "", res.error()};
    return Attempt{res->status, res->body, std::nullopt};
  }, trace_id.empty() ? new_trace_id() : trace_id);
}

Client::Download Client::download(const std::string& url, const std::function<bool(const char*, std::size_t)>& sink,
                                  std::uint64_t max_bytes) const {
  Download d;
  auto u = split_url(url);
  if (!u) {
    d.error = ApiError{ErrorKind::protocol, 0, 0, "not a downloadable URL: " + url, "", false};
    return d;
  }
  auto http = make_http(*u, config_);
  http->set_follow_location(true);
  // No API-KEY here: result files live on a CDN that must never see the key.
  bool too_big = false;
  auto res = http->Get(u->path.empty() ? "/" : u->path, [&](const char* data, std::size_t n) {
    d.bytes += n;
    if (d.bytes > max_bytes) {
      too_big = true;
      return false;
    }
    return sink(data, n);
  });
  if (too_big) {
    d.error = ApiError{ErrorKind::protocol, 0, 0, "file larger than " + std::to_string(max_bytes) + " bytes", "", false};
  } else if (!res) {
    d.error = transport_error(res.error(), u->host);
  } else if (res->status != 200) {
    d.error = ApiError{ErrorKind::server, 0, res->status, "download failed", "", res->status >= 500};
  }
  return d;
}

}  // namespace pixverse
