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


// Reads an HTTP answer: success fills `resp` and returns nullopt; anything else is classified.
std::optional<ApiError> classify_answer(int status, const std::string& body, nlohmann::json& resp) {
  if (auto env = parse_envelope(body)) {
    if (env->code == 0) {
      resp = std::move(env->resp);
      return std::nullopt;
    }
    ApiError e = classify_error(env->code, status, env->message);
    if (status == 401 || status == 403) e.kind = ErrorKind::auth;
    return e;
  }
  ApiError e;
  e.http_status = status;
  e.api_message = status >= 400 ? "HTTP " + std::to_string(status) + " without the API envelope"
                                : "the answer is not the API's JSON envelope";
  if (status == 401 || status == 403) {
    e.kind = ErrorKind::auth;
  } else if (status == 429) {
    e.kind = ErrorKind::concurrency_limit;
  } else if (status == 400) {
    e.kind = ErrorKind::invalid_argument;
    e.api_message = "HTTP 400: the request itself was malformed (path, method or content type)";
  } else if (status >= 500) {
    e.kind = ErrorKind::server;
    e.retryable = true;  // an unreadable 5xx may hide a created job: replay with the same trace id
  } else {
    e.kind = ErrorKind::protocol;
  }
  return e;
}

// One logical request: headers, attempts, retry policy, envelope. `send` makes one HTTP
// attempt with the given client, the base URL's path prefix, and the headers.
using Send = std::function<httplib::Result(httplib::Client&, const std::string& prefix, const httplib::Headers&)>;

Outcome run(const ClientConfig& config, const std::string& label, const Send& send,
            const std::string& pinned_trace_id) {
  Outcome out;
  auto base = split_url(config.base_url);
  if (auto problem = check_base_url(config.base_url); problem || !base) {  // never send to a refused origin
    out.error = ApiError{ErrorKind::protocol, 0, 0, problem.value_or("bad base URL"), "", false};
    return out;
  }
  auto backoff = config.retry_backoff;
  for (int attempt = 1; attempt <= std::max(1, config.max_attempts); ++attempt) {
    out.attempts = attempt;
    out.trace_id = pinned_trace_id.empty() ? new_trace_id() : pinned_trace_id;
    auto http = make_http(*base, config);
    httplib::Headers headers{{"API-KEY", config.api_key}, {"Ai-trace-id", out.trace_id},
                             {"Accept", "application/json"}, {"User-Agent", config.user_agent}};
    httplib::Result res = send(*http, base->path, headers);
    std::optional<ApiError> error = res ? classify_answer(res->status, res->body, out.resp)
                                        : transport_error(res.error(), base->host);
    if (!error) {
      spdlog::debug("{} ok (HTTP {}, trace {}, attempt {})", label, res->status, out.trace_id, attempt);
      out.error.reset();
      return out;
    }
    error->trace_id = out.trace_id;
    spdlog::warn("{} failed: {} (attempt {}/{})", label, error->message(), attempt, config.max_attempts);
    out.error = std::move(error);
    if (!out.error->retryable) break;
    if (attempt < config.max_attempts) {
      std::this_thread::sleep_for(backoff);
      backoff *= 2;
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> check_base_url(const std::string& url) {
  auto u = split_url(url);
  if (!u) return "PIXVERSE_BASE_URL must look like https://host[:port], got \"" + url + "\"";
  if (u->scheme == "http" && !is_loopback(u->host))
    return "PIXVERSE_BASE_URL must use https:// (plain http:// is only allowed for 127.0.0.1/localhost)";
  return std::nullopt;
}


Client::Client(ClientConfig config) : config_(std::move(config)) {
  while (!config_.base_url.empty() && config_.base_url.back() == '/') config_.base_url.pop_back();
}

Outcome Client::get(const std::string& path, const Query& query) const {
  httplib::Params params(query.begin(), query.end());
  return run(config_, "GET " + path, [&](httplib::Client& http, const std::string& prefix, const httplib::Headers& headers) {
    return http.Get(prefix + path, params, headers);
  }, "");
}

Outcome Client::post_json(const std::string& path, const nlohmann::json& body, const std::string& trace_id) const {
  const std::string payload = body.dump();  // serialized once: every retry sends the same bytes
  return run(config_, "POST " + path, [&](httplib::Client& http, const std::string& prefix, const httplib::Headers& headers) {
    return http.Post(prefix + path, headers, payload, "application/json");
  }, trace_id.empty() ? new_trace_id() : trace_id);
}

Outcome Client::post_multipart(const std::string& path, const std::vector<FormPart>& parts,
                               const std::string& trace_id) const {
  httplib::MultipartFormDataItems items;
  for (const auto& p : parts) items.push_back({p.name, p.content, p.filename, p.content_type});
  // A fixed boundary per logical request keeps the body byte-identical across retries.
  const std::string boundary = "pixverse-mcp-" + new_trace_id();
  return run(config_, "POST " + path, [&](httplib::Client& http, const std::string& prefix, const httplib::Headers& headers) {
    return http.Post(prefix + path, headers, items, boundary);
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
