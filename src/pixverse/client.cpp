#include "pixverse/client.h"

#include <algorithm>

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include <charconv>
#include <mutex>
#include <thread>

#include "common/redact.h"
#include "pixverse/envelope.h"
#include "pixverse/trace_id.h"
#include "platform/ca_store.h"

namespace pixverse {
namespace {

// The timeouts of one attempt (`read` for reading and writing); set before every use, since a
// pooled connection outlives them.
void set_timeouts(httplib::Client& cli, std::chrono::milliseconds connect, std::chrono::milliseconds read) {
  cli.set_connection_timeout(std::chrono::duration_cast<std::chrono::seconds>(connect).count(),
                             static_cast<time_t>((connect.count() % 1000) * 1000));
  auto read_s = std::chrono::duration_cast<std::chrono::seconds>(read);
  cli.set_read_timeout(read_s.count(), static_cast<time_t>((read.count() % 1000) * 1000));
  cli.set_write_timeout(read_s.count(), static_cast<time_t>((read.count() % 1000) * 1000));
}

std::unique_ptr<httplib::Client> make_http(const HttpUrl& u, const ClientConfig& c, bool keep_alive = false) {
  auto cli = std::make_unique<httplib::Client>(u.origin);
  set_timeouts(*cli, c.connect_timeout, c.read_timeout);
  // A request's headers and body go out in separate writes: without TCP_NODELAY, Nagle's
  // algorithm holds the body back until the peer's delayed ACK (40 ms) on a reused connection.
  cli->set_tcp_nodelay(true);
  cli->enable_server_certificate_verification(true);  // system CA store
  if (u.scheme == "https") {
    // OpenSSL's compiled-in paths are the system store where they hold certificates; elsewhere
    // (a static OpenSSL from Debian on Fedora, RHEL, openSUSE or Arch) the bundle found at the
    // system's own location is handed to it by path instead. Said once, at the first connection.
    const platform::CaStore system = platform::system_ca_store();
    static std::once_flag said;
    std::call_once(said, [&system] {
      if (system.holds_certificates) spdlog::info("TLS trust: {}", system.describe());
      else spdlog::warn("TLS trust: {}; https connections will fail verification", system.describe());
    });
    if (system.origin == platform::CaOrigin::found) cli->set_ca_cert_path(system.file, system.dir);
  }
  if (u.scheme == "https" && !c.ca_bundle.empty()) {
    // A store of the bundle's certificates; cpp-httplib adds the system store (its default
    // verify paths, or the path set above) to whatever store the client has, so both are
    // trusted. The client owns (and frees) it.
    X509_STORE* store = X509_STORE_new();
    if (store != nullptr && X509_STORE_load_file(store, c.ca_bundle.c_str()) != 1) {
      ERR_clear_error();  // nothing added; the system store still decides
    }
    if (store != nullptr) cli->set_ca_cert_store(store);
  }
  // Redirects are never followed (the default): a 3xx must not carry the API-KEY header to
  // another origin. (Downloads follow them, and send no key: Client::download.)
  cli->set_keep_alive(keep_alive);
  return cli;
}

}  // namespace

// Open connections to the API origin, kept between requests (HTTP keep-alive): a new TCP
// connection (and TLS handshake) per request cost more than the rest of a tool call together.
// A connection serves one request at a time: it is taken out while in use and given back after
// a complete answer. At most kMaxIdle wait; a connection idle for longer than kMaxIdleTime is
// closed, when the pool is next used, rather than reused (servers drop idle ones; cpp-httplib
// also checks before each use).
class ConnectionPool {
 public:
  static constexpr std::size_t kMaxIdle = 64;
  static constexpr std::chrono::seconds kMaxIdleTime{30};

  // The origin is read once here, not per request (its checks use std::regex).
  explicit ConnectionPool(const std::string& base_url) {
    const BaseUrl base = read_base_url(base_url);
    if (!base.problem) origin_ = split_url(base.origin);
    if (!origin_) problem_ = base.problem.value_or("bad base URL");
  }
  // The API origin, or nullopt with problem() saying why nothing may be sent.
  const std::optional<HttpUrl>& origin() const { return origin_; }
  const std::string& problem() const { return problem_; }

