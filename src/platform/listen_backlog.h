#pragma once
// The queue of connections waiting to be accepted on a listening socket. cpp-httplib 0.11.4
// listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG, compiled into Debian's library), so a
// burst of a few dozen new connections overflows it and their SYNs are dropped, costing each
// client a 1 s retransmission. The HTTP transport opens one connection per request, so bursts are
// normal there. The POSIX implementation is platform/posix/listen_backlog.cpp.
namespace platform {

// Finds this process's listening TCP socket on `port` (any address) and raises its backlog to
// `backlog` (calling listen() again on a listening socket sets a new backlog; the kernel caps it
// at its own maximum, somaxconn on Linux). True if such a socket was found and updated.
bool widen_listen_backlog(int port, int backlog);

}  // namespace platform
