#include "media/file_access.h"

#include <filesystem>
#include <system_error>

#include "config/settings.h"

namespace app {
namespace {

namespace fs = std::filesystem;

// The folder resolved as far as it exists (a root may name a folder not made yet).
std::string resolved_folder(const std::string& dir) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::path(dir), ec);
  std::string out = ec ? fs::path(dir).lexically_normal().string() : p.string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

bool inside(const std::string& path, const std::string& folder) {
  if (folder == "/") return true;
  return path == folder ||
         (path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 && path[folder.size()] == '/');
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> path_of_file_uri(const std::string& uri) {
  const std::string scheme = "file://";
  if (uri.size() <= scheme.size() || uri.compare(0, scheme.size(), scheme) != 0) return std::nullopt;
  // A NUL (raw, or %00 below) would cut the path short where the OS reads it (found by fuzz/fuzz_base_url.cpp).
  if (uri.find('\0') != std::string::npos) return std::nullopt;
  std::string rest = uri.substr(scheme.size());
  if (rest.rfind("localhost/", 0) == 0) rest = rest.substr(9);
  if (rest.empty() || rest.front() != '/') return std::nullopt;  // another host's files are not ours
  std::string out;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() && hex_value(rest[i + 1]) >= 0 && hex_value(rest[i + 2]) >= 0) {
      const char c = static_cast<char>(hex_value(rest[i + 1]) * 16 + hex_value(rest[i + 2]));
      if (c == '\0') return std::nullopt;
      out += c;
      i += 2;
    } else if (rest[i] == '?' || rest[i] == '#') {
      break;
    } else {
      out += rest[i];
    }
  }
  return out;
}

FileAccess FileAccess::for_call(const Settings& settings, const std::optional<std::vector<mcp::Root>>& roots) {
  FileAccess a;
  // No final period: read_media_file's callers add ". Nothing was uploaded."
  a.widen_ =
      " Set PIXVERSE_INPUT_DIRS (folders separated by ':') in this server's environment to "
      "allow other folders, or give an https URL";
  if (settings.serves_http()) {
    // The caller is remote: the operator's folders are the only ones it may name.
    if (settings.input_dirs.empty()) {
      a.refuses_every_path_ =
          "this server is reached over HTTP, so it does not read files from its own disk for a remote caller; "
          "send the media as an https URL, or as a data: URI to an input that takes an uploaded id (img_id, "
          "video_media_id, …), or the operator can set PIXVERSE_INPUT_DIRS "
          "(folders separated by ':') in the server's environment to allow files from those folders";
      return a;
    }
    for (const auto& dir : settings.input_dirs) a.folders_.push_back(resolved_folder(dir));
    a.source_ = "PIXVERSE_INPUT_DIRS; over HTTP your MCP client's roots are folders of its machine, not this one";
    a.widen_ =
        " The operator can add folders to PIXVERSE_INPUT_DIRS in the server's environment; "
        "or send the media as an https URL, or as a data: URI to an input that takes an uploaded id";
    return a;
  }
  if (roots) {
    for (const auto& root : *roots)
      if (auto path = path_of_file_uri(root.uri)) a.folders_.push_back(resolved_folder(*path));
    for (const auto& dir : settings.input_dirs) a.folders_.push_back(resolved_folder(dir));
    a.source_ = "your MCP client's roots" + std::string(settings.input_dirs.empty() ? "" : " and PIXVERSE_INPUT_DIRS");
  } else if (!settings.input_dirs.empty()) {
    for (const auto& dir : settings.input_dirs) a.folders_.push_back(resolved_folder(dir));
    a.source_ = "PIXVERSE_INPUT_DIRS";
  } else {
    // The output folder first: the default one is hidden in the home (~/.local/share/…), and a
    // video this server saved is a fine input (extend it, add sound to it).
    if (!settings.output_dir.empty()) {
      a.folders_.push_back(resolved_folder(settings.output_dir));
      a.hidden_exempt_ = a.folders_.back();
    }
    std::error_code ec;
    const fs::path tmp = fs::temp_directory_path(ec);
    if (!ec) a.folders_.push_back(resolved_folder(tmp.string()));
    if (!settings.home.empty()) {
      a.folders_.push_back(resolved_folder(settings.home));
      a.hidden_below_ = a.folders_.back();
    }
    a.source_ = "the default (your home folder without its hidden entries, the temporary folder, the output folder)";
  }
  return a;
}

std::optional<std::string> FileAccess::resolve(const std::string& path, std::string& refusal) const {
  if (refuses_every_path_) {
    refusal = *refuses_every_path_;
    return std::nullopt;
  }
  // The system reads a path up to its first NUL: "a.png\0/../x" would open a.png while
  // the check below saw another path. No file name holds one.
  if (path.find('\0') != std::string::npos) {
    refusal = "a file path cannot contain a NUL character (\\u0000)";
    return std::nullopt;
  }
  // Symlinks and ".." resolved; a path that does not exist resolves as far as it does, so the
  // answer for a forbidden path is the same whether it exists or not (no probing).
  std::error_code ec;
  const fs::path real = fs::weakly_canonical(fs::path(path), ec);
  if (ec) {
    refusal = "cannot read " + path + ": " + ec.message();
    return std::nullopt;
  }
  const std::string resolved = real.string();
  std::string list;
  for (const auto& f : folders_) list += (list.empty() ? "" : ", ") + f;
  for (const auto& folder : folders_) {
    if (!inside(resolved, folder)) continue;
    // Hidden entries of the home stay closed even where another default folder (a temporary
    // folder that holds the home) would let them in; the output folder is the one exception.
    if (!hidden_below_.empty() && inside(resolved, hidden_below_) && resolved != hidden_below_ &&
        (hidden_exempt_.empty() || !inside(resolved, hidden_exempt_))) {
      const std::string below = resolved.substr(hidden_below_.size());
      if (below.find("/.") != std::string::npos) {
        refusal = path +
                  " is in a hidden folder or is a hidden file, which this server does not read by "
                  "default." +
                  widen_;
        return std::nullopt;
      }
    }
    return resolved;
  }
  refusal = path + " is outside the folders this server may read: " + (list.empty() ? std::string("none") : list) +
            " (" + source_ + ")." + widen_;
  return std::nullopt;
}

}  // namespace app
