#include "mcp-harness/locate.h"

#include <unistd.h>

#include <cstdlib>
#include <sstream>

namespace harness {

namespace fs = std::filesystem;

namespace {

bool is_executable_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

}  // namespace

std::optional<fs::path> find_program(const std::string& command, const fs::path& dir) {
  if (command.empty()) return std::nullopt;
  const fs::path base = fs::absolute(dir);
  if (command.find('/') != std::string::npos) {
    fs::path p = (base / command).lexically_normal();  // an absolute command replaces base
    return is_executable_file(p) ? std::optional(p) : std::nullopt;
  }
  const char* env = std::getenv("PATH");
  // The shell's default when PATH is unset.
  std::istringstream dirs(env != nullptr ? env : "/usr/local/bin:/usr/bin:/bin");
  std::string entry;
  while (std::getline(dirs, entry, ':')) {
    fs::path p = (base / (entry.empty() ? fs::path(".") : fs::path(entry)) / command).lexically_normal();
    if (is_executable_file(p)) return p;
  }
  return std::nullopt;
}

fs::path executable_dir(const char* argv0) {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec && !self.empty()) return self.parent_path();
  return fs::absolute(argv0 != nullptr ? argv0 : ".").parent_path();
}

std::vector<fs::path> example_candidates(const fs::path& exe_dir, const std::string& name) {
  std::vector<fs::path> out{(exe_dir / ".." / "share" / "pixverse-mcp" / "examples" / name).lexically_normal()};
#ifdef PIXVERSE_SOURCE_DIR
  out.push_back((fs::path(PIXVERSE_SOURCE_DIR) / "examples" / name).lexically_normal());
#endif
  return out;
}

std::optional<fs::path> find_example(const fs::path& exe_dir, const std::string& name) {
  for (const auto& p : example_candidates(exe_dir, name)) {
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return p;
  }
  return std::nullopt;
}

std::string program_or_sibling(const std::string& given, const fs::path& exe_dir, const std::string& name) {
  if (!given.empty()) {
    auto found = find_program(given);
    return found ? found->string() : "";
  }
  for (const fs::path& p : {exe_dir / name, exe_dir / ".." / "libexec" / "pixverse-mcp" / name})
    if (is_executable_file(p)) return p.lexically_normal().string();
  return "";
}

std::string candidates_text(const fs::path& exe_dir, const std::string& name) {
  std::string all;
  for (const auto& p : example_candidates(exe_dir, name)) all += (all.empty() ? "" : ", ") + p.string();
  return all;
}

}  // namespace harness
