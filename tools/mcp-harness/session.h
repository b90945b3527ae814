#pragma once
// A scripted MCP client over stdio: starts a server binary as a child process, the way a host
// does, and exchanges JSON-RPC lines with it through real pipes.
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/subprocess.h"

namespace harness {

using json = nlohmann::json;
using namespace std::chrono_literals;

// Why a request got no answer: distinct outcomes, never guessed from the time that passed.
// All are std::runtime_error, so callers that catch that keep working.
//
// The server's stdout ended (EOF), or its stdin is closed: it has exited, or will not talk again.
class ServerClosed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// No answer within the time given. The server is still there and may answer later.
class AnswerTimeout : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// The message could not be written within the time given: the server does not read its stdin.
class SendTimeout : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// Strict mode: the server wrote what MCP or JSON-RPC 2.0 forbids. what() is
// "protocol violation: WHAT: LINE", LINE being the offending line, cut to about 200 bytes.
class ProtocolViolation : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class McpSession {
 public:
  struct Options {
    std::string server_path;
    std::vector<std::string> args;
    std::map<std::string, std::string> env;
    std::vector<std::string> unset_env;
    bool capture_stderr = true;
  };
  // For the timeouts of sends: wait as long as it takes.
  static constexpr std::chrono::milliseconds kNoLimit = std::chrono::milliseconds::max();

  explicit McpSession(Options options);

  // initialize + notifications/initialized; returns the initialize result (throws on error).
  json initialize(const std::string& protocol_version = "2025-11-25");

  // Sends a request and returns its id (the next integer). Null params are left out. Throws
  // ServerClosed, or SendTimeout when it cannot be written within `timeout`.
  json send_request(const std::string& method, json params = json::object(), std::optional<json> id = std::nullopt,
                    std::chrono::milliseconds timeout = kNoLimit);
  // Sends a notification. Null params are left out. Throws as send_request.
  void notify(const std::string& method, json params = json::object(), std::chrono::milliseconds timeout = kNoLimit);
  void send_raw(const std::string& line, std::chrono::milliseconds timeout = kNoLimit);  // appends '\n'

  // Waits for the response to `id`; notifications and requests from the server that arrive
  // meanwhile are kept in notifications() (requests are answered when
  // answer_server_requests(true)). Throws AnswerTimeout, ServerClosed, and in strict mode
  // ProtocolViolation (the wait ends at the first one); outside strict mode a line that is not
  // JSON throws std::runtime_error.
  json await_response(const json& id, std::chrono::milliseconds timeout = 30s);
  json request(const std::string& method, json params = json::object(), std::chrono::milliseconds timeout = 30s);
  // tools/call; returns the result object (throws if the response is a JSON-RPC error).
  json call_tool(const std::string& name, json arguments, std::chrono::milliseconds timeout = 30s);

  // The next message from the server, parsed (nullopt on timeout/EOF). Bypasses the id routing
  // and strict mode. Blank lines are skipped; a line that is not JSON throws std::runtime_error.
  std::optional<json> next_message(std::chrono::milliseconds timeout);

  // When on, await_response answers the server's own requests the way a client with no
  // capabilities does: ping with an empty result, anything else with -32601. Off by default:
  // tests answer them by hand.
  void answer_server_requests(bool on) { answer_server_requests_ = on; }

  // Strict mode (the harness's runs; off by default, for tests that send odd things on purpose):
  // every line the server writes is checked (protocol.h), and so is every answer's id: a second
  // answer to a request, or an answer to an id never sent, is a violation. A late answer to a
  // request that timed out is not. Lines longer than kMaxLineBytes are violations, not read.
  void strict(bool on) { strict_ = on; }
  // The protocol version in use (set by initialize()): whether a JSON-RPC batch is allowed.
  void set_protocol_version(const std::string& version) { protocol_version_ = version; }

  // Strict mode, between requests: reads what the server has written already (no waiting),
  // answering its requests. Returns the violations found, one what() each.
  std::vector<std::string> read_pending();
  // Strict mode, at the end: closes the server's stdin and reads what it still writes until EOF
  // or `timeout`. Returns the violations found.
  std::vector<std::string> close_and_drain(std::chrono::milliseconds timeout);

  const std::vector<json>& notifications() const { return notifications_; }
  void clear_notifications() { notifications_.clear(); }
  tools::Subprocess& process() { return *process_; }

 private:
  enum class Got { message, timeout, closed };
  using Clock = std::chrono::steady_clock;

  // The next message by `deadline` into `message` (its line into `raw`). Throws as described
  // for await_response (ProtocolViolation in strict mode, std::runtime_error otherwise).
  Got next_incoming(Clock::time_point deadline, json& message, std::string& raw);
  // Deals with a message that is not (true: is) the answer to `awaited` (null: none awaited).
  bool route(json& message, const std::string& raw, const json* awaited, Clock::time_point deadline);
  // Reads and routes messages until `deadline` (until_eof: or EOF; else: or nothing more is
  // there, and at most kPendingMax); the violations found.
  std::vector<std::string> drain(Clock::time_point deadline, bool until_eof);
  [[noreturn]] void violation(const std::string& what, const std::string& raw) const;

  std::unique_ptr<tools::Subprocess> process_;
  std::vector<json> notifications_;
  std::map<std::string, json> early_responses_;  // responses read while waiting for another id
  std::set<std::string> outstanding_;            // ids sent (as JSON text) and not answered yet
  std::set<std::string> answered_;               // ids answered
  std::deque<std::pair<json, std::string>> batch_;  // the rest of a batch being read, with its line
  std::string protocol_version_;
  long long next_id_ = 1;
  bool answer_server_requests_ = false;
  bool strict_ = false;
};

// The text of the first text block of a tools/call result.
std::string result_text(const json& result);

}  // namespace harness
