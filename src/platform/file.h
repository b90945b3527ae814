#pragma once
// A file the server reads or writes beyond what std::filesystem offers: opened without blocking,
// read at an offset, created with the access it needs, flushed to the disk. The POSIX
// implementation is platform/posix/file.cpp; docs/platforms.md says what macOS and Windows need.
#include <cstdint>
#include <string>
#include <system_error>

namespace platform {

// Who may read a file the server creates (POSIX modes; on Windows, the file's ACL).
enum class FileAccess {
  owner_only,   // 0600: the job registry, probes; it holds prompts and request bodies
  all_may_read  // 0644: downloaded results, which the user's other programs open
};

// An open file, closed when the object goes. Move-only. Errors come back as std::error_code
// (errno's generic category on POSIX), as std::filesystem reports them.
class File {
 public:
  File() = default;
  ~File();
  File(File&& other) noexcept;
  File& operator=(File&& other) noexcept;
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  // Opens an existing regular file to read. Never blocks: a FIFO or device swapped in at the
  // path fails with errc::invalid_argument ("not a regular file"), a missing one with
  // errc::no_such_file_or_directory, no permission with errc::permission_denied.
  static File open_to_read(const std::string& path, std::error_code& ec);
  // Creates `path`, which must not exist yet (errc::file_exists otherwise), to write.
  static File create_new(const std::string& path, FileAccess access, std::error_code& ec);
  // Opens `path` to read and write, creating it with `access` when missing (an existing file
  // keeps its mode).
  static File open_or_create(const std::string& path, FileAccess access, std::error_code& ec);
  // Creates a new file named `prefix` + six random characters, owner_only, to write; `path`
  // receives the name (for a later rename into place).
  static File create_unique(const std::string& prefix, std::string& path, std::error_code& ec);

  bool is_open() const { return handle_ >= 0; }
  // Bytes, as the file was when opened by open_to_read() (0 for the others).
  std::uint64_t size_at_open() const { return size_at_open_; }

  // Reads up to `n` bytes at byte `offset` into `out`: how many were read, 0 at the end.
  // Interrupted reads are resumed.
  std::size_t read_at(std::uint64_t offset, char* out, std::size_t n, std::error_code& ec) const;
  // Writes all `n` bytes at the current position. False on failure (ec says why).
  bool write_all(const char* data, std::size_t n, std::error_code& ec);
  // Makes what was written durable (fsync): a file renamed into place after this survives a
  // crash with its content.
  bool sync(std::error_code& ec);
  bool set_access(FileAccess access, std::error_code& ec);
  void close();

 private:
  File(int handle, std::uint64_t size) : handle_(handle), size_at_open_(size) {}
  int handle_ = -1;  // the descriptor (POSIX); a Windows port keeps a HANDLE here instead
  std::uint64_t size_at_open_ = 0;
};

}  // namespace platform