  // An idle connection, or nullptr.
  std::unique_ptr<httplib::Client> take() {
    std::lock_guard lock(mutex_);
    close_expired();
    if (idle_.empty()) return nullptr;
    auto http = std::move(idle_.back().http);
    idle_.pop_back();
    return http;
  }
  void give_back(std::unique_ptr<httplib::Client> http) {
    if (!http->is_socket_open()) return;  // closed by the server ("Connection: close"): nothing to keep
    std::lock_guard lock(mutex_);
    close_expired();
    if (idle_.size() < kMaxIdle) idle_.push_back({std::move(http), std::chrono::steady_clock::now()});
  }

 private:
  struct Idle {
    std::unique_ptr<httplib::Client> http;
    std::chrono::steady_clock::time_point since;
  };
  // Closes the connections idle for too long: the oldest, at the front.
  void close_expired() {
    const auto cutoff = std::chrono::steady_clock::now() - kMaxIdleTime;
    auto fresh = std::find_if(idle_.begin(), idle_.end(), [&](const Idle& i) { return i.since >= cutoff; });
    idle_.erase(idle_.begin(), fresh);
  }
  std::optional<HttpUrl> origin_;
  std::string problem_;
  std::mutex mutex_;
  std::vector<Idle> idle_;  // in the order given back: the most recent, taken first, is last
};

namespace {

// What a transport failure means, in words a user can act on (httplib's own name follows).
std::string transport_words(httplib::Error e) {
  switch (e) {
    case httplib::Error::Connection: return "could not connect (refused, unreachable, or the name did not resolve)";
    case httplib::Error::ConnectionTimeout: return "connecting timed out";
    case httplib::Error::Read: return "the answer did not come in time, or the connection dropped while reading it";
    case httplib::Error::Write: return "the connection dropped while sending";
    case httplib::Error::SSLConnection: return "the TLS handshake failed";
    case httplib::Error::SSLServerVerification:
      return "its TLS certificate is not trusted (behind a TLS-inspecting proxy? see PIXVERSE_CA_BUNDLE)";
    case httplib::Error::SSLLoadingCerts: return "the trusted CA certificates could not be loaded";
    default: return "transport error";
  }
}

ApiError transport_error(httplib::Error e, const std::string& host) {
  ApiError err;
  err.kind = ErrorKind::network;
  err.api_message = "no answer from " + host + ": " + transport_words(e) + " (" + httplib::to_string(e) + ")";
  err.answer = Answer::lost;
  return err;
}

// An HTTP answer without the API envelope.
ApiError no_envelope_error(int status) {
  ApiError e;
  e.http_status = status;
  e.answer = classify_answer(status, std::nullopt);
  e.api_message = status >= 400 ? "HTTP " + std::to_string(status) + " without the API envelope"
                                : "the answer is not the API's JSON envelope";
  if (status == 401 || status == 403) {
    e.kind = ErrorKind::auth;
  } else if (status == 429) {
    e.kind = ErrorKind::rate_limited;
    e.api_message = "HTTP 429: too many requests";
  } else if (status == 400) {
    e.kind = ErrorKind::invalid_argument;
    e.api_message = "HTTP 400: the request itself was malformed (path, method or content type)";
  } else if (status >= 500) {
    e.kind = ErrorKind::server;
  } else if (status == 404) {
    e.kind = ErrorKind::protocol;
    e.api_message = "HTTP 404: no such API path (check PIXVERSE_BASE_URL)";
  } else {
    e.kind = ErrorKind::protocol;
  }
  return e;
}

// One attempt's answer. The body is received into `res->body` up to kMaxAnswerBytes; past that
// (or when Content-Length announces more) receiving stops, `too_large` is set and `res` is empty.
struct Reply {
  std::optional<httplib::Response> res;  // empty without a complete answer (see `error`)
  httplib::Error error = httplib::Error::Success;
  int status = 0;  // the HTTP status, also when the body was too large
  bool too_large = false;
  // A streamed part's source failed while it was sent (FormPart::read_streamed): a local
  // problem, not a lost answer, and sending again would only fail again.
  bool source_failed = false;
};

httplib::Request make_request(const std::string& method, const std::string& target, const httplib::Headers& headers,
                              std::string body = {}, const std::string& content_type = {}) {
  httplib::Request req;
  req.method = method;
  req.path = target;
  req.headers = headers;
  if (!content_type.empty()) req.headers.emplace("Content-Type", content_type);
  req.body = std::move(body);
  return req;
}

Reply exchange(httplib::Client& http, httplib::Request req) {
  std::string body;
  int status = 0;
  bool too_large = false;
  req.response_handler = [&](const httplib::Response& r) {
    status = r.status;
    const std::string declared = r.get_header_value("Content-Length");
    std::uint64_t length = 0;
    const std::errc ec = std::from_chars(declared.data(), declared.data() + declared.size(), length).ec;
    if (!declared.empty() && (ec == std::errc::result_out_of_range || (ec == std::errc() && length > kMaxAnswerBytes)))
      too_large = true;
    return !too_large;
  };
  req.content_receiver = [&](const char* data, std::size_t n, std::uint64_t, std::uint64_t) {
    if (n > kMaxAnswerBytes - body.size()) {
      too_large = true;
      return false;
    }
    body.append(data, n);
    return true;
  };
  Reply reply;
  httplib::Response res;
  if (http.send(req, res, reply.error)) {  // the Request& overload: no copy of an upload's body
    status = res.status;
    res.body = std::move(body);
    reply.res = std::move(res);
  }
  reply.status = status;
  reply.too_large = too_large;
  return reply;
}

// multipart/form-data as RFC 7578 writes it (and httplib's own Post(items, boundary) did), as
// a sequence of pieces: text it holds, and parts read from their source as they are sent.
class MultipartBody {
 public:
  MultipartBody(const std::vector<FormPart>& parts, const std::string& boundary) {
    std::string text;
    for (const auto& p : parts) {
      text += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
      if (!p.filename.empty()) text += "; filename=\"" + p.filename + "\"";
      text += "\r\n";
      if (!p.content_type.empty()) text += "Content-Type: " + p.content_type + "\r\n";
      text += "\r\n";
      if (p.read_streamed) {
        add_text(std::move(text));
        text.clear();
        pieces_.push_back({{}, &p});
        size_ += p.streamed_size;
      } else {
        text += p.content;
      }
      text += "\r\n";
    }
    add_text(std::move(text) + "--" + boundary + "--\r\n");
  }
  std::uint64_t size() const { return size_; }
  bool streams() const { return pieces_.size() > 1; }
  // The whole body, when no part streams.
  const std::string& text() const { return pieces_.front().text; }
  // Writes the bytes from `offset` (up to one buffer's worth) to `sink`: an httplib content
  // provider. False when the sink or a streamed part's source failed (then `source_failed`).
  bool write(std::uint64_t offset, httplib::DataSink& sink, std::vector<char>& buffer, bool& source_failed) const {
    for (const auto& piece : pieces_) {
      const std::uint64_t length = piece.streamed ? piece.streamed->streamed_size : piece.text.size();
      if (offset >= length) {
        offset -= length;
        continue;
      }
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(length - offset, buffer.size()));
      if (!piece.streamed) return sink.write(piece.text.data() + offset, n);
      if (!piece.streamed->read_streamed(offset, buffer.data(), n)) {
        source_failed = true;
        return false;
      }
      return sink.write(buffer.data(), n);
    }
    return false;  // past the end: httplib never asks
  }

