#include "common/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace tools {
namespace {

void set_cloexec(int fd) { ::fcntl(fd, F_SETFD, ::fcntl(fd, F_GETFD) | FD_CLOEXEC); }

// How long poll() may wait for `deadline`: rounded up to the next whole millisecond, so that a
// wait never ends before the deadline (rounded down it can, and the caller would see no timeout
// yet and nothing read: the first harness took that for EOF). -1 (no limit) without a deadline.
int wait_ms(std::optional<std::chrono::steady_clock::time_point> deadline) {
  if (!deadline) return -1;
  auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(left.count(), 0, std::numeric_limits<int>::max()));
}

std::vector<std::string> child_environment(const Subprocess::Options& opts) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    std::string key = entry.substr(0, entry.find('='));
    bool drop = opts.env.count(key) > 0;
    for (const auto& u : opts.unset_env) drop = drop || u == key;
    if (!drop) env.push_back(entry);
  }
  for (const auto& [k, v] : opts.env) env.push_back(k + "=" + v);
  return env;
}

}  // namespace

Subprocess::Subprocess(const Options& opts) {
  if (opts.argv.empty()) throw std::runtime_error("Subprocess: empty argv");
  ::signal(SIGPIPE, SIG_IGN);  // a child that dies must not kill the parent on write
  int in[2], out[2], err[2] = {-1, -1};
  if (::pipe(in) != 0 || ::pipe(out) != 0 || (opts.capture_stderr && ::pipe(err) != 0))
    throw std::runtime_error(std::string("Subprocess: pipe: ") + std::strerror(errno));

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  if (opts.capture_stderr) posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]})
    if (fd > 2) posix_spawn_file_actions_addclose(&actions, fd);

  std::vector<char*> argv;
  for (const auto& a : opts.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  auto env_strings = child_environment(opts);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  int rc = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  if (opts.capture_stderr) ::close(err[1]);
  if (rc != 0) {
    ::close(in[1]);
    ::close(out[0]);
    if (opts.capture_stderr) ::close(err[0]);
    throw std::runtime_error("Subprocess: cannot start " + opts.argv[0] + ": " + std::strerror(rc));
  }
  in_fd_ = in[1];
  out_.fd = out[0];
  err_.fd = err[0];
  for (int fd : {in_fd_, out_.fd, err_.fd})
    if (fd >= 0) set_cloexec(fd);
  // Only our end: the child's stdin is another open file description, and stays blocking.
  ::fcntl(in_fd_, F_SETFL, ::fcntl(in_fd_, F_GETFL) | O_NONBLOCK);
}

Subprocess::~Subprocess() {
  close_stdin();
  if (!wait(std::chrono::milliseconds(2000))) {
    kill(SIGKILL);
    wait(std::chrono::milliseconds(2000));
  }
  if (out_.fd >= 0) ::close(out_.fd);
  if (err_.fd >= 0) ::close(err_.fd);
}

bool Subprocess::write(const std::string& data) { return write_until(data, std::nullopt) == Io::done; }

Subprocess::Io Subprocess::write_within(const std::string& data, std::chrono::milliseconds timeout) {
  return write_until(data, std::chrono::steady_clock::now() + timeout);
}

Subprocess::Io Subprocess::write_until(const std::string& data, Deadline deadline) {
  if (in_fd_ < 0) return Io::closed;
  in_pending_ += data;
  std::size_t done = 0;
  Io result = Io::done;
  while (done < in_pending_.size()) {
    ssize_t n = ::write(in_fd_, in_pending_.data() + done, in_pending_.size() - done);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{in_fd_, POLLOUT, 0};
      int r = ::poll(&p, 1, wait_ms(deadline));
      if (r < 0 && errno != EINTR) {
        result = Io::closed;
        break;
      }
      if (r == 0 && deadline && std::chrono::steady_clock::now() >= *deadline) {
        result = Io::timeout;
        break;
      }
      continue;  // writable now, or POLLERR: the next write says which
    }
    result = Io::closed;  // EPIPE: the child closed its stdin
    break;
  }
  if (result == Io::closed) in_pending_.clear();
  else in_pending_.erase(0, done);
  return result;
}

