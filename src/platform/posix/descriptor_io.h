#pragma once
// What every POSIX file of platform/ does with a descriptor: name the error of the call that
// just failed, resume a call a signal interrupted, and write a whole buffer (write(2) may take
// part of it).
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <system_error>

namespace platform::posix {

// errno as std::error_code (generic category: its message is strerror's text, "Permission denied").
inline std::error_code last_error() { return {errno, std::generic_category()}; }

// Runs `call`, a read(2)-like call (bytes, or -1 with errno), again while it is interrupted
// (EINTR): the bytes it moved, or 0 with `ec` set on an error (cleared otherwise).
template <class Call>
std::size_t uninterrupted(Call call, std::error_code& ec) {
  ssize_t n = 0;
  do n = call();
  while (n < 0 && errno == EINTR);
  if (n < 0) {
    ec = last_error();
    return 0;
  }
  ec.clear();
  return static_cast<std::size_t>(n);
}

// Writes all `n` bytes to `fd`, resuming after partial and interrupted writes. False on failure.
inline bool write_all(int fd, const char* data, std::size_t n, std::error_code& ec) {
  ec.clear();
  while (n > 0) {
    const std::size_t w = uninterrupted([&] { return ::write(fd, data, n); }, ec);
    if (ec) return false;
    if (w == 0) {  // nothing taken and no error: never seen, but a loop on it would never end
      ec = std::make_error_code(std::errc::io_error);
      return false;
    }
    data += w;
    n -= w;
  }
  return true;
}

}  // namespace platform::posix
