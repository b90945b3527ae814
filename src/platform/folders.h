#pragma once
// The user's folders and private state folders: where the home is when $HOME is not set, the
// base folders the defaults live under, and folders only the current user may use. The POSIX
// implementation is platform/posix/folders.cpp; docs/platforms.md says what macOS and Windows need.
#include <optional>
#include <string>
#include <system_error>

namespace platform {

// The current user's home from the account database (POSIX: getpwuid_r of the effective user),
// when it names an existing folder by an absolute path; nullopt otherwise (no entry, or a
// service account's "/nonexistent").
std::optional<std::string> account_home();

// The current user, as messages name them: "uid 1000" on POSIX.
std::string current_user();

// A folder of this user's own under the system's temporary folder, for when no home is known:
// "/tmp/pixverse-mcp-<uid>" on POSIX (the uid keeps users of one machine apart). Not created here.
std::string fallback_home();

// The base folder of per-user state and of per-user data under `home` (absolute), each for an
// application folder to be appended. POSIX follows the XDG Base Directory Specification:
// $XDG_STATE_HOME or <home>/.local/state, $XDG_DATA_HOME or <home>/.local/share; a relative
// value is invalid there and ignored (hosts start servers with cwd "/").
std::string user_state_base(const std::string& home);
std::string user_data_base(const std::string& home);

// Creates each missing folder of the absolute path `dir` so that only the current user may use
// it (POSIX: mode 0700 exactly, whatever the umask). On failure `failed_at` names the folder that
// could not be made and the result says why; an existing folder is left as it is.
std::error_code create_private_folders(const std::string& dir, std::string& failed_at);

// What decides whether a folder is safe for private state.
struct FolderOwnership {
  bool is_folder = false;
  bool owned_by_current_user = false;
  std::string owner;                  // as current_user() names users: "uid 0"
  bool writable_by_everyone = false;  // POSIX: the "other" write bit
  std::string mode;                   // POSIX permission bits as chmod takes them: "777"
};
// Reads `dir`'s ownership; the error when it cannot be read.
std::error_code folder_ownership(const std::string& dir, FolderOwnership& out);

}  // namespace platform