 private:
  struct Piece {
    std::string text;
    const FormPart* streamed = nullptr;  // set: the part's bytes, read when sent
  };
  void add_text(std::string text) {
    size_ += text.size();
    pieces_.push_back({std::move(text), nullptr});
  }
  std::vector<Piece> pieces_;
  std::uint64_t size_ = 0;
};

// Reads one attempt's answer: success fills `resp` and returns nullopt; anything else is
// classified (answer_policy.h) into the error the caller gets if no attempt follows.
std::optional<ApiError> read_answer(const Reply& reply, const std::string& host, nlohmann::json& resp) {
  if (reply.too_large) {  // unreadable, like any answer without the envelope
    ApiError e = no_envelope_error(reply.status);
    e.api_message = "the answer (HTTP " + std::to_string(reply.status) + ") is larger than " +
                    std::to_string(kMaxAnswerBytes >> 20) + " MiB; it was not read";
    return e;
  }
  if (reply.source_failed) {
    ApiError e{ErrorKind::invalid_argument, 0, 0, "", "", Answer::final, {}};
    e.api_message =
        "the file being uploaded could no longer be read as it was sent (cut short or changed since it "
        "was checked); nothing was uploaded";
    return e;
  }
  const auto& res = reply.res;
  if (!res) return transport_error(reply.error, host);
  const int status = res->status;
  std::optional<ApiError> error;
  if (auto env = parse_envelope(res->body)) {
    if (classify_answer(status, env->code) == Answer::success) {
      resp = std::move(env->resp);
      return std::nullopt;
    }
    error = classify_error(env->code, status, env->message);
    if (status == 401 || status == 403) error->kind = ErrorKind::auth;
  } else {
    error = no_envelope_error(status);
  }
  if (status == 429) {
    if (auto wait = parse_retry_after(res->get_header_value("Retry-After"))) error->retry_after_s = wait->count();
  }
  return error;
}

// How long to wait before the attempt after `error`: a lost answer and a refusal have their
// own doubling back-offs; HTTP 429's Retry-After wins, up to kMaxRetryAfter (beyond that it
// is taken as "not within this call").
std::chrono::milliseconds backoff_after(const ApiError& error, std::chrono::milliseconds lost,
                                        std::chrono::milliseconds refused) {
  if (error.answer == Answer::lost) return lost;
  if (error.retry_after_s) {
    const std::chrono::seconds asked(*error.retry_after_s);
    return asked <= kMaxRetryAfter ? std::chrono::milliseconds(asked) : std::chrono::milliseconds::max();
  }
  return refused;
}

// One logical request: headers, attempts, the retry policy of answer_policy.h, envelope.
// `send` makes one HTTP attempt with the given client and headers. `first_trace_id` is a
// POST's (registered before the call); empty for a GET, which takes a new one per attempt.
using Send = std::function<Reply(httplib::Client&, const httplib::Headers&)>;

// One attempt on a pooled connection. A connection the server closed while it was idle is found
// by cpp-httplib before it is reused (it checks the socket first) and replaced; one that fails
// in the request itself is treated like any lost answer (answer_policy.h): dropped, and the
// request retried after its back-off, on a new connection.
Reply send_pooled(ConnectionPool& pool, const HttpUrl& origin, const ClientConfig& config,
                  std::chrono::milliseconds read_timeout, const Send& send, const httplib::Headers& headers) {
  auto http = pool.take();
  if (!http) http = make_http(origin, config, true);
  set_timeouts(*http, config.connect_timeout, read_timeout);
  Reply reply = send(*http, headers);
  if (reply.res) pool.give_back(std::move(http));  // complete answers only: else its state is unknown
  return reply;
}

Outcome run(const ClientConfig& config, ConnectionPool& pool, const std::string& label, const Send& send,
            const std::string& first_trace_id, const Pacing& pacing) {
  Outcome out;
  const bool is_post = !first_trace_id.empty();
  const auto& base = pool.origin();
  if (!base) {  // never send to a refused origin
    out.error = ApiError{ErrorKind::protocol, 0, 0, pool.problem(), "", Answer::final, {}};
    return out;
  }
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = pacing.deadline.value_or(start + config.retry_window);
  auto lost_backoff = config.retry_backoff;
  auto refused_backoff = config.refusal_backoff;
  std::string trace_id = is_post ? first_trace_id : new_trace_id();
  for (int attempt = 1;; ++attempt) {
    out.attempts = attempt;
    out.trace_id = trace_id;
    const auto read_timeout = pacing.attempt_timeout ? std::clamp(*pacing.attempt_timeout,
                                                                  std::chrono::milliseconds(1000), config.read_timeout)
                                                     : config.read_timeout;
    httplib::Headers headers{{"API-KEY", config.api_key}, {"Ai-trace-id", trace_id},
                             {"Accept", "application/json"}, {"User-Agent", config.user_agent}};
    const Reply reply = send_pooled(pool, *base, config, read_timeout, send, headers);
    std::optional<ApiError> error = read_answer(reply, base->host, out.resp);
    // An answer that quotes the key (an ErrMsg like "API key sk-… is invalid") must not carry
    // it into logs and tool results.
    if (error) common::redact(error->api_message, config.api_key, "<API key>");
    if (!error) {
      spdlog::debug("{} ok (HTTP {}, trace {}, attempt {})", label, reply.status, trace_id, attempt);
      out.error.reset();
      return out;
    }
    error->trace_id = trace_id;
    spdlog::warn("{} failed ({} answer): {} (attempt {}/{})", label, to_string(error->answer), error->message(),
                 attempt, config.max_attempts);
    out.error = std::move(error);
    const AnswerRule& rule = rule_for(out.error->answer);
    if (!rule.retry || attempt >= config.max_attempts) break;
    const auto wait = backoff_after(*out.error, lost_backoff, refused_backoff);
    if (wait == std::chrono::milliseconds::max() || std::chrono::steady_clock::now() + wait > deadline) {
      spdlog::warn("{}: not trying again, the wait ({}) would end past this call's deadline", label,
                   wait == std::chrono::milliseconds::max() ? "Retry-After " + std::to_string(*out.error->retry_after_s) + " s"
                                                             : std::to_string(wait.count()) + " ms");
      break;
    }
    const bool waited = pacing.sleep ? pacing.sleep(wait) : (std::this_thread::sleep_for(wait), true);
    if (!waited) {
      spdlog::info("{}: cancelled while waiting to try again", label);
      break;
    }
    (out.error->answer == Answer::lost ? lost_backoff : refused_backoff) *= 2;
    if (!is_post || !rule.same_trace_id) {
      trace_id = new_trace_id();
      if (is_post && pacing.on_new_trace_id) pacing.on_new_trace_id(trace_id);
    }
  }
  return out;
}

}  // namespace

