// platform/file.h on POSIX: open(2) with O_CLOEXEC (no descriptor leaks into a child process),
// pread(2), fsync(2), fchmod(2), mkstemp(3).
#include "platform/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utility>

#include "platform/posix/descriptor_io.h"

namespace platform {
namespace {

mode_t mode_of(FileAccess access) { return access == FileAccess::owner_only ? 0600 : 0644; }

}  // namespace

File::~File() { close(); }

File::File(File&& other) noexcept
    : handle_(std::exchange(other.handle_, -1)), size_at_open_(std::exchange(other.size_at_open_, 0)) {}

File& File::operator=(File&& other) noexcept {
  if (this != &other) {
    close();
    handle_ = std::exchange(other.handle_, -1);
    size_at_open_ = std::exchange(other.size_at_open_, 0);
  }
  return *this;
}

void File::close() {
  if (handle_ >= 0) ::close(handle_);
  handle_ = -1;
}

File File::open_to_read(const std::string& path, std::error_code& ec) {
  // O_NONBLOCK: a FIFO put at the path since it was checked must not block the opening thread.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    ec = posix::last_error();
    return {};
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ec = std::make_error_code(std::errc::invalid_argument);
    ::close(fd);
    return {};
  }
  ec.clear();
  return File(fd, static_cast<std::uint64_t>(st.st_size));
}

File File::create_new(const std::string& path, FileAccess access, std::error_code& ec) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_of(access));
  ec = fd < 0 ? posix::last_error() : std::error_code();
  return fd < 0 ? File() : File(fd, 0);
}

File File::open_or_create(const std::string& path, FileAccess access, std::error_code& ec) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, mode_of(access));
  ec = fd < 0 ? posix::last_error() : std::error_code();
  return fd < 0 ? File() : File(fd, 0);
}

File File::create_unique(const std::string& prefix, std::string& path, std::error_code& ec) {
  std::string name = prefix + "XXXXXX";
  const int fd = ::mkstemp(name.data());  // 0600
  if (fd < 0) {
    ec = posix::last_error();
    return {};
  }
  // Two steps, not mkostemp (POSIX only since 2024): the server starts no process, so nothing
  // can inherit the descriptor between them.
  ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  ec.clear();
  path = std::move(name);
  return File(fd, 0);
}

std::size_t File::read_at(std::uint64_t offset, char* out, std::size_t n, std::error_code& ec) const {
  return posix::uninterrupted([&] { return ::pread(handle_, out, n, static_cast<off_t>(offset)); }, ec);
}

bool File::write_all(const char* data, std::size_t n, std::error_code& ec) {
  return posix::write_all(handle_, data, n, ec);
}

bool File::sync(std::error_code& ec) {
  ec = ::fsync(handle_) == 0 ? std::error_code() : posix::last_error();
  return !ec;
}

bool File::set_access(FileAccess access, std::error_code& ec) {
  ec = ::fchmod(handle_, mode_of(access)) == 0 ? std::error_code() : posix::last_error();
  return !ec;
}

}  // namespace platform
