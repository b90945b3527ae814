#pragma once
// MCP's Streamable HTTP transport on cpp-httplib's server: one endpoint (default "/mcp") for
// both eras. MCP 2025-11-25 basic/transports "Streamable HTTP" (sessions: POST, GET stream,
// DELETE, resumable SSE) and 2026-07-28 (stateless POSTs checked against their headers; closing
// the response stream cancels). Every request first passes the checks the spec's security
// warning asks for: Host names this server (DNS rebinding), Origin is absent, local or listed
// (403), and the operator's bearer token when one is set (401).
//
// Threads: cpp-httplib serves each open connection on one thread (ConnectionQueue bounds them);
// the work of the calls runs on each mcp::Server's pool, where a waiting call holds no thread.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/endpoint.h"
#include "http/origin_policy.h"

namespace http {

struct TransportOptions {
  std::string host = "127.0.0.1";  // the address to bind: loopback unless the operator says otherwise
  int port = 8808;                 // 0: any free port (see Transport::port())
  std::string path = "/mcp";
  std::string bearer_token;                            // "" = none; never logged
  std::vector<std::string> allowed_origins;            // besides local pages (OriginPolicy::extra_origins)
  std::vector<std::string> allowed_hosts;              // Host names besides loopback and `host` (a proxy's name)
  std::size_t max_body_bytes = std::size_t{32} << 20;  // a POST body past this is 413
  std::size_t max_sessions = 256;                      // legacy sessions at once
  std::size_t max_connections = 512;                   // connections served at once; more get 503
  std::chrono::seconds session_idle_timeout{30 * 60};  // a session unused this long (nothing running) ends
  std::chrono::seconds keep_alive_interval{15};        // an idle stream gets a comment this often
  std::size_t replay_capacity = 256;                   // messages a stream keeps for a resume
};

class Transport {
 public:
  Transport(TransportOptions options, const ServerFactory& make_server);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // Binds the listening socket. False with `error` set when it cannot (address in use, bad host).
  bool bind(std::string& error);
  // The bound port (after bind), and the endpoint's URL "http://host:port/mcp".
  int port() const { return port_; }
  std::string url() const;
  // Serves until stop(); blocks the calling thread.
  void serve();
  // From any thread: refuses new requests (503), lets calls in flight finish for up to `grace`
  // (then cancels them: long waits answer with their job), ends the streams, stops listening.
  void stop(std::chrono::milliseconds grace, std::chrono::milliseconds hard);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace http