Client::Client(ClientConfig config)
    : config_(std::move(config)), pool_(std::make_shared<ConnectionPool>(config_.base_url)) {
  // Normalised here too (idempotent), so a programmatic config reads like PIXVERSE_BASE_URL;
  // a refused URL stays as given and every call reports why.
  if (pool_->origin()) config_.base_url = pool_->origin()->origin;
}

Outcome Client::get(const std::string& path, const Query& query, const Pacing& pacing) const {
  const std::string target = httplib::append_query_params(path, httplib::Params(query.begin(), query.end()));
  return run(
      config_, *pool_, "GET " + path,
      [&](httplib::Client& http, const httplib::Headers& headers) {
        return exchange(http, make_request("GET", target, headers));
      },
      "", pacing);
}

Outcome Client::post_json(const std::string& path, const nlohmann::json& body, const std::string& trace_id,
                          const Pacing& pacing) const {
  const std::string payload = body.dump();  // serialized once: every retry sends the same bytes
  Pacing submission = pacing;
  if (!submission.attempt_timeout) submission.attempt_timeout = config_.submit_timeout;
  return run(
      config_, *pool_, "POST " + path,
      [&](httplib::Client& http, const httplib::Headers& headers) {
        return exchange(http, make_request("POST", path, headers, payload, "application/json"));
      },
      trace_id.empty() ? new_trace_id() : trace_id, submission);
}

