#pragma once
// The MCP server core: lifecycle, dispatch, tools, progress, cancellation and logging over
// any line-oriented channel. It knows nothing of PixVerse: tools are registered from outside.
//
// Threading: handle_line() is called by one reader thread. Cheap methods are answered on it;
// each tools/call runs on its own worker thread, so ping and notifications/cancelled are
// read and answered while a tool is busy. All output goes through one sink under one lock,
// so lines never interleave.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/call_context.h"
#include "mcp/json_rpc.h"
#include "mcp/tool.h"

namespace mcp {

struct ServerOptions {
  std::string name = "mcp-server";
  std::string title;
  std::string version = "0.0.0";
  std::string description;
  std::string instructions;
  std::size_t tools_page_size = 100;     // tools/list page size; more tools → nextCursor
  std::size_t max_concurrent_calls = 512;  // tools/call beyond this get -32603 "busy"
  LogLevel initial_log_level = LogLevel::notice;
};

// Versions we speak, newest first. initialize answers the requested one if listed here.
extern const std::vector<std::string> kSupportedProtocolVersions;

class Server {
 public:
  using Sink = std::function<void(const std::string& line)>;  // one JSON message, no newline

  Server(ServerOptions options, Sink sink);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void add_tool(Tool tool);

  // One line received from the client (without its newline).
  void handle_line(std::string_view line);
  // A line the transport refused (too long): answered with -32600 and no id.
  void reject_oversized_line(std::size_t limit);

  // Lets calls in flight finish (and answer) for up to `grace`, then cancels the rest and waits
  // up to `hard` for their threads. New calls are refused. True if none is left running.
  bool shutdown(std::chrono::milliseconds grace, std::chrono::milliseconds hard);

  std::size_t calls_in_flight() const;
  const std::string& negotiated_version() const { return negotiated_version_; }
  // True once the sink failed (the client is gone).
  bool output_closed() const { return output_closed_.load(); }

 private:
  struct RpcError {
    int code;
    std::string message;
  };

  void send(const json& message);
  void handle_message(const json& message);
  void handle_request(const json& id, const std::string& method, const json& params);
  void handle_notification(const std::string& method, const json& params);

  json on_initialize(const json& params);
  json on_tools_list(const json& params) const;
  json on_set_level(const json& params);
  void start_tool_call(const json& id, const json& params);
  bool log_enabled(LogLevel level) const { return level >= min_log_level_.load(); }

  ServerOptions options_;
  Sink sink_;
  std::mutex write_mutex_;
  std::atomic<bool> output_closed_{false};

  std::vector<Tool> tools_;
  std::map<std::string, std::size_t> tool_index_;

  std::string negotiated_version_;
  std::atomic<LogLevel> min_log_level_;

  mutable std::mutex calls_mutex_;
  std::condition_variable calls_cv_;
  std::map<std::string, std::shared_ptr<CancellationFlag>> calls_;  // key: id.dump()
  bool shutting_down_ = false;
};

}  // namespace mcp
