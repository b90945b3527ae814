#include "common/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace tools {
namespace {

void set_cloexec(int fd) { ::fcntl(fd, F_SETFD, ::fcntl(fd, F_GETFD) | FD_CLOEXEC); }

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
  out_fd_ = out[0];
  err_fd_ = err[0];
  for (int fd : {in_fd_, out_fd_, err_fd_})
    if (fd >= 0) set_cloexec(fd);
}

Subprocess::~Subprocess() {
  close_stdin();
  if (!wait(std::chrono::milliseconds(2000))) {
    kill(SIGKILL);
    wait(std::chrono::milliseconds(2000));
  }
  if (out_fd_ >= 0) ::close(out_fd_);
  if (err_fd_ >= 0) ::close(err_fd_);
}

bool Subprocess::write(const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(in_fd_, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

void Subprocess::close_stdin() {
  if (in_fd_ >= 0) ::close(in_fd_);
  in_fd_ = -1;
}

std::optional<std::string> Subprocess::read_line(std::chrono::milliseconds timeout) {
  return read_line_from(out_fd_, out_buf_, timeout);
}

std::optional<std::string> Subprocess::read_stderr_line(std::chrono::milliseconds timeout) {
  return read_line_from(err_fd_, err_buf_, timeout);
}

std::string Subprocess::drain_stderr(std::chrono::milliseconds timeout) {
  std::string all;
  while (auto line = read_stderr_line(timeout)) all += *line + "\n";
  all += err_buf_;
  err_buf_.clear();
  return all;
}

std::optional<std::string> Subprocess::read_line_from(int fd, std::string& buffer,
                                                      std::chrono::milliseconds timeout) {
  if (fd < 0) return std::nullopt;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto nl = buffer.find('\n');
    if (nl != std::string::npos) {
      std::string line = buffer.substr(0, nl);
      buffer.erase(0, nl + 1);
      return line;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return std::nullopt;
    char chunk[65536];
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;  // EOF
    buffer.append(chunk, static_cast<std::size_t>(n));
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
