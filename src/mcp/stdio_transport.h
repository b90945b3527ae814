#pragma once
// Newline-delimited JSON-RPC over a byte stream: splitting lines with a size limit, and the
// stdin/stdout loop. stdout carries MCP messages only; this is the one place that writes it.
#include <cstddef>
#include <functional>
#include <istream>
#include <ostream>
#include <string>
#include <string_view>

#include "mcp/server.h"

namespace mcp {

// Splits a byte stream into lines. A line longer than `max_line_bytes` is dropped whole
// (up to its newline) and reported once, instead of growing the buffer without bound.
class LineSplitter {
 public:
  explicit LineSplitter(std::size_t max_line_bytes) : max_(max_line_bytes) {}
  void feed(std::string_view bytes, const std::function<void(std::string_view line)>& on_line,
            const std::function<void()>& on_oversized);
  // At end of input: a last line without a trailing newline still counts.
  void finish(const std::function<void(std::string_view line)>& on_line);
  // The first bytes (at most kOversizedHeadBytes) of the line last reported as oversized, so
  // its request id can still be read and answered.
  const std::string& oversized_head() const { return head_; }
  static constexpr std::size_t kOversizedHeadBytes = 64u << 10;

 private:
  std::size_t max_;
  std::string buffer_;
  std::string head_;
  bool skipping_ = false;
};

// A data: URI of a 50 MB video (the largest upload PixVerse takes) is 67 MB of base64.
constexpr std::size_t kDefaultMaxLineBytes = 80u << 20;

// Reads messages from `in` until EOF and feeds them to `server`. Returns at EOF.
void serve_stream(Server& server, std::istream& in, std::size_t max_line_bytes = kDefaultMaxLineBytes);

// A sink writing one line per message to `out`, flushed (the caller serializes calls).
Server::Sink line_sink(std::ostream& out);

// The process's own stdin/stdout. Returns at EOF on stdin or when stdout is gone.
//
// Output is written with write(2) on fd 1, one call per batch of lines: lines the reader thread
// produces while it handles one read of stdin (a client pipelining 1,000 pings) leave together
// when that read is handled, before the next read can block; lines from any other thread (a
// worker's result, a progress notification) leave at once, after whatever is pending, so order
// is kept. A long line (over 64 KiB) flushes what is pending before it is handled.
void serve_stdio(Server& server, std::size_t max_line_bytes = kDefaultMaxLineBytes);
// The sink of the server serve_stdio() feeds. Throws std::runtime_error once stdout is gone.
Server::Sink stdout_sink();

}  // namespace mcp
