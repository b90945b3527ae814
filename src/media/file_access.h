#pragma once
// Which local files a tool call may read as media inputs: a model can be talked
// into naming any file, so local paths are confined to folders the user chose.
//
//   - The client declared roots (MCP Roots): its file:// roots, plus PIXVERSE_INPUT_DIRS.
//   - Else, PIXVERSE_INPUT_DIRS when set: those folders only.
//   - Else (the default): the home folder except hidden entries in it (~/.ssh, ~/.config, …),
//     the system's temporary folder and the output folder.
// Served over HTTP (Settings::serves_http), the caller is on another machine: its roots name
// that machine's folders and "your home" is not its home, so only PIXVERSE_INPUT_DIRS counts,
// and without it no local path is read at all.
// Paths are resolved (symlinks, "..") before they are compared, so neither escapes a folder.
#include <optional>
#include <string>
#include <vector>

#include "mcp/client_roots.h"

namespace app {

struct Settings;

class FileAccess {
 public:
  // The policy for one call. `roots`: the client's (nullopt when it declared none; ignored over HTTP).
  static FileAccess for_call(const Settings& settings, const std::optional<std::vector<mcp::Root>>& roots);

  // Over HTTP without PIXVERSE_INPUT_DIRS: the sentence refusing every local path (what to send
  // instead, how the operator allows folders); nullopt when some paths may be read.
  const std::optional<std::string>& refuses_every_path() const { return refuses_every_path_; }

  // `path` is absolute. The resolved path to read, or nullopt with `refusal` set to a sentence
  // that names the allowed folders and how to widen them. A path need not exist: a forbidden
  // one is refused alike either way, so nothing can be learnt of what exists outside.
  std::optional<std::string> resolve(const std::string& path, std::string& refusal) const;

 private:
  std::vector<std::string> folders_;  // resolved, no trailing '/'
  std::string hidden_below_;          // the default policy: hidden entries below this folder are refused…
  std::string hidden_exempt_;         // …except inside this one (the output folder)
  std::string source_;                // "your MCP client's roots", "PIXVERSE_INPUT_DIRS", "the default"
  std::string widen_;                 // how the allowed folders can be widened, and by whom
  std::optional<std::string> refuses_every_path_;
};

// "file:///home/me/x%20y" → "/home/me/x y"; nullopt for other schemes or hosts.
std::optional<std::string> path_of_file_uri(const std::string& uri);

}  // namespace app
