#include "mcp/stdio_transport.h"

#include <iostream>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "platform/stdio.h"

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

// Called by pump around each read's lines: `begin` before the first, `end` after the last.
struct ChunkHooks {
  std::function<void()> begin = [] {};
  std::function<bool()> end = [] { return true; };  // false: the output is gone, stop reading
};

constexpr std::size_t kLongLineBytes = 64u << 10;

template <typename ReadSome>
void pump(Server& server, std::size_t max_line_bytes, ReadSome read_some, const ChunkHooks& hooks = {}) {
  LineSplitter splitter(max_line_bytes);
  auto on_line = [&](std::string_view line) {
    if (line.size() > kLongLineBytes) {  // its parse may take a while: send what is ready first
      if (hooks.end()) hooks.begin();
    }
    server.handle_line(line);
  };
  auto on_oversized = [&] { server.reject_oversized_line(max_line_bytes, splitter.oversized_head()); };
  std::string chunk(1 << 16, '\0');
  while (!server.output_closed()) {
    std::ptrdiff_t n = read_some(chunk.data(), chunk.size());
    if (n <= 0) break;
    hooks.begin();
    splitter.feed(std::string_view(chunk.data(), static_cast<std::size_t>(n)), on_line, on_oversized);
    if (!hooks.end()) return;  // nobody reads our answers any more: as if stdin had closed
  }
  hooks.begin();
  splitter.finish(on_line);
  hooks.end();
}

// stdout as serve_stdio() writes it (see stdio_transport.h). One per process: there is one fd 1.
class StdoutWriter {
 public:
  static StdoutWriter& instance() {
    static StdoutWriter writer;
    return writer;
  }
  // Takes one line. Throws std::runtime_error once a write has failed.
  void write_line(const std::string& line) {
    std::lock_guard lock(mutex_);
    if (failed_) throw std::runtime_error("stdout is closed");
    pending_.append(line).push_back('\n');
    if (!deferring_ || std::this_thread::get_id() != reader_ || pending_.size() > kFlushBytes) flush_locked();
    if (failed_) throw std::runtime_error("writing stdout failed: " + error_.message());
  }
  // From the reader thread: defer its own lines until end_chunk().
  void begin_chunk() {
    std::lock_guard lock(mutex_);
    deferring_ = true;
    reader_ = std::this_thread::get_id();
  }
  // Sends what the chunk's lines produced; false once stdout is gone.
  bool end_chunk() {
    std::lock_guard lock(mutex_);
    deferring_ = false;
    flush_locked();
    return !failed_;
  }

 private:
  static constexpr std::size_t kFlushBytes = 1u << 20;

  void flush_locked() {
    std::error_code ec;
    if (!failed_ && !pending_.empty() && !platform::write_stdout(pending_.data(), pending_.size(), ec)) {
      failed_ = true;
      error_ = ec;
    }
    pending_.clear();
    if (pending_.capacity() > kFlushBytes) pending_.shrink_to_fit();  // after one large result
  }

  std::mutex mutex_;
  std::string pending_;
  bool deferring_ = false;
  std::thread::id reader_;
  bool failed_ = false;
  std::error_code error_;
};

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
  StdoutWriter& out = StdoutWriter::instance();
  const ChunkHooks hooks{.begin = [&out] { out.begin_chunk(); }, .end = [&out] { return out.end_chunk(); }};
  pump(
      server, max_line_bytes,
      [](char* buf, std::size_t cap) -> std::ptrdiff_t {
        std::error_code ec;
        const std::size_t n = platform::read_stdin(buf, cap, ec);
        return ec ? -1 : static_cast<std::ptrdiff_t>(n);
      },
      hooks);
}

Server::Sink stdout_sink() {
  return [](const std::string& line) { StdoutWriter::instance().write_line(line); };
}

}  // namespace mcp
