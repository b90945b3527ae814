// platform/folders.h on POSIX: the passwd database (getpwuid_r), the effective user id, mkdir(2)
// with an exact mode, stat(2) for ownership.
#include "platform/folders.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <cstdlib>
#include <vector>
#include "platform/posix/descriptor_io.h"

namespace platform {
namespace {

// An XDG base directory variable, when set to an absolute path.
std::string xdg_dir(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && v[0] == '/' ? std::string(v) : fallback;
}

}  // namespace

std::optional<std::string> account_home() {
  const long hint = ::sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buffer(hint > 0 ? static_cast<std::size_t>(hint) : 16384);
  struct passwd entry {};
  struct passwd* found = nullptr;
  int rc = 0;
  while ((rc = ::getpwuid_r(::geteuid(), &entry, buffer.data(), buffer.size(), &found)) == ERANGE &&
         buffer.size() < (1u << 20))
    buffer.resize(buffer.size() * 2);
  if (rc != 0 || found == nullptr || found->pw_dir == nullptr || found->pw_dir[0] != '/') return std::nullopt;
  struct stat st {};  // an entry like /nonexistent (service accounts) is no home
  if (::stat(found->pw_dir, &st) != 0 || !S_ISDIR(st.st_mode)) return std::nullopt;
  return std::string(found->pw_dir);
}

std::string current_user() { return "uid " + std::to_string(::geteuid()); }

std::string fallback_home() { return "/tmp/pixverse-mcp-" + std::to_string(::geteuid()); }

std::string user_state_base(const std::string& home) { return xdg_dir("XDG_STATE_HOME", home + "/.local/state"); }

std::string user_data_base(const std::string& home) { return xdg_dir("XDG_DATA_HOME", home + "/.local/share"); }

std::error_code create_private_folders(const std::string& dir, std::string& failed_at) {
  std::size_t pos = 1;
  while (pos <= dir.size()) {
    std::size_t slash = dir.find('/', pos);
    if (slash == std::string::npos) slash = dir.size();
    const std::string partial = dir.substr(0, slash);
    pos = slash + 1;
    if (partial.empty() || partial.back() == '/') continue;  // "//" in the path
    if (::mkdir(partial.c_str(), 0700) == 0) {
      ::chmod(partial.c_str(), 0700);  // exact, whatever the umask
    } else if (errno != EEXIST) {
      failed_at = partial;
      return posix::last_error();
    }
  }
  return {};
}

std::error_code folder_ownership(const std::string& dir, FolderOwnership& out) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) return posix::last_error();
  out.is_folder = S_ISDIR(st.st_mode);
  out.owned_by_current_user = st.st_uid == ::geteuid();
  out.owner = "uid " + std::to_string(st.st_uid);
  out.writable_by_everyone = (st.st_mode & S_IWOTH) != 0;
  out.mode =
      std::to_string((st.st_mode >> 6) & 7) + std::to_string((st.st_mode >> 3) & 7) + std::to_string(st.st_mode & 7);
  return {};
}

}  // namespace platform
