#pragma once
// Socket-level tricks httplib 0.11.4 has no API for. httplib does not expose the connection's
// socket to a handler, so these find it by its addresses among the process's descriptors
// (/proc/self/fd) — Linux only, like the rest of the project.
#include <string>

namespace sim {

// Shuts the TCP connection (local_port, remote_addr:remote_port) down in both directions, so
// the client sees the connection close before any byte of a response. False if not found.
bool drop_connection(int local_port, const std::string& remote_addr, int remote_port);

// httplib 0.11.4 listens with a backlog of 5 (compiled into the .so). Re-listening on the bound
// socket raises it so that bursts of hundreds of connections are not throttled by SYN retries.
bool raise_listen_backlog(int local_port, int backlog);

}  // namespace sim
