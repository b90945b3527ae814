#pragma once
// A thin client of the PixVerse Platform REST API (https://app-api.pixverse.ai/openapi/v2/…).
//
// Wire rules: every request carries API-KEY and an Ai-trace-id; success is ErrCode == 0 in the
// body whatever the HTTP status; ids are exact int64.
// Retries follow answer_policy.h: a POST whose answer was lost is replayed with the SAME trace
// id and byte-identical body (PixVerse answers a repeated trace id with its first answer, so a
// job it created comes back instead of a second one); a refusal that created no job (500044,
// 500069, 500100, HTTP 429) is sent again after a back-off as a NEW request with a NEW trace id;
// a GET takes a new trace id for every attempt.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pixverse/answer_policy.h"
#include "pixverse/api_error.h"
#include "pixverse/base_url.h"

namespace pixverse {

struct ClientConfig {
  std::string base_url = kDefaultBaseUrl;  // as given; the Client normalises it (read_base_url)
  std::string api_key;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds read_timeout{60'000};  // uploads of large files and slow answers
  // Each attempt of a JSON POST (a job submission) waits this long for its answer. PixVerse
  // answers a submission in a second or two; three attempts and their back-offs must fit into
  // retry_window, so a timed-out submission is replayed under its trace id, and the error (with
  // its recovery hint) reaches the host before its own ~60 s call timeout.
  std::chrono::milliseconds submit_timeout{10'000};
  int max_attempts = 3;                             // per logical request, retries included
  std::chrono::milliseconds retry_backoff{400};     // before replaying a lost answer; doubled per replay
  std::chrono::milliseconds refusal_backoff{2'000};  // before resubmitting a refusal (no Retry-After); doubled
  std::chrono::milliseconds retry_window{30'000};   // no back-off ends later than this after the first attempt
  std::string user_agent = "pixverse-mcp";
  // A PEM file of CA certificates trusted for https besides the system store (platform/ca_store.h:
  // OpenSSL's default paths, which SSL_CERT_FILE / SSL_CERT_DIR also set, or the system's bundle
  // found where the distribution keeps it): for users behind a TLS-inspecting proxy.
  // "" = the system store only. A file that cannot be read adds nothing.
  std::string ca_bundle;
};

// How one logical request waits between attempts, and who hears of a new trace id.
struct Pacing {
  // No back-off ends after this; default: the first attempt's start + ClientConfig::retry_window.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  // Waits between attempts; returns false when the call was cancelled (then no further attempt).
  // Default: std::this_thread::sleep_for.
  std::function<bool(std::chrono::milliseconds)> sleep;
  // A POST about to be resubmitted under a new trace id (after a refusal), called before it goes
  // out: the job registry must hold the trace id a recovery would resend.
  std::function<void(const std::string& trace_id)> on_new_trace_id;
  // Each attempt's read timeout, when shorter than ClientConfig::read_timeout: a status poll
  // inside a bounded wait must not hang past that wait (a PixVerse status GET answers in well
  // under a second). Never below 1 s.
  std::optional<std::chrono::milliseconds> attempt_timeout;
};

// The outcome of one logical request (after retries).
struct Outcome {
  nlohmann::json resp;            // Resp, on success
  std::optional<ApiError> error;  // set on failure
  std::string trace_id;           // of the last attempt (after a refusal, not the first one's)
  int attempts = 0;               // requests sent
  bool ok() const { return !error.has_value(); }
};

struct FormPart {
  std::string name = {};
  std::string content = {};
  std::string filename = {};      // empty for a text field
  std::string content_type = {};  // empty for a text field
  // A part read as it is sent, instead of `content` (a file streamed from disk): its size, and
  // a reader of `n` bytes at `offset` into `out` (false: the source failed; the attempt is
  // abandoned). Called again from offset 0 when the request is sent again.
  std::uint64_t streamed_size = 0;
  std::function<bool(std::uint64_t offset, char* out, std::size_t n)> read_streamed = {};
};

using Query = std::vector<std::pair<std::string, std::string>>;

class ConnectionPool;  // kept-alive connections to the API origin (client.cpp)

// Thread-safe: calls may run at once from any threads; copies share their open connections.
class Client {
 public:
  explicit Client(ClientConfig config);

  const ClientConfig& config() const { return config_; }
  bool has_api_key() const { return !config_.api_key.empty(); }

  Outcome get(const std::string& path, const Query& query = {}, const Pacing& pacing = {}) const;
  // `trace_id`: the first attempt's (empty: a new one). Registered with the job before the call,
  // it lets a lost answer be recovered later by replaying the same trace id and body.
  Outcome post_json(const std::string& path, const nlohmann::json& body, const std::string& trace_id,
                    const Pacing& pacing = {}) const;
  Outcome post_multipart(const std::string& path, const std::vector<FormPart>& parts, const std::string& trace_id,
                         const Pacing& pacing = {}) const;

  // Downloads `url` (any host: result files live on a CDN) into `sink`, chunk by chunk.
  // Returns the byte count, or an error. `url` comes from PixVerse (a job's result link), never
  // from a caller, so it is not held to public addresses as a remote caller's URL would have to
  // be: a caller's URL must not be passed here without that check.
  struct Download {
    std::uint64_t bytes = 0;
    std::optional<ApiError> error;
  };
  Download download(const std::string& url, const std::function<bool(const char*, std::size_t)>& sink,
                    std::uint64_t max_bytes) const;

 private:
  ClientConfig config_;
  std::shared_ptr<ConnectionPool> pool_;
};

}  // namespace pixverse
