#include "mcp/stdio_transport.h"

#include <unistd.h>

#include <cerrno>
#include <iostream>
#include <stdexcept>

namespace mcp {

void LineSplitter::feed(std::string_view bytes, const std::function<void(std::string_view)>& on_line,
                        const std::function<void()>& on_oversized) {
  while (!bytes.empty()) {
    auto nl = bytes.find('\n');
    std::string_view chunk = bytes.substr(0, nl);
    if (skipping_) {
      if (nl != std::string_view::npos) skipping_ = false;
    } else if (buffer_.size() + chunk.size() > max_) {
      head_ = buffer_.substr(0, kOversizedHeadBytes);
      head_.append(chunk.substr(0, kOversizedHeadBytes - head_.size()));
      buffer_.clear();
      buffer_.shrink_to_fit();
      on_oversized();
      skipping_ = nl == std::string_view::npos;
    } else if (nl == std::string_view::npos) {
      buffer_.append(chunk);
    } else if (buffer_.empty()) {
      on_line(chunk);  // the common case: a whole line inside one read, no copy
    } else {
      buffer_.append(chunk);
      on_line(buffer_);
      buffer_.clear();
    }
    if (nl == std::string_view::npos) break;
    bytes.remove_prefix(nl + 1);
  }
}

void LineSplitter::finish(const std::function<void(std::string_view)>& on_line) {
  if (!skipping_ && !buffer_.empty()) on_line(buffer_);
  buffer_.clear();
}

namespace {

template <typename ReadSome>
void pump(Server& server, std::size_t max_line_bytes, ReadSome read_some) {
  LineSplitter splitter(max_line_bytes);
  auto on_line = [&](std::string_view line) { server.handle_line(line); };
  auto on_oversized = [&] { server.reject_oversized_line(max_line_bytes, splitter.oversized_head()); };
  std::string chunk(1 << 16, '\0');
  while (!server.output_closed()) {
    std::ptrdiff_t n = read_some(chunk.data(), chunk.size());
    if (n <= 0) break;
    splitter.feed(std::string_view(chunk.data(), static_cast<std::size_t>(n)), on_line, on_oversized);
  }
  splitter.finish(on_line);
}

}  // namespace

void serve_stream(Server& server, std::istream& in, std::size_t max_line_bytes) {
  pump(server, max_line_bytes, [&](char* buf, std::size_t cap) -> std::ptrdiff_t {
    in.read(buf, 1);  // blocks for the first byte, then takes what is already buffered
    if (in.gcount() == 0) return 0;
    return 1 + in.readsome(buf + 1, static_cast<std::streamsize>(cap - 1));
  });
}

Server::Sink line_sink(std::ostream& out) {
  return [&out](const std::string& line) {
    out << line << '\n';
    out.flush();
    if (!out) throw std::runtime_error("output stream failed");
  };
}

void serve_stdio(Server& server, std::size_t max_line_bytes) {
  pump(server, max_line_bytes, [](char* buf, std::size_t cap) -> std::ptrdiff_t {
    for (;;) {
      ssize_t n = ::read(STDIN_FILENO, buf, cap);
      if (n < 0 && errno == EINTR) continue;
      return n;
    }
  });
}

Server::Sink stdout_sink() {
  std::ios::sync_with_stdio(false);
  return line_sink(std::cout);
}

}  // namespace mcp
