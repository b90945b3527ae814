#pragma once
// Everything the simulator observed about /openapi requests, for GET /_sim/requests, and the
// Ai-trace-id memory that makes a repeated trace id get its first answer back.
// The API key is never stored: only whether it matched.
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reply.h"

namespace sim {

struct RequestRecord {
  std::string method, path, content_type;
  nlohmann::json query = nlohmann::json::object();
  std::optional<std::string> trace_id;      // the header as sent (absent = null)
  bool api_key_ok = false;
  nlohmann::json body;                      // parsed JSON body, or null
  std::optional<std::string> body_text;     // start of a body that is not JSON
  nlohmann::json multipart = nlohmann::json::array();
  nlohmann::json unknown_fields = nlohmann::json::array();
  std::optional<std::int64_t> err_code;     // ErrCode answered (or processed, for after_processing faults)
  int http_status = 0;                      // on the wire; 0 = connection dropped
  bool replayed = false;                    // answered from the trace-id memory
  std::optional<std::string> fault;         // kind of the injected fault, if any
  std::vector<std::string> key_leaks;       // where the API key value appeared outside its header
  int client_port = 0;                      // the client's TCP port: one per connection (keep-alive)

  nlohmann::json to_json() const;
};

class RequestLog {
 public:
  std::size_t begin();                        // reserves a slot in arrival order
  void finish(std::size_t slot, const RequestRecord& rec);
  nlohmann::json to_json() const;
  void clear();

 private:
  mutable std::mutex mu_;
  std::vector<nlohmann::json> entries_;
  std::size_t offset_ = 0;  // slots before this were cleared
};

// First answer per Ai-trace-id. A second request with the same id waits for the first to finish.
class TraceMemory {
 public:
  // nullopt: the caller owns this trace id and must call remember(). Otherwise: the first answer.
  std::optional<Reply> claim(const std::string& trace_id);
  void remember(const std::string& trace_id, const Reply& reply);
  void clear();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, std::optional<Reply>> replies_;  // nullopt = still being processed
};

}  // namespace sim
