#pragma once
// Text a client sent, or a tool gave, cut to a length fit for a message: an id or version of
// absurd length is never echoed whole (it could be megabytes).
#include <string>
#include <string_view>

namespace common {

// `text` when it has at most `max_bytes` bytes; else its first `max_bytes` bytes and "…". A cut
// inside a UTF-8 sequence is left to the wire's repair (mcp::to_wire replaces it with U+FFFD).
inline std::string shortened(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  return std::string(text.substr(0, max_bytes)) + "…";
}

}  // namespace common
