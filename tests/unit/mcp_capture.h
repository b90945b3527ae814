#pragma once
// In-process MCP test helpers: a sink that captures what a Server writes, and request lines.
#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "mcp/server.h"

namespace mcp_test {

using mcp::json;

// Collects what the server writes; lets a test wait for a message with a deadline.
struct Capture {
  std::mutex m;
  std::condition_variable cv;
  std::vector<json> messages;

  mcp::Server::Sink sink() {
    return [this](const std::string& line) {
      // No Catch assertion here: this runs on worker threads, and Catch is not thread-safe.
      // A throwing sink closes the server's output, so the waiting test fails instead.
      if (line.find('\n') != std::string::npos) throw std::runtime_error("a message spans lines");
      std::lock_guard lock(m);
      messages.push_back(json::parse(line));
      cv.notify_all();
    };
  }
  json wait_for(const std::function<bool(const json&)>& pred,
                std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    std::unique_lock lock(m);
    json found;
    bool ok = cv.wait_for(lock, timeout, [&] {
      for (const auto& msg : messages)
        if (pred(msg)) {
          found = msg;
          return true;
        }
      return false;
    });
    if (!ok) throw std::runtime_error("expected message did not arrive");
    return found;
  }
  json response(const json& id, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    return wait_for([&](const json& msg) { return msg.contains("id") && msg["id"] == id; }, timeout);
  }
  // Messages seen so far that match `pred`, in order.
  std::vector<json> all(const std::function<bool(const json&)>& pred) {
    std::lock_guard lock(m);
    std::vector<json> out;
    for (const auto& msg : messages)
      if (pred(msg)) out.push_back(msg);
    return out;
  }
  bool has_response(const json& id) {
    return !all([&](const json& msg) { return msg.contains("id") && msg["id"] == id; }).empty();
  }
  std::size_t count() {
    std::lock_guard lock(m);
    return messages.size();
  }
};

inline std::string req(const json& id, const std::string& method, json params = json::object()) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}}.dump();
}

inline bool is_notification(const json& msg, const std::string& method) {
  return !msg.contains("id") && msg.value("method", "") == method;
}

}  // namespace mcp_test
