#pragma once
// A scripted MCP client over stdio: starts a server binary as a child process, the way a host
// does, and exchanges JSON-RPC lines with it through real pipes.
#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/subprocess.h"

namespace harness {

using json = nlohmann::json;
using namespace std::chrono_literals;

class McpSession {
 public:
  struct Options {
    std::string server_path;
    std::vector<std::string> args;
    std::map<std::string, std::string> env;
    std::vector<std::string> unset_env;
    bool capture_stderr = true;
  };

  explicit McpSession(Options options);

  // initialize + notifications/initialized; returns the initialize result (throws on error).
  json initialize(const std::string& protocol_version = "2025-11-25");

  // Sends a request and returns its id (the next integer). Null params are left out.
  json send_request(const std::string& method, json params = json::object(), std::optional<json> id = std::nullopt);
  // Sends a notification. Null params are left out.
  void notify(const std::string& method, json params = json::object());
  void send_raw(const std::string& line);  // appends '\n'

  // Waits for the response to `id`; notifications and requests from the server that arrive
  // meanwhile are kept in notifications() (requests are answered when
  // answer_server_requests(true)). Throws std::runtime_error on timeout or EOF.
  json await_response(const json& id, std::chrono::milliseconds timeout = 30s);
  json request(const std::string& method, json params = json::object(), std::chrono::milliseconds timeout = 30s);
  // tools/call; returns the result object (throws if the response is a JSON-RPC error).
  json call_tool(const std::string& name, json arguments, std::chrono::milliseconds timeout = 30s);

  // The next line from the server, parsed (nullopt on timeout/EOF). Bypasses the id routing.
  std::optional<json> next_message(std::chrono::milliseconds timeout);

  // When on, await_response answers the server's own requests the way a client with no
  // capabilities does: ping with an empty result, anything else with -32601. Off by default:
  // tests answer them by hand.
  void answer_server_requests(bool on) { answer_server_requests_ = on; }

  const std::vector<json>& notifications() const { return notifications_; }
  void clear_notifications() { notifications_.clear(); }
  tools::Subprocess& process() { return *process_; }

 private:
  std::unique_ptr<tools::Subprocess> process_;
  std::vector<json> notifications_;
  std::map<std::string, json> early_responses_;  // responses read while waiting for another id
  long long next_id_ = 1;
  bool answer_server_requests_ = false;
};

// The text of the first text block of a tools/call result.
std::string result_text(const json& result);

}  // namespace harness
