#pragma once
// Text from a server, a script or a command line, made safe to print on a terminal or put in a
// report: a server's tool text could otherwise clear the screen, hide lines with a carriage
// return, or make a JUnit file that is not UTF-8.
#include <string>
#include <string_view>

namespace harness {

// `text` with valid UTF-8 kept as it is, except control characters, written as JSON writes them
// (\u001b): C0 controls other than tab and newline, DEL, and C1 controls (U+0080–U+009F, which
// terminals also take as escape sequences). A byte that is not part of a valid UTF-8 character
// becomes \xNN (e.g. \xff). With keep_newlines false, '\n' is escaped too (\u000a), so that the
// text stays on one line. Escaping twice changes nothing.
std::string printable(std::string_view text, bool keep_newlines = true);

// At most `max_bytes` of `text`, cut on a UTF-8 character boundary, with "…" when cut.
std::string cut(std::string_view text, std::size_t max_bytes);

}  // namespace harness
