#pragma once
// The process's standard input and output as byte streams, unbuffered: the stdio transport reads
// what is there and writes whole batches itself. The POSIX implementation is
// platform/posix/stdio.cpp; docs/platforms.md says what macOS and Windows need.
#include <cstddef>
#include <system_error>

namespace platform {

// Reads what stdin has, up to `cap` bytes, blocking until at least one is there: how many were
// read, 0 at end of input. Interrupted reads are resumed; on an error, 0 and `ec` says why.
std::size_t read_stdin(char* buf, std::size_t cap, std::error_code& ec);

// Writes all `n` bytes to stdout. False once stdout is gone (the host closed its end: EPIPE,
// since broken pipes do not end the process, see process.h) or failed; `ec` says why.
bool write_stdout(const char* data, std::size_t n, std::error_code& ec);

}  // namespace platform
