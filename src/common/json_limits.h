#pragma once
// Bounds on JSON text that comes from outside: the MCP client's lines (mcp/message_reader.h),
// PixVerse's answers (pixverse/envelope.h), the job registry's stored cells, and JSON text inside
// tool arguments ("image_references": "[…]"). nlohmann's parser keeps its own stack, but copying,
// dumping, comparing and validating a value recurse once per level, so a value nested 100,000
// deep would overflow the stack long after it was parsed. Every reader runs the same linear,
// non-recursive pre-scan first and refuses text nested deeper than kMaxDepth.
//
// Header-only: the protocol layer, the PixVerse client and the catalog all use it, and none of
// them may depend on another for it.
#include <cstddef>
#include <limits>
#include <nlohmann/json.hpp>
#include <string_view>

namespace json_limits {

// The deepest nesting of arrays and objects accepted: {} is depth 1, {"a":[]} is 2.
inline constexpr std::size_t kMaxDepth = 256;

// True if arrays and objects nest deeper than `max_depth` anywhere in `text`. One pass, no
// recursion: brackets inside strings do not count (escapes respected; an unterminated string
// runs to the end); unmatched closers are ignored (a parser refuses them anyway).
inline bool nests_deeper_than(std::string_view text, std::size_t max_depth = kMaxDepth) noexcept {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

// True if `text` holds more than `max_values` arrays, objects and members/elements (counting
// '[', '{' and ',' outside strings): a value costs far more parsed than as text when it is a
// small one — "[{},{},…]" about 33 times — so a reader that takes many megabytes bounds their
// number before parsing. Same single pass as nests_deeper_than.
inline bool holds_more_values_than(std::string_view text, std::size_t max_values) noexcept {
  std::size_t values = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if ((c == '[' || c == '{' || c == ',') && ++values > max_values) return true;
  }
  return false;
}

// `text` parsed, or a discarded value (is_discarded()) when it is longer than `max_bytes`, nests
// deeper than kMaxDepth or is not JSON. Integers stay exact (int64/uint64). Throws only
// std::bad_alloc.
inline nlohmann::json parse_bounded(std::string_view text,
                                    std::size_t max_bytes = std::numeric_limits<std::size_t>::max()) {
  if (text.size() > max_bytes || nests_deeper_than(text)) return nlohmann::json(nlohmann::json::value_t::discarded);
  return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
}

}  // namespace json_limits
