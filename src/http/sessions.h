#pragma once
// The legacy (2025-03-26 … 2025-11-25) sessions of the HTTP endpoint: one Endpoint each, named
// by an unguessable Mcp-Session-Id (MCP 2025-11-25 basic/transports "Session Management":
// visible ASCII, cryptographically secure). Bounded in number: when full, the session idle the
// longest with nothing running makes room, else a new one is refused. A session idle past
// `idle_timeout` with nothing running is ended.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/endpoint.h"

namespace http {

class Sessions {
 public:
  Sessions(ServerFactory make_server, std::size_t max_sessions, std::chrono::seconds idle_timeout,
           std::size_t replay_capacity);
  // Ends every session (its server's shutdown).
  ~Sessions();

  // A new session and its id; nullptr when the bound is reached and none can make room.
  std::shared_ptr<Endpoint> open(std::string& id);
  // The session `id`, or nullptr (never was, ended, or expired).
  std::shared_ptr<Endpoint> find(const std::string& id);
  // Ends session `id` at once (Endpoint::shutdown with no grace): its calls answer and its streams
  // end. False if there is none.
  bool close(const std::string& id);
  // Shuts every session's server down in order (calls answer, see Endpoint::shutdown), in
  // parallel; the sessions stay until close_all().
  void shutdown_all(std::chrono::milliseconds grace, std::chrono::milliseconds hard);
  // Ends every session.
  void close_all();
  std::size_t size() const;

 private:
  // With mutex_ held: takes out the sessions idle too long into `ended`, to be destroyed (their
  // servers shut down) once the lock is released.
  void expire_idle(std::vector<std::shared_ptr<Endpoint>>& ended);

  ServerFactory make_server_;
  const std::size_t max_;
  const std::chrono::seconds idle_timeout_;
  const std::size_t replay_capacity_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Endpoint>> sessions_;
};

// 32 random bytes as 64 lowercase hex digits (OpenSSL's RAND_bytes).
std::string new_session_id();

}  // namespace http
