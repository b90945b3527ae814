#pragma once
// The client's roots (MCP "Roots", spec section client/roots): the folders the user has opened
// in the host, which a server should treat as the boundary of the files it reads. Asked with a
// roots/list request once the client says notifications/initialized — only when it declared
// capabilities.roots — and again on notifications/roots/list_changed. Thread-safe.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "mcp/json_rpc.h"

namespace mcp {

struct Root {
  std::string uri;   // "file:///home/me/project"
  std::string name;  // optional, "" when absent
};

class ClientRoots {
 public:
  // From initialize: whether the client declared the roots capability.
  void set_supported(bool supported);
  bool supported() const;
  // A roots/list request to send now (ids "roots-1", "roots-2", …); an earlier one still
  // unanswered is superseded.
  json next_request();
  // A response from the client (a message with an id and no method): true when it answers our
  // latest roots/list (then the roots are updated).
  bool take_response(const json& message);
  // nullopt when the client has no roots capability; otherwise its roots — none when it
  // answered roots/list with an error or without a list, or not within `wait` (fail closed).
  std::optional<std::vector<Root>> current(std::chrono::milliseconds wait) const;

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable answered_;
  bool supported_ = false;
  bool known_ = false;   // an answer (or an error) came
  bool listed_ = false;  // and it held a roots list
  std::vector<Root> roots_;
  std::uint64_t sent_ = 0;
  std::string pending_id_;
};

}  // namespace mcp
