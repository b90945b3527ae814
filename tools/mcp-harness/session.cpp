#include "mcp-harness/session.h"

#include <stdexcept>

namespace harness {

McpSession::McpSession(Options options) {
  tools::Subprocess::Options o;
  o.argv.push_back(options.server_path);
  for (auto& a : options.args) o.argv.push_back(a);
  o.env = std::move(options.env);
  o.unset_env = std::move(options.unset_env);
  o.capture_stderr = options.capture_stderr;
  process_ = std::make_unique<tools::Subprocess>(o);
}

json McpSession::initialize(const std::string& protocol_version) {
  json result = request("initialize", json{{"protocolVersion", protocol_version},
                                           {"capabilities", json::object()},
                                           {"clientInfo", {{"name", "mcp-harness"}, {"version", "1.0"}}}});
  if (!result.contains("result")) throw std::runtime_error("initialize failed: " + result.dump());
  notify("notifications/initialized");
  return result["result"];
}

json McpSession::send_request(const std::string& method, json params, std::optional<json> id) {
  json request_id = id ? *id : json(next_id_++);
  json message{{"jsonrpc", "2.0"}, {"id", request_id}, {"method", method}};
  if (!params.is_null()) message["params"] = std::move(params);
  send_raw(message.dump());
  return request_id;
}

void McpSession::notify(const std::string& method, json params) {
  json message{{"jsonrpc", "2.0"}, {"method", method}};
  if (!params.is_null()) message["params"] = std::move(params);
  send_raw(message.dump());
}

void McpSession::send_raw(const std::string& line) {
  if (!process_->write(line + "\n")) throw std::runtime_error("the server's stdin is closed");
}

std::optional<json> McpSession::next_message(std::chrono::milliseconds timeout) {
  auto line = process_->read_line(timeout);
  if (!line) return std::nullopt;
  json j = json::parse(*line, nullptr, false);
  if (j.is_discarded()) throw std::runtime_error("server wrote a line that is not JSON: " + *line);
  return j;
}

json McpSession::await_response(const json& id, std::chrono::milliseconds timeout) {
  if (auto it = early_responses_.find(id.dump()); it != early_responses_.end()) {
    json r = std::move(it->second);
    early_responses_.erase(it);
    return r;
  }
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) throw std::runtime_error("no response to request " + id.dump() + " in time");
    auto msg = next_message(left);
    if (!msg) throw std::runtime_error("no response to request " + id.dump() + " (timeout or server exited)");
    // A message with a method comes from the server, whose ids are its own: never an answer.
    if (msg->contains("method") || !msg->contains("id")) {
      if (answer_server_requests_ && msg->contains("method") && msg->contains("id")) {
        json reply{{"jsonrpc", "2.0"}, {"id", (*msg)["id"]}};
        if ((*msg)["method"] == "ping") reply["result"] = json::object();
        else reply["error"] = {{"code", -32601}, {"message", "mcp-harness does not implement " + (*msg)["method"].dump()}};
        send_raw(reply.dump());
      }
      notifications_.push_back(std::move(*msg));
      continue;
    }
    if ((*msg)["id"] == id) return *msg;
    early_responses_[(*msg)["id"].dump()] = std::move(*msg);
  }
}

json McpSession::request(const std::string& method, json params, std::chrono::milliseconds timeout) {
  return await_response(send_request(method, std::move(params)), timeout);
}

json McpSession::call_tool(const std::string& name, json arguments, std::chrono::milliseconds timeout) {
  json response = request("tools/call", json{{"name", name}, {"arguments", std::move(arguments)}}, timeout);
  if (!response.contains("result")) throw std::runtime_error("tools/call " + name + " failed: " + response.dump());
  return response["result"];
}

std::string result_text(const json& result) {
  for (const auto& block : result.value("content", json::array()))
    if (block.value("type", "") == "text") return block.value("text", "");
  return "";
}

}  // namespace harness
