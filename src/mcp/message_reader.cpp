#include "mcp/message_reader.h"

#include <cstdint>

#include "common/json_limits.h"

namespace mcp {

namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::size_t skip_space(std::string_view s, std::size_t i) {
  while (i < s.size() && is_space(s[i])) ++i;
  return i;
}

// The index just past the string token opening at s[at] == '"', or npos if the line ends first.
std::size_t string_end(std::string_view s, std::size_t at) {
  for (std::size_t i = at + 1; i < s.size(); ++i) {
    if (s[i] == '\\')
      ++i;  // the escaped character cannot close the string
    else if (s[i] == '"')
      return i + 1;
  }
  return npos;
}

// The UTF-16 code unit of the escape \uXXXX starting at s[at] == '\\', if it is one.
std::optional<std::uint16_t> unicode_escape(std::string_view s, std::size_t at) {
  if (at + 6 > s.size() || s[at] != '\\' || s[at + 1] != 'u') return std::nullopt;
  std::uint16_t unit = 0;
  for (std::size_t i = at + 2; i < at + 6; ++i) {
    const char c = s[i];
    int digit = 0;
    if (c >= '0' && c <= '9')
      digit = c - '0';
    else if (c >= 'a' && c <= 'f')
      digit = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      digit = c - 'A' + 10;
    else
      return std::nullopt;
    unit = static_cast<std::uint16_t>(unit * 16 + digit);
  }
  return unit;
}

bool is_high_surrogate(std::uint16_t u) { return u >= 0xD800 && u <= 0xDBFF; }
bool is_low_surrogate(std::uint16_t u) { return u >= 0xDC00 && u <= 0xDFFF; }

// The UTF-8 sequence starting at the non-ASCII byte s[at]: its length if well formed (the
// Unicode Standard's table of well-formed byte sequences), else the length of its maximal
// ill-formed subpart, which one U+FFFD replaces.
struct Utf8Step {
  std::size_t length;
  bool valid;
};

Utf8Step utf8_step(std::string_view s, std::size_t at) {
  const auto lead = static_cast<unsigned char>(s[at]);
  std::size_t need = 0;
  unsigned char second_lo = 0x80, second_hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    need = 2;
  } else if (lead == 0xE0) {
    need = 3;
    second_lo = 0xA0;  // no overlong forms
  } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
    need = 3;
  } else if (lead == 0xED) {
    need = 3;
    second_hi = 0x9F;  // no encoded surrogates
  } else if (lead == 0xF0) {
    need = 4;
    second_lo = 0x90;  // no overlong forms
  } else if (lead >= 0xF1 && lead <= 0xF3) {
    need = 4;
  } else if (lead == 0xF4) {
    need = 4;
    second_hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return {1, false};  // 80..C1 and F5..FF never start a sequence
  }
  for (std::size_t k = 1; k < need; ++k) {
    if (at + k >= s.size()) return {k, false};
    const auto b = static_cast<unsigned char>(s[at + k]);
    const unsigned char lo = k == 1 ? second_lo : 0x80, hi = k == 1 ? second_hi : 0xBF;
    if (b < lo || b > hi) return {k, false};
  }
  return {need, true};
}

// Rule 3: copies `s` to `out` with invalid Unicode inside strings replaced by U+FFFD.
// Returns the number of replacements.
std::size_t repair_unicode(std::string_view s, std::string& out) {
  out.clear();
  out.reserve(s.size() + s.size() / 8);
  std::size_t replaced = 0;
  bool in_string = false;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (!in_string || c == '"') {
      if (c == '"') in_string = !in_string;
      out += c;
      ++i;
    } else if (c == '\\') {
      if (auto unit = unicode_escape(s, i)) {
        if (is_high_surrogate(*unit)) {
          auto next = unicode_escape(s, i + 6);
          if (next && is_low_surrogate(*next)) {
            out.append(s.substr(i, 12));  // a well-formed pair
            i += 12;
            continue;
          }
        }
        if (is_high_surrogate(*unit) || is_low_surrogate(*unit)) {
          out += "\\ufffd";
          ++replaced;
        } else {
          out.append(s.substr(i, 6));
        }
        i += 6;
      } else {
        // Any other escape, valid or not: keep it, so that \" does not end the string. An
        // escaped non-ASCII byte is left to the UTF-8 check (the parser refuses the escape).
        const bool ascii_next = i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0x80;
        out.append(s.substr(i, ascii_next ? 2 : 1));
        i += ascii_next ? 2 : 1;
      }
    } else if (static_cast<unsigned char>(c) < 0x80) {
      out += c;
      ++i;
    } else {
      const Utf8Step step = utf8_step(s, i);
      if (step.valid) {
        out.append(s.substr(i, step.length));
      } else {
        out += "\xEF\xBF\xBD";
        ++replaced;
      }
      i += step.length;
    }
  }
  return replaced;
}

