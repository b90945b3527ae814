#pragma once
// Reading one JSON-RPC line from the client. The line is hostile input: hosts cut prompts
// inside emoji (a lone UTF-16 surrogate escape), pass through bytes that are not UTF-8, and a
// buggy or malicious client can nest arrays 200,000 deep. Every line that carries an id must
// still be answered with that id, so the reader repairs what it can and otherwise tells the
// caller which error to send and to which id.
//
// Rules, in order:
//  1. Depth: a linear, non-recursive pre-scan (strings and escapes respected) counts nested
//     arrays and objects. A line nesting deeper than kMaxJsonDepth is never parsed: it gets
//     -32600 "nesting deeper than 256 levels", with the id recovered as in rule 4. This bounds
//     every later recursion on the message (nlohmann's copy, dump and comparison recurse).
//  2. Fast path: the line is parsed once. A valid line costs one pre-scan and one parse.
//  3. Unicode repair: if the parse fails, invalid Unicode inside strings (keys included) is
//     replaced with U+FFFD and the line is parsed again. A lone or mismatched surrogate
//     escape (\ud83e at the end of a string, \udc00 alone, a high surrogate followed by
//     anything but a low-surrogate escape) becomes the escape \ufffd; each maximal ill-formed
//     UTF-8 subpart (0xFF, C0 80, ED A0 80 encoded surrogates, a truncated 4-byte sequence)
//     becomes the bytes EF BF BD, as the Unicode Standard recommends. Bytes outside strings
//     are not touched. `replacements` counts them; the caller logs that (never the content).
//  4. Otherwise the line is not JSON: -32700, with the id recovered by a tolerant linear
//     scanner. It takes the first member named "id" of the top-level object (depth 1, in key
//     position, followed by ':'), wherever it stands relative to the broken part, when its
//     value is a complete integer or a complete string token (decoded by nlohmann on that token
//     alone; a token cut off by the end of the line is not trusted). Any other value (null,
//     bool, float, object, an overflowing integer) means no id. A key spelled with escapes
//     ("\u0069d") counts when its token is at most 32 bytes.
//
// Limits: time and extra memory are linear in the line length (at most one repaired copy of
// the line); nothing recurses on input-controlled depth; no exception escapes.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/json_limits.h"
#include "mcp/json_rpc.h"

namespace mcp {

// The deepest nesting of arrays and objects a message may have: {} is depth 1, {"a":[]} is 2.
inline constexpr std::size_t kMaxJsonDepth = json_limits::kMaxDepth;  // common/json_limits.h

// Why a line could not be read, and what to answer.
struct ReadError {
  int code;             // kInvalidRequest (too deep), kParseError (not JSON) or kInternalError
  std::string message;  // the JSON-RPC error message
  json id;              // the recovered request id (a string or an integer), or null: send without id
};

struct ReadLine {
  json message;                    // the parsed line (any JSON value) when `error` is empty
  std::optional<ReadError> error;  // set when the line could not be read
  std::size_t replacements = 0;    // invalid Unicode sequences replaced with U+FFFD (rule 3)
};

// Reads one line (without its newline). Never throws.
ReadLine read_message(std::string_view line) noexcept;

}  // namespace mcp
