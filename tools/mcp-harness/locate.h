#pragma once
// Finding what the harness runs: a server command the way a shell finds it, and the files the
// demo ships with whatever the build folder, install prefix or working directory.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace harness {

// The absolute path of `command` as a shell whose working directory is `dir` finds it (the
// harness's own by default; the server's with --cwd, as a shell after cd): a name with a '/'
// is taken as given, relative to `dir`; any other name is the first executable regular file of
// that name in $PATH (an empty or relative $PATH entry is relative to `dir` too). nullopt when
// not found.
std::optional<std::filesystem::path> find_program(const std::string& command,
                                                  const std::filesystem::path& dir = std::filesystem::current_path());

// The folder of the running executable (from /proc/self/exe, so it holds however the harness
// was started: by path, through $PATH, or through a symlink); `argv0`'s folder as a fallback.
std::filesystem::path executable_dir(const char* argv0);

// Where a file of the examples folder may be, in the order they are tried: the installed layout
// (<exe_dir>/../share/pixverse-mcp/examples/NAME) and then the source tree the harness was built
// from (PIXVERSE_SOURCE_DIR/examples/NAME).
std::vector<std::filesystem::path> example_candidates(const std::filesystem::path& exe_dir, const std::string& name);

// The first of example_candidates() that exists, or nullopt.
std::optional<std::filesystem::path> find_example(const std::filesystem::path& exe_dir, const std::string& name);

// `given` (a path or a name on $PATH), or else the program `name` of this project beside the
// harness: in the same folder (a build folder) or in <exe_dir>/../libexec/pixverse-mcp (the
// installed layout, where pixverse-sim is kept off PATH). An absolute path; empty if none is
// an executable file.
std::string program_or_sibling(const std::string& given, const std::filesystem::path& exe_dir, const std::string& name);

// example_candidates() as one comma-separated list, for "cannot find" messages.
std::string candidates_text(const std::filesystem::path& exe_dir, const std::string& name);

}  // namespace harness
