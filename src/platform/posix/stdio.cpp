// platform/stdio.h on POSIX: read(2) and write(2) on descriptors 0 and 1, below any C or C++
// stream buffer.
#include "platform/stdio.h"

#include <unistd.h>

#include "platform/posix/descriptor_io.h"

namespace platform {

std::size_t read_stdin(char* buf, std::size_t cap, std::error_code& ec) {
  return posix::uninterrupted([&] { return ::read(STDIN_FILENO, buf, cap); }, ec);
}

bool write_stdout(const char* data, std::size_t n, std::error_code& ec) {
  return posix::write_all(STDOUT_FILENO, data, n, ec);
}

}  // namespace platform
