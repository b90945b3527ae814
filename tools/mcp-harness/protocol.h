#pragma once
// What MCP (its lifecycle and stdio transport) and JSON-RPC 2.0 require of what a server writes,
// as the harness checks it. A test harness has to catch what a lenient host would let through.
// Each check returns what is wrong as a short phrase ("a message without \"jsonrpc\": \"2.0\""),
// or "" when nothing is; callers add the offending line (quoted_line()).
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace harness {

// The longest line the harness reads from a server; a longer one is a violation and is
// dropped as it arrives rather than kept.
inline constexpr std::size_t kMaxLineBytes = std::size_t{64} << 20;  // 64 MiB

// The MCP revisions the harness knows, oldest first: 2024-11-05, 2025-03-26, 2025-06-18, 2025-11-25.
const std::vector<std::string>& known_protocol_versions();
bool is_known_protocol_version(const std::string& version);

// True for 2025-03-26, the one revision whose transport allows JSON-RPC batches (2025-06-18
// removed them again; 2024-11-05 did not have them).
bool batches_allowed(const std::string& version);

// What is wrong with `message`, one JSON value the server wrote (not an array: batches are the
// caller's), as a JSON-RPC 2.0 request, notification or response: "" when nothing.
std::string message_problem(const nlohmann::json& message);

// What is wrong with the result of initialize, for a request that asked for `requested`: the
// shape the lifecycle requires (protocolVersion a string, capabilities an object, serverInfo an
// object with string name and version), and a version that is known and, when `requested` is
// known, the same as `requested` (a server that supports the version asked for must answer
// with it). "" when nothing.
std::string initialize_problem(const nlohmann::json& result, const std::string& requested);

// A line the server wrote, as a violation quotes it: at most about 200 bytes, printable().
std::string quoted_line(const std::string& line);

}  // namespace harness
