#include "socket_tools.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <charconv>
#include <optional>
#include <filesystem>
#include <functional>
#include <string_view>

namespace sim {
namespace {

struct Endpoint {
  std::string addr;
  int port = -1;
};

std::optional<Endpoint> endpoint_of(int fd, bool peer) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  auto* sa = reinterpret_cast<sockaddr*>(&ss);
  if ((peer ? ::getpeername(fd, sa, &len) : ::getsockname(fd, sa, &len)) != 0) return std::nullopt;
  char buf[INET6_ADDRSTRLEN] = {};
  Endpoint ep;
  if (ss.ss_family == AF_INET) {
    auto* in = reinterpret_cast<sockaddr_in*>(&ss);
    ::inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf);
    ep.port = ntohs(in->sin_port);
  } else if (ss.ss_family == AF_INET6) {
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&ss);
    ::inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf);
    ep.port = ntohs(in6->sin6_port);
  } else {
    return std::nullopt;
  }
  ep.addr = buf;
  return ep;
}

// Calls `visit` with every open descriptor number of this process until it returns true.
bool for_each_fd(const std::function<bool(int)>& visit) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    std::string name = entry.path().filename().string();
    int fd = -1;
    auto [end, err] = std::from_chars(name.data(), name.data() + name.size(), fd);
    if (err != std::errc() || end != name.data() + name.size()) continue;
    if (visit(fd)) return true;
  }
  return false;
}

}  // namespace

bool drop_connection(int local_port, const std::string& remote_addr, int remote_port) {
  return for_each_fd([&](int fd) {
    auto local = endpoint_of(fd, false);
    if (!local || local->port != local_port) return false;
    auto remote = endpoint_of(fd, true);
    if (!remote || remote->port != remote_port || remote->addr != remote_addr) return false;
    linger lg{1, 0};  // reset rather than linger on whatever is still queued
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    return ::shutdown(fd, SHUT_RDWR) == 0;
  });
}

bool raise_listen_backlog(int local_port, int backlog) {
  return for_each_fd([&](int fd) {
    int listening = 0;
    socklen_t len = sizeof listening;
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || !listening) return false;
    auto local = endpoint_of(fd, false);
    if (!local || local->port != local_port) return false;
    return ::listen(fd, backlog) == 0;
  });
}

}  // namespace sim
