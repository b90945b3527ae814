#pragma once
// The harness's subcommands, once the command line is parsed (main.cpp). Each returns the
// process exit code: 0 when every expectation held, 1 when one failed (or the run could not
// finish), 2 for a usage or script error, reported as one line on stderr.
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "mcp-harness/printable.h"

namespace harness {

// Reports a usage error of `subcommand` on stderr as one line (printable(): a file name with
// a newline, an escape sequence or bytes that are not UTF-8 is shown escaped); returns the
// exit status 2.
inline int usage_error(const std::string& subcommand, const std::string& message) {
  std::cerr << "mcp-harness " << subcommand << ": " << printable(message, false) << "\n";
  return 2;
}

// mcp-harness run SCRIPT [options] -- COMMAND ARGS…
struct RunArgs {
  std::string script;                  // path, relative to the current directory
  std::vector<std::string> command;    // the server: COMMAND (found on $PATH) and its arguments
  std::string junit;                   // JUnit XML report path; empty: none (--junit "" is refused)
  std::vector<std::string> env;        // NAME=VALUE for the server, over the harness's environment
  std::string cwd;                     // the server's working directory; empty: the harness's. A
                                       // relative COMMAND with a '/' is found from there
  std::string protocol_version = "2025-11-25";
  int timeout_ms = 60000;              // per answer, unless a step says "timeout_ms"
  bool quiet = false;                  // only failures and the summary
};
int run_command(const RunArgs& args);

// mcp-harness demo [--server PATH] [--sim PATH] [--script FILE] [--keep] [--quiet]
struct DemoArgs {
  std::filesystem::path exe_dir;       // where the harness lives: the defaults are found from it
  std::string server;                  // pixverse-mcp; empty: <exe_dir>/pixverse-mcp (locate.h)
  std::string sim;                     // pixverse-sim; empty: found by program_or_sibling()
  std::string script;                  // empty: demo.jsonl of the examples (locate.h)
  int timeout_ms = 60000;
  bool keep = false;                   // keep the run's private folder (videos, job registry)
  bool quiet = false;                  // only failures and the summary
};
int demo_command(const DemoArgs& args);

// mcp-harness live [--yes] [--server PATH] [--image PATH]: the live check (live_check.h).
struct LiveArgs {
  std::filesystem::path exe_dir;
  std::string server;                  // empty: <exe_dir>/pixverse-mcp
  std::string image;                   // empty: assets/sunset.png of the examples
  bool yes = false;
};
int live_command(const LiveArgs& args);

}  // namespace harness
