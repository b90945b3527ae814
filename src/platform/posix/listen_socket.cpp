#include "platform/listen_socket.h"

#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>

namespace platform {

void set_exclusive_listen_options(int socket) {
  int yes = 1;
  setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}

bool widen_listen_backlog(int port, int backlog) {
  rlimit files{};
  const int limit =
      getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < 65536 ? static_cast<int>(files.rlim_cur) : 65536;
  bool widened = false;
  // The library keeps its socket to itself: find it among ours, a listening socket on that port.
  for (int fd = 0; fd < limit; ++fd) {
    int listening = 0;
    socklen_t size = sizeof listening;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) != 0 || listening == 0) continue;
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) continue;
    int bound = -1;
    if (address.ss_family == AF_INET) bound = ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
    if (address.ss_family == AF_INET6) bound = ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
    if (bound == port && listen(fd, backlog) == 0) widened = true;
  }
  return widened;
}

}  // namespace platform
