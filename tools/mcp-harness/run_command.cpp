// mcp-harness run: any stdio MCP server, one script, a transcript, an exit code, a JUnit report.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "mcp-harness/commands.h"
#include "mcp-harness/junit.h"
#include "mcp-harness/locate.h"
#include "mcp-harness/runner.h"

namespace harness {

namespace fs = std::filesystem;

int run_command(const RunArgs& args) {
  Script script;
  try {
    script = load_script(args.script);
  } catch (const ScriptError& e) {
    return usage_error("run", e.what());
  }
  std::map<std::string, std::string> env;
  for (const auto& kv : args.env) {
    auto eq = kv.find('=');
    if (eq == 0 || eq == std::string::npos) return usage_error("run", "--env takes NAME=VALUE, not \"" + kv + "\"");
    env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  // With --cwd the server starts in DIR, so its command is found from there, as a shell after
  // "cd DIR" would find it.
  fs::path server_dir = fs::current_path();
  if (!args.cwd.empty()) {
    std::error_code ec;
    if (!fs::is_directory(args.cwd, ec)) return usage_error("run", "--cwd " + args.cwd + ": not a folder");
    server_dir = fs::absolute(args.cwd).lexically_normal();
  }
  auto program = find_program(args.command.front(), server_dir);
  if (!program)
    return usage_error("run", args.command.front() + ": command not found (not an executable file" +
                                  (args.cwd.empty() ? std::string() : " in " + server_dir.string()) + ", nor on $PATH)");
  std::vector<std::string> argv{program->string()};
  argv.insert(argv.end(), args.command.begin() + 1, args.command.end());
  if (!args.cwd.empty()) {
    // The child starts through sh, which changes folder and then becomes the server itself
    // (exec): tools::Subprocess has no working-directory option.
    argv.insert(argv.begin(), {"-c", "cd \"$1\" || exit 127; shift; exec \"$@\"", "mcp-harness", server_dir.string()});
    argv.insert(argv.begin(), "/bin/sh");
  }
  // Opened now, so that a report that cannot be written stops the run before it starts.
  const std::string junit_path = args.junit.empty() ? "" : fs::absolute(args.junit).string();
  if (!junit_path.empty() && !std::ofstream(junit_path, std::ios::trunc))
    return usage_error("run", "--junit " + args.junit + ": cannot write there");

  std::unique_ptr<McpSession> session;
  try {
    session = std::make_unique<McpSession>(
        McpSession::Options{argv.front(), std::vector<std::string>(argv.begin() + 1, argv.end()), env, {}, false});
  } catch (const std::exception& e) {
    return usage_error("run", std::string("cannot start the server: ") + e.what());
  }
  Transcript transcript(std::cout, args.quiet);
  std::string shown_command;
  for (const auto& a : args.command) shown_command += (shown_command.empty() ? "" : " ") + a;
  transcript.line("mcp-harness: " + args.script + " against " + shown_command);

  PlayOptions options;
  options.timeout = std::chrono::milliseconds(args.timeout_ms);
  options.protocol_version = args.protocol_version;
  const auto t0 = std::chrono::steady_clock::now();
  RunReport report = play(*session, script, options, transcript);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "\n" << report.summary() << "\n" << (report.ok() ? "run: OK" : "run: FAILED") << "\n" << std::flush;
  if (!junit_path.empty()) {
    try {
      write_junit(junit_path, report, fs::path(args.script).filename().string(), seconds);
    } catch (const std::exception& e) {
      return usage_error("run", e.what());
    }
  }
  return report.ok() ? 0 : 1;
}

}  // namespace harness
