#pragma once
// What the headers of a stateless (2026-07-28) POST must say, and the HTTP status its JSON-RPC
// errors travel with. MCP 2026-07-28 basic/transports/streamable-http: every POST carries
// MCP-Protocol-Version (equal to the body's _meta version), Mcp-Method (the body's method) and,
// for tools/call, resources/read, prompts/get and the tasks methods, Mcp-Name (the body's name,
// uri or taskId; a non-ASCII value as "=?base64?<base64 of UTF-8>?="). A header missing or
// unlike the body is -32020 HeaderMismatch with 400, so that routing intermediaries, which
// read only headers, cannot be told one thing while the server does another.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "mcp/json_rpc.h"

namespace http {

inline constexpr int kHeaderMismatch = -32020;

struct Refusal {
  int http_status = 400;
  int code = 0;  // JSON-RPC error code
  std::string message;
};

// A header's value by name (any case), nullopt when absent.
using HeaderLookup = std::function<std::optional<std::string>(std::string_view name)>;

// Whether a POST without a session is of the stateless era: its MCP-Protocol-Version header
// names no legacy revision, or its body names a revision in _meta.
bool is_stateless_post(const mcp::json& message, const HeaderLookup& header);

// The refusal a stateless request's headers earn, or nullopt when they match its body.
// -32602 (400) when the body's _meta names no protocol version at all (the request cannot be
// served in this era); -32020 (400) for a missing or different header.
std::optional<Refusal> check_stateless_headers(const mcp::json& message, const HeaderLookup& header);

// "=?base64?SGVsbG8=?=" → "Hello"; any other value unchanged; nullopt for bad base64.
std::optional<std::string> decode_header_value(std::string_view value);

// The HTTP status of a stateless request's answer: 404 for -32601; 400 for the protocol-level
// refusals (-32020, -32021, -32022, -32700, -32600, and -32602 when the request's _meta lacks
// its protocolVersion or clientCapabilities); 200 for results and every other error (a tool's
// own failure is an ordinary answer).
int status_for_stateless_answer(const mcp::json& response, const mcp::json& request);

}  // namespace http