// Decodes one JSON token (a string or a number) on its own; a discarded value if it is not one.
json decode_token(std::string_view token) { return json::parse(token, nullptr, /*allow_exceptions=*/false); }

bool is_id_key(std::string_view token) {
  if (token == "\"id\"") return true;
  if (token.size() > 32 || token.find('\\') == npos) return false;
  json key = decode_token(token);
  return key.is_string() && key.get_ref<const std::string&>() == "id";
}

// The request id whose value token starts at s[at], or null if it is not a complete string or
// integer token.
json id_value_at(std::string_view s, std::size_t at) {
  if (at >= s.size()) return json();
  if (s[at] == '"') {
    const std::size_t end = string_end(s, at);
    if (end == npos) return json();
    json id = decode_token(s.substr(at, end - at));
    return id.is_string() ? id : json();
  }
  if (s[at] != '-' && (s[at] < '0' || s[at] > '9')) return json();
  std::size_t end = at + 1;
  while (end < s.size() && ((s[end] >= '0' && s[end] <= '9') || s[end] == '-' || s[end] == '+' || s[end] == '.' ||
                            s[end] == 'e' || s[end] == 'E'))
    ++end;
  if (end == s.size()) return json();  // cut off by the end of the line: maybe not all its digits
  json id = decode_token(s.substr(at, end - at));
  return id.is_number_integer() ? id : json();  // floats, overflowing integers: no id
}

// Rule 4: the first "id" member of the top-level object, or null. One pass; depth is a counter.
json recover_id(std::string_view s) {
  std::size_t depth = 0;
  bool top_is_object = false;
  char previous = 0;  // the last significant character seen at depth 1: '{', ',', ':' or 'v' (a value)
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '"') {
      const std::size_t end = string_end(s, i);
      if (end == npos) return json();  // an unterminated string runs to the end of the line
      if (depth == 1 && top_is_object && (previous == '{' || previous == ',') && is_id_key(s.substr(i, end - i))) {
        const std::size_t colon = skip_space(s, end);
        if (colon < s.size() && s[colon] == ':') return id_value_at(s, skip_space(s, colon + 1));
      }
      if (depth == 1) previous = 'v';
      i = end;
      continue;
    }
    if (c == '{' || c == '[') {
      if (depth == 0) top_is_object = c == '{';
      if (++depth == 1) previous = c;
    } else if (c == '}' || c == ']') {
      if (depth > 0 && --depth == 1) previous = 'v';
    } else if (depth == 1 && !is_space(c)) {
      previous = c == ',' || c == ':' ? c : 'v';
    }
    ++i;
  }
  return json();
}

ReadLine failure(int code, std::string message, json id) {
  ReadLine read;
  read.error = ReadError{code, std::move(message), std::move(id)};
  return read;
}

ReadLine read_unguarded(std::string_view line) {
  if (json_limits::nests_deeper_than(line, kMaxJsonDepth))  // rule 1
    return failure(kInvalidRequest,
                   "invalid request: nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels",
                   recover_id(line));
  ReadLine read;
  read.message = parse_json_text(line);
  if (!read.message.is_discarded()) return read;

  std::string repaired;
  read.replacements = repair_unicode(line, repaired);
  if (read.replacements > 0) {
    read.message = parse_json_text(repaired);
    if (!read.message.is_discarded()) return read;
  }
  ReadLine failed = failure(kParseError, "parse error: the line is not valid JSON",
                            recover_id(read.replacements > 0 ? std::string_view(repaired) : line));
  failed.replacements = read.replacements;
  return failed;
}

}  // namespace

ReadLine read_message(std::string_view line) noexcept {
  try {
    return read_unguarded(line);
  } catch (...) {  // out of memory: answer something rather than dying
    ReadLine read;
    read.error = ReadError{kInternalError, "internal error", json()};
    return read;
  }
}

}  // namespace mcp
