#pragma once
// A child process with its stdin/stdout (and optionally stderr) on pipes: how tests and the
// harness run the real binaries, the way an MCP host does.
#include <chrono>
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tools {

class Subprocess {
 public:
  struct Options {
    std::vector<std::string> argv;                 // argv[0] is the program path
    std::map<std::string, std::string> env;        // added to (or replacing in) the parent's environment
    std::vector<std::string> unset_env;            // removed from the child's environment
    bool capture_stderr = false;                   // else stderr is inherited
  };

  // How a read or a write with a deadline ended.
  enum class Io {
    done,      // the line was read, or everything was written
    timeout,   // the deadline passed first; the child is still there and may read or write later
    closed,    // EOF on its stdout, or its stdin is closed (it exited, or closed the pipe)
    too_long,  // the line grew past the limit given
  };
  struct Line {
    Io status = Io::done;
    std::string text;  // done: the line without '\n'; too_long: its first kLinePrefix bytes; else empty
  };
  static constexpr std::size_t kNoLimit = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t kLinePrefix = 256;

  explicit Subprocess(const Options& opts);  // throws std::runtime_error if it cannot start
  ~Subprocess();                             // closes stdin, then kills (SIGKILL) if still running
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  int pid() const { return pid_; }

  // Writes all of `data` to the child's stdin, waiting as long as it takes. False if the pipe
  // is closed.
  bool write(const std::string& data);
  // Writes all of `data` within `timeout`: done, closed, or timeout when the child does not read
  // (its pipe is full). On timeout the part not written yet is kept and goes out first with the
  // next write, so that no message is ever cut in two on the pipe.
  Io write_within(const std::string& data, std::chrono::milliseconds timeout);
  void close_stdin();

  // One line from the child's stdout (without the '\n'), or nullopt on EOF or timeout.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  // One line from the child's stdout within `timeout`, at most `max_bytes` long. At EOF, a last
  // line without '\n' comes back as done, then closed. A line longer than max_bytes is too_long:
  // its first bytes are returned and the rest of it is read and dropped by later calls, never
  // kept in memory. Waits never end before `timeout` (the wait is rounded up to whole ms).
  Line read_line_within(std::chrono::milliseconds timeout, std::size_t max_bytes = kNoLimit);
  // One line from the child's stderr (capture_stderr must be set).
  std::optional<std::string> read_stderr_line(std::chrono::milliseconds timeout);
  // Everything left on stderr until EOF or timeout.
  std::string drain_stderr(std::chrono::milliseconds timeout);

  // Waits for exit; the exit status (or 128+signal), or nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  void kill(int signal);

 private:
  // One of the child's output pipes and what was read from it but not handed out yet.
  struct Stream {
    int fd = -1;
    std::string buffer;
    std::size_t scanned = 0;  // bytes of buffer known to hold no '\n'
    bool dropping = false;    // inside a line that was too long: skip up to its '\n'
    bool eof = false;
  };
  using Deadline = std::optional<std::chrono::steady_clock::time_point>;  // nullopt: none

  static Line read_from(Stream& s, Deadline deadline, std::size_t max_bytes, bool tail_at_eof);
  Io write_until(const std::string& data, Deadline deadline);

  int pid_ = -1;
  int in_fd_ = -1;  // non-blocking: writes wait in poll(), which can time out
  std::string in_pending_;  // the unwritten rest of a write that timed out
  Stream out_;
  Stream err_;
  std::optional<int> exit_status_;
};

}  // namespace tools
