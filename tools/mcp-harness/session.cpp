#include "mcp-harness/session.h"

#include <algorithm>
#include <limits>

#include "mcp-harness/protocol.h"

namespace harness {
namespace {

using Io = tools::Subprocess::Io;
using std::chrono::milliseconds;

// A line of nothing but spaces, tabs and carriage returns is skipped, not a violation: the
// stdio transport only says messages are separated by newlines, and a server that ends each
// with "\r\n", or writes an empty line between two, still says nothing wrong.
bool is_blank(const std::string& line) { return line.find_first_not_of(" \t\r") == std::string::npos; }

milliseconds until(std::chrono::steady_clock::time_point deadline) {
  return std::max(milliseconds(0), std::chrono::ceil<milliseconds>(deadline - std::chrono::steady_clock::now()));
}

// read_pending() stops after this many messages, so that a server that never stops writing
// cannot keep the harness from its next step.
constexpr std::size_t kPendingMax = 1000;

}  // namespace

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
  const json& r = result["result"];
  if (r.is_object() && r.contains("protocolVersion") && r["protocolVersion"].is_string())
    protocol_version_ = r["protocolVersion"].get<std::string>();
  notify("notifications/initialized");
  return r;
}

json McpSession::send_request(const std::string& method, json params, std::optional<json> id, milliseconds timeout) {
  json request_id = id ? *id : json(next_id_++);
  json message{{"jsonrpc", "2.0"}, {"id", request_id}, {"method", method}};
  if (!params.is_null()) message["params"] = std::move(params);
  // Outstanding even if the send times out: its rest goes out first with the next write, and
  // the server may still answer it.
  outstanding_.insert(request_id.dump());
  send_raw(message.dump(), timeout);
  return request_id;
}

void McpSession::notify(const std::string& method, json params, milliseconds timeout) {
  json message{{"jsonrpc", "2.0"}, {"method", method}};
  if (!params.is_null()) message["params"] = std::move(params);
  send_raw(message.dump(), timeout);
}

void McpSession::send_raw(const std::string& line, milliseconds timeout) {
  const Io status = timeout == kNoLimit ? (process_->write(line + "\n") ? Io::done : Io::closed)
                                        : process_->write_within(line + "\n", timeout);
  if (status == Io::closed) throw ServerClosed("the server's stdin is closed");
  if (status == Io::timeout)
    throw SendTimeout("could not write to the server within " + std::to_string(timeout.count()) + " ms");
}

std::optional<json> McpSession::next_message(milliseconds timeout) {
  auto line = process_->read_line(timeout);
  if (!line) return std::nullopt;
  json j = json::parse(*line, nullptr, false);
  if (j.is_discarded()) throw std::runtime_error("server wrote a line that is not JSON: " + *line);
  return j;
}

void McpSession::violation(const std::string& what, const std::string& raw) const {
  throw ProtocolViolation("protocol violation: " + what + ": " + quoted_line(raw));
}

McpSession::Got McpSession::next_incoming(Clock::time_point deadline, json& message, std::string& raw) {
  for (;;) {
    if (!batch_.empty()) {
      message = std::move(batch_.front().first);
      raw = std::move(batch_.front().second);
      batch_.pop_front();
      if (std::string problem = message_problem(message); !problem.empty()) violation(problem, raw);
      return Got::message;
    }
    auto line = process_->read_line_within(until(deadline), strict_ ? kMaxLineBytes : tools::Subprocess::kNoLimit);
    if (line.status == Io::timeout) return Got::timeout;
    if (line.status == Io::closed) return Got::closed;
    if (line.status == Io::too_long) violation("a line longer than 64 MiB (not read further)", line.text);
    if (is_blank(line.text)) continue;
    raw = std::move(line.text);
    message = json::parse(raw, nullptr, false);
    if (message.is_discarded()) {
      if (strict_) violation("a line that is not JSON", raw);
      throw std::runtime_error("server wrote a line that is not JSON: " + raw);
    }
    if (!strict_) return Got::message;
    if (message.is_array()) {
      if (message.empty()) violation("an empty array, which is not a JSON-RPC message", raw);
      if (!batches_allowed(protocol_version_))
        violation("a JSON-RPC batch (an array), which " +
                      (protocol_version_.empty() ? std::string("no protocol version agreed yet")
                                                 : "protocol " + protocol_version_) +
                      " does not allow",
                  raw);
      for (auto& element : message) batch_.emplace_back(element, element.dump());
      continue;
    }
    if (std::string problem = message_problem(message); !problem.empty()) violation(problem, raw);
    return Got::message;
  }
}

bool McpSession::route(json& m, const std::string& raw, const json* awaited, Clock::time_point deadline) {
  // A message with a method comes from the server, whose ids are its own: never an answer.
  if (!m.is_object() || m.contains("method") || !m.contains("id")) {
    if (answer_server_requests_ && m.is_object() && m.contains("method") && m.contains("id")) {
      json reply{{"jsonrpc", "2.0"}, {"id", m["id"]}};
      if (m["method"] == "ping") reply["result"] = json::object();
      else reply["error"] = {{"code", -32601}, {"message", "mcp-harness does not implement " + m["method"].dump()}};
      send_raw(reply.dump(), until(deadline));
    }
    notifications_.push_back(std::move(m));
    return false;
  }
  const std::string key = m["id"].dump();
  const bool was_outstanding = outstanding_.erase(key) > 0;
  if (strict_ && !was_outstanding) {
    if (answered_.count(key)) violation("a second answer to request " + key, raw);
    violation("an answer to id " + key + ", which mcp-harness never sent", raw);
  }
  answered_.insert(key);
  if (awaited != nullptr && key == awaited->dump()) return true;
  // Answers to requests sent earlier: kept for their await, or a late answer to a request that
  // timed out, which nobody asks for any more.
  early_responses_[key] = std::move(m);
  return false;
}

json McpSession::await_response(const json& id, milliseconds timeout) {
  if (auto it = early_responses_.find(id.dump()); it != early_responses_.end()) {
    json r = std::move(it->second);
    early_responses_.erase(it);
    return r;
  }
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    json message;
    std::string raw;
    const Got got = next_incoming(deadline, message, raw);
    if (got == Got::timeout)
      throw AnswerTimeout("no response to request " + id.dump() + " within " + std::to_string(timeout.count()) + " ms");
    if (got == Got::closed) throw ServerClosed("no response to request " + id.dump() + ": the server closed its output");
    if (route(message, raw, &id, deadline)) return message;
  }
}

std::vector<std::string> McpSession::drain(Clock::time_point deadline, bool until_eof) {
  std::vector<std::string> found;
  for (std::size_t n = 0; until_eof || n < kPendingMax; ++n) {
    try {
      json message;
      std::string raw;
      if (next_incoming(deadline, message, raw) != Got::message) break;
      route(message, raw, nullptr, deadline);
    } catch (const ProtocolViolation& v) {
      found.push_back(v.what());
    } catch (const ServerClosed&) {
      // A request of the server's that cannot be answered any more: its stdin is closed.
    } catch (const SendTimeout&) {
    }
    if (until_eof && Clock::now() >= deadline) break;
  }
  return found;
}

std::vector<std::string> McpSession::read_pending() { return drain(Clock::now(), false); }

std::vector<std::string> McpSession::close_and_drain(milliseconds timeout) {
  process_->close_stdin();
  return drain(Clock::now() + timeout, true);
}

json McpSession::request(const std::string& method, json params, milliseconds timeout) {
  return await_response(send_request(method, std::move(params)), timeout);
}

json McpSession::call_tool(const std::string& name, json arguments, milliseconds timeout) {
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
