#pragma once
// A child process with its stdin/stdout (and optionally stderr) on pipes: how tests and the
// harness run the real binaries, the way an MCP host does.
#include <chrono>
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

  explicit Subprocess(const Options& opts);  // throws std::runtime_error if it cannot start
  ~Subprocess();                             // closes stdin, then kills (SIGKILL) if still running
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  int pid() const { return pid_; }

  // Writes all of `data` to the child's stdin. False if the pipe is closed.
  bool write(const std::string& data);
  void close_stdin();

  // One line from the child's stdout (without the '\n'), or nullopt on EOF or timeout.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  // One line from the child's stderr (capture_stderr must be set).
  std::optional<std::string> read_stderr_line(std::chrono::milliseconds timeout);
  // Everything left on stderr until EOF or timeout.
  std::string drain_stderr(std::chrono::milliseconds timeout);

  // Waits for exit; the exit status (or 128+signal), or nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  void kill(int signal);

 private:
  std::optional<std::string> read_line_from(int fd, std::string& buffer, std::chrono::milliseconds timeout);

  int pid_ = -1;
  int in_fd_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_buf_;
  std::string err_buf_;
  std::optional<int> exit_status_;
};

}  // namespace tools
