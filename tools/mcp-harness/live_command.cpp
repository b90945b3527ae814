// mcp-harness live: the live check (live_check.h) with the server and image found the way the
// demo finds its files.
#include <filesystem>
#include <iostream>

#include "mcp-harness/commands.h"
#include "mcp-harness/live_check.h"
#include "mcp-harness/locate.h"

namespace harness {

namespace fs = std::filesystem;

int live_command(const LiveArgs& args) {
  const std::string server = program_or_sibling(args.server, args.exe_dir, "pixverse-mcp");
  if (server.empty()) return usage_error("live", "cannot find pixverse-mcp beside the harness; pass --server PATH");
  std::string image = args.image;
  if (image.empty()) {
    auto found = find_example(args.exe_dir, "assets/sunset.png");
    if (!found) return usage_error("live", "cannot find assets/sunset.png (looked in " +
                                               candidates_text(args.exe_dir, "assets/sunset.png") + "); pass --image PATH");
    image = found->string();
  }
  return run_live_check({server, fs::absolute(image).lexically_normal().string(), args.yes});
}

}  // namespace harness
