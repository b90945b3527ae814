#pragma once
// JSON-RPC 2.0 message shapes and the error codes MCP uses. Ids stay JSON values so that
// "7" and 7 are echoed back with the type they came with.
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mcp {

using json = nlohmann::json;

enum ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  kResourceNotFound = -32002,
};

// The _meta key tying a message to the task it belongs to (2025-11-25 Tasks).
inline constexpr const char* kRelatedTaskMetaKey = "io.modelcontextprotocol/related-task";

// `text` parsed as one JSON value, or a discarded value if it is anything else. Unlike
// json::parse alone it refuses a NUL byte: nlohmann's lexer takes one for the end of its input,
// so "{…}\0{…}" would read as its first message and the rest would vanish unanswered. JSON text
// never holds a raw NUL (RFC 8259 §7: control characters in strings are escaped).
json parse_json_text(std::string_view text);

// A response to `id`; a null id means "unknown" (parse errors): the "id" key is then omitted,
// because clients drop errors carrying "id": null.
json make_result(const json& id, json result);
json make_error(const json& id, int code, const std::string& message, std::optional<json> data = std::nullopt);
json make_notification(const std::string& method, json params);
// The response to `id` for an outcome already shaped as one: {"result": …} or {"error": …}.
json make_response(const json& id, json outcome);
// The _meta key of the tasks extension (2026-07-28): in a request's client capabilities
// ("extensions") and the server's, it says that side speaks the extension.
inline constexpr const char* kTasksExtension = "io.modelcontextprotocol/tasks";

// A request that fails with a JSON-RPC error: thrown by method handlers, turned into the
// error response by whoever answers the request.
struct RpcError : std::runtime_error {
  RpcError(int code, const std::string& message, std::optional<json> data = std::nullopt)
      : std::runtime_error(message), code(code), data(std::move(data)) {}
  int code;
  std::optional<json> data;
};
json make_error(const json& id, const RpcError& error);

// A request id is a string or an integer, never null, bool or a float.
bool is_valid_request_id(const json& id);

// Serializes for the wire: compact (no raw newline) and invalid UTF-8 replaced, never thrown.
std::string to_wire(const json& message);
// to_wire(make_result(id, result)) for a result already serialised (`result_wire`, compact
// JSON): the same line, without building and copying the envelope.
std::string result_to_wire(const json& id, const std::string& result_wire);

}  // namespace mcp
