#pragma once
// A thin client of the PixVerse Platform REST API (https://app-api.pixverse.ai/openapi/v2/…).
//
// Wire rules (shared/pixverse-api.md §1): every request carries API-KEY and an Ai-trace-id;
// success is ErrCode == 0 in the body whatever the HTTP status; ids are exact int64.
// Retries: a GET is retried with a new trace id; a POST (billable) only after a transport
// failure or an unreadable 5xx, and then with the SAME trace id and byte-identical body, which
// PixVerse answers with the first result instead of starting a second job.
#include <chrono>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pixverse/api_error.h"

namespace pixverse {

inline constexpr const char* kDefaultBaseUrl = "https://app-api.pixverse.ai";

struct ClientConfig {
  std::string base_url = kDefaultBaseUrl;
  std::string api_key;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds read_timeout{60'000};  // uploads of large files and slow answers
  int max_attempts = 3;                             // per logical request
  std::chrono::milliseconds retry_backoff{400};     // doubled per attempt
  std::string user_agent = "pixverse-mcp";
};

// The outcome of one logical request (after retries).
struct Outcome {
  nlohmann::json resp;            // Resp, on success
  std::optional<ApiError> error;  // set on failure
  std::string trace_id;           // of the last attempt
  int attempts = 0;
  bool ok() const { return !error.has_value(); }
};

struct FormPart {
  std::string name;
  std::string content;
  std::string filename;      // empty for a text field
  std::string content_type;  // empty for a text field
};

using Query = std::vector<std::pair<std::string, std::string>>;

// A base URL we accept: https://host[:port], or http:// for loopback only (the simulator).
// Returns an error sentence, or nullopt if fine.
std::optional<std::string> check_base_url(const std::string& url);

class Client {
 public:
  explicit Client(ClientConfig config);

  const ClientConfig& config() const { return config_; }
  bool has_api_key() const { return !config_.api_key.empty(); }

  Outcome get(const std::string& path, const Query& query = {}) const;
  // `trace_id`: pin it to replay a request whose answer was lost (idempotent resubmission).
  Outcome post_json(const std::string& path, const nlohmann::json& body, const std::string& trace_id) const;
  Outcome post_multipart(const std::string& path, const std::vector<FormPart>& parts,
                         const std::string& trace_id) const;

  // Downloads `url` (any host: result files live on a CDN) into `sink`, chunk by chunk.
  // Returns the byte count, or an error.
  struct Download {
    std::uint64_t bytes = 0;
    std::optional<ApiError> error;
  };
  Download download(const std::string& url, const std::function<bool(const char*, std::size_t)>& sink,
                    std::uint64_t max_bytes) const;

 private:
  ClientConfig config_;
};

}  // namespace pixverse