Outcome Client::post_multipart(const std::string& path, const std::vector<FormPart>& parts,
                               const std::string& trace_id, const Pacing& pacing) const {
  // A fixed boundary per logical request keeps the body byte-identical across retries.
  const std::string boundary = "pixverse-mcp-" + new_trace_id();
  const std::string content_type = "multipart/form-data; boundary=" + boundary;
  const MultipartBody body(parts, boundary);
  std::vector<char> buffer(body.streams() ? std::size_t{256} << 10 : 0);
  return run(
      config_, *pool_, "POST " + path,
      [&](httplib::Client& http, const httplib::Headers& headers) {
        if (!body.streams()) return exchange(http, make_request("POST", path, headers, body.text(), content_type));
        httplib::Request req = make_request("POST", path, headers, {}, content_type);
        // What httplib's own Post(path, headers, length, provider, type) sets; that overload has no
        // place for the bounded answer reader exchange() installs.
        req.content_length_ = static_cast<std::size_t>(body.size());
        bool source_failed = false;
        req.content_provider_ = [&](std::size_t offset, std::size_t, httplib::DataSink& sink) {
          return body.write(offset, sink, buffer, source_failed);
        };
        Reply reply = exchange(http, std::move(req));
        reply.source_failed = source_failed;
        return reply;
      },
      trace_id.empty() ? new_trace_id() : trace_id, pacing);
}

Client::Download Client::download(const std::string& url, const std::function<bool(const char*, std::size_t)>& sink,
                                  std::uint64_t max_bytes) const {
  Download d;
  auto u = split_url(url);
  if (!u) {
    d.error = ApiError{ErrorKind::protocol, 0, 0, "not a downloadable URL: " + url, "", Answer::final, {}};
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
    d.error = ApiError{ErrorKind::protocol, 0, 0, "file larger than " + std::to_string(max_bytes) + " bytes", "",
                       Answer::final, {}};
  } else if (!res) {
    d.error = transport_error(res.error(), u->host);
  } else if (res->status != 200) {
    d.error = ApiError{ErrorKind::server, 0, res->status, "download failed", "",
                       res->status >= 500 ? Answer::lost : Answer::final, {}};
  }
  return d;
}

}  // namespace pixverse
