#pragma once
// How the HTTP transport's listening socket differs from what cpp-httplib 0.11.4 makes. The
// POSIX implementation is platform/posix/listen_socket.cpp.
//
//  - Ownership of the port: the library sets SO_REUSEPORT on every socket it binds, so a second
//    server started on a port already served binds too, and the kernel then splits new
//    connections between the two (a session opened on one is "not found" on the other). Only
//    SO_REUSEADDR is wanted: a restart may bind while old connections linger in TIME_WAIT.
//  - The queue of connections waiting to be accepted: the library listens with a backlog of 5
//    (CPPHTTPLIB_LISTEN_BACKLOG, compiled into Debian's library), so a burst of a few dozen new
//    connections overflows it and their SYNs are dropped, costing each client a 1 s
//    retransmission. The transport opens one connection per request, so bursts are normal there.
namespace platform {

// The options for a socket about to be bound to listen: SO_REUSEADDR only, never SO_REUSEPORT,
// so binding a port another socket listens on fails (EADDRINUSE). `socket` is the descriptor.
void set_exclusive_listen_options(int socket);

// Finds this process's listening TCP socket on `port` (any address) and raises its backlog to
// `backlog` (calling listen() again on a listening socket sets a new backlog; the kernel caps it
// at its own maximum, somaxconn on Linux). True if such a socket was found and updated.
bool widen_listen_backlog(int port, int backlog);

}  // namespace platform
