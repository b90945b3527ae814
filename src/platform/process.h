#pragma once
// The process itself: its id, how the operating system asks it to stop, and giving freed memory
// back. The POSIX implementation is platform/posix/process.cpp; docs/platforms.md says what
// macOS and Windows need.
#include <cstdint>
#include <string>

namespace platform {

std::uint64_t process_id();

// Call first in main(), before any thread exists: a write to a closed pipe becomes an error
// (EPIPE) instead of ending the process, and the stop requests (POSIX: SIGTERM, SIGINT, how
// hosts stop servers) are held for wait_for_stop_request() — every later thread inherits this.
void prepare_process();

// Blocks until the operating system asks the process to stop; the request's name ("SIGTERM",
// "SIGINT"), or "" when it cannot be waited for. Call from one thread of its own.
std::string wait_for_stop_request();

// Gives memory the allocator keeps after large frees back to the system (glibc: malloc_trim),
// so that a long-lived server's resident size reflects what it uses. A no-op where the
// allocator returns memory by itself.
void release_free_memory();

}  // namespace platform