void Subprocess::close_stdin() {
  if (in_fd_ >= 0) ::close(in_fd_);
  in_fd_ = -1;
  in_pending_.clear();
}

std::optional<std::string> Subprocess::read_line(std::chrono::milliseconds timeout) {
  Line l = read_from(out_, std::chrono::steady_clock::now() + timeout, kNoLimit, false);
  if (l.status != Io::done) return std::nullopt;
  return std::move(l.text);
}

Subprocess::Line Subprocess::read_line_within(std::chrono::milliseconds timeout, std::size_t max_bytes) {
  return read_from(out_, std::chrono::steady_clock::now() + timeout, max_bytes, true);
}

std::optional<std::string> Subprocess::read_stderr_line(std::chrono::milliseconds timeout) {
  Line l = read_from(err_, std::chrono::steady_clock::now() + timeout, kNoLimit, false);
  if (l.status != Io::done) return std::nullopt;
  return std::move(l.text);
}

std::string Subprocess::drain_stderr(std::chrono::milliseconds timeout) {
  std::string all;
  while (auto line = read_stderr_line(timeout)) all += *line + "\n";
  all += err_.buffer;
  err_.buffer.clear();
  err_.scanned = 0;
  return all;
}

Subprocess::Line Subprocess::read_from(Stream& s, Deadline deadline, std::size_t max_bytes, bool tail_at_eof) {
  bool polled = false;
  for (;;) {
    if (s.dropping) {
      auto nl = s.buffer.find('\n');
      if (nl == std::string::npos) {
        s.buffer.clear();
      } else {
        s.buffer.erase(0, nl + 1);
        s.dropping = false;
      }
      s.scanned = 0;
    }
    if (!s.dropping) {
      // Only the bytes not looked at yet are searched: a long line arrives in many chunks.
      auto nl = s.buffer.find('\n', s.scanned);
      if (nl != std::string::npos || s.buffer.size() > max_bytes) {
        const bool too_long = (nl == std::string::npos ? s.buffer.size() : nl) > max_bytes;
        Line l{too_long ? Io::too_long : Io::done, s.buffer.substr(0, too_long ? kLinePrefix : nl)};
        if (nl == std::string::npos) {
          std::string().swap(s.buffer);  // give back the memory of a line that was too long
          s.dropping = true;
        } else {
          s.buffer.erase(0, nl + 1);
        }
        s.scanned = 0;
        return l;
      }
      s.scanned = s.buffer.size();
    }
    if (s.eof || s.fd < 0) {
      if (tail_at_eof && !s.dropping && !s.buffer.empty()) {
        Line l{Io::done, std::move(s.buffer)};
        s.buffer.clear();
        s.scanned = 0;
        return l;
      }
      return {Io::closed, ""};
    }
    // Checked after one poll at least, so that a deadline already passed still reads what is there.
    if (polled && deadline && std::chrono::steady_clock::now() >= *deadline) return {Io::timeout, ""};
    pollfd p{s.fd, POLLIN, 0};
    int r = ::poll(&p, 1, wait_ms(deadline));
    polled = true;
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) s.eof = true;
    if (r <= 0) continue;
    char chunk[65536];
    ssize_t n = ::read(s.fd, chunk, sizeof chunk);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) s.eof = true;
    else s.buffer.append(chunk, static_cast<std::size_t>(n));
  }
}

std::optional<int> Subprocess::wait(std::chrono::milliseconds timeout) {
  if (exit_status_) return exit_status_;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return exit_status_;
    }
    if (r < 0) return std::nullopt;
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    // waitpid has no timeout; a short poll on nothing is the portable way to wait a little.
    ::poll(nullptr, 0, 5);
  }
}

void Subprocess::kill(int signal) {
  if (!exit_status_ && pid_ > 0) ::kill(pid_, signal);
}

}  // namespace tools
