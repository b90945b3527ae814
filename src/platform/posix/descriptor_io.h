#pragma once
// What every POSIX file of platform/ does with a descriptor: name the error of the call that
// just failed, and write a whole buffer (write(2) may take part of it, or be interrupted).
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <system_error>

namespace platform::posix {

// errno as std::error_code (generic category: its message is strerror's text, "Permission denied").
inline std::error_code last_error() { return {errno, std::generic_category()}; }

// Writes all `n` bytes to `fd`, resuming after partial and interrupted writes. False on failure.
inline bool write_all(int fd, const char* data, std::size_t n, std::error_code& ec) {
  while (n > 0) {
    const ssize_t w = ::write(fd, data, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      ec = w < 0 ? last_error() : std::make_error_code(std::errc::io_error);
      return false;
    }
    data += w;
    n -= static_cast<std::size_t>(w);
  }
  ec.clear();
  return true;
}

}  // namespace platform::posix
