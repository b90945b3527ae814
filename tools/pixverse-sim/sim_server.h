#pragma once
// The HTTP server: binds loopback, registers the /openapi pipeline (API key, Ai-trace-id,
// trace-id replay, faults, body parsing, field rules, endpoint handler, request log), the media
// routes and the /_sim control routes.
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "reply.h"
#include "sim_config.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace sim {

class SimState;
struct RequestRecord;

class SimServer {
 public:
  explicit SimServer(const SimConfig& cfg);
  ~SimServer();
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  // Binds cfg.host:cfg.port (0 = ephemeral). Returns the port, or -1.
  int bind();
  std::string base_url() const;
  void run();   // serves until stop(); blocking
  // True once run() accepts connections (httplib's stop() is a no-op before that).
  bool wait_until_running(std::chrono::milliseconds timeout) const;
  void stop();

 private:
  void handle_openapi(const httplib::Request& req, httplib::Response& res);
  // Key and trace-id checks, the trace-id memory, then the endpoint — or `refusal` in its place
  // (a refusal fault: nothing is created, and the refusal is remembered under the trace id).
  Reply process(const httplib::Request& req, RequestRecord& rec, const std::optional<Reply>& refusal);
  Reply dispatch(const httplib::Request& req, RequestRecord& rec, const std::string& trace_id);
  void log_line(const RequestRecord& rec) const;

  std::unique_ptr<SimState> st_;
  std::unique_ptr<httplib::Server> svr_;
};

// Registered by SimServer (control_routes.cpp).
void register_control_routes(httplib::Server& svr, SimState& st);
void register_media_routes(httplib::Server& svr, SimState& st);

}  // namespace sim
