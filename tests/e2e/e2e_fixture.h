#pragma once
// Shared setup for end-to-end tests: the real build/pixverse-mcp on real pipes, pointed at a
// real build/pixverse-sim on 127.0.0.1.
#include <unistd.h>  // getpid

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mcp-harness/session.h"
#include "mcp-harness/sim_process.h"

namespace e2e {

using harness::json;
using namespace std::chrono_literals;

// A new folder per call: tests in one process must not share state or output folders.
inline std::string temp_dir(const std::string& name) {
  static int counter = 0;
  auto dir = std::filesystem::temp_directory_path() /
             ("pixverse-e2e-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

// A PixVerse id as its digits, whether it came as a JSON integer (the simulator's records, request
// bodies) or as the decimal string the server hands to hosts.
inline std::string id_text(const json& id) { return id.is_string() ? id.get<std::string>() : id.dump(); }

// pixverse-mcp run as a command (--list-tools, --check) to its end.
struct CommandRun {
  int status = -1;       // the exit status (-1: it did not end in time)
  std::string out, err;  // what it printed on stdout and on stderr
};
// `args` after the binary's path; `env` over this process's environment, without PIXVERSE_API_KEY
// and PIXVERSE_TOOLSETS unless `env` sets them.
inline CommandRun run_command(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  args.insert(args.begin(), PIXVERSE_MCP_PATH);
  tools::Subprocess p({std::move(args), std::move(env), {"PIXVERSE_API_KEY", "PIXVERSE_TOOLSETS"}, true});
  p.close_stdin();
  CommandRun run;
  while (auto line = p.read_line(std::chrono::seconds(30))) run.out += *line + "\n";
  run.err = p.drain_stderr(std::chrono::seconds(5));
  run.status = p.wait(std::chrono::seconds(30)).value_or(-1);
  return run;
}

// A server with no simulator behind it (protocol-level tests).
inline harness::McpSession bare_server(std::map<std::string, std::string> env = {}) {
  env.emplace("PIXVERSE_BASE_URL", "http://127.0.0.1:9");  // discard port: nothing should be sent
  env.emplace("PIXVERSE_LOG_LEVEL", "warn");
  return harness::McpSession({PIXVERSE_MCP_PATH, {}, std::move(env), {"PIXVERSE_API_KEY"}, true});
}

struct SimAndServer {
  harness::SimProcess sim;
  harness::McpSession session;

  explicit SimAndServer(std::vector<std::string> sim_args = {}, std::map<std::string, std::string> env = {})
      : sim(PIXVERSE_SIM_PATH, std::move(sim_args)), session(make(sim, std::move(env))) {
    session.initialize();
  }

  static harness::McpSession make(const harness::SimProcess& sim, std::map<std::string, std::string> env) {
    env.emplace("PIXVERSE_API_KEY", harness::kSimApiKey);
    env.emplace("PIXVERSE_BASE_URL", sim.base_url());
    env.emplace("PIXVERSE_LOG_LEVEL", "warn");
    env.emplace("PIXVERSE_OUTPUT_DIR", temp_dir("out"));
    // The tests upload the repository's examples and files they write to the temporary folder.
    env.emplace("PIXVERSE_INPUT_DIRS", std::string(EXAMPLES_DIR) + ":" + std::filesystem::temp_directory_path().string());
    env.emplace("PIXVERSE_STATE_DIR", temp_dir("state"));
    env.emplace("PIXVERSE_POLL_INTERVAL_MS", "20");  // the simulator's jobs end after a few polls
    return harness::McpSession({PIXVERSE_MCP_PATH, {}, std::move(env), {}, true});
  }
};

}  // namespace e2e
