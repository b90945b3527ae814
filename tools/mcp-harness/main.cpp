// mcp-harness: a stdio test harness for any MCP server, and pixverse-mcp's demo.
//
//   mcp-harness run SCRIPT [options] -- COMMAND ARGS…   play a script against any stdio server
//   mcp-harness demo [--server P] [--sim P] [--script F] [--keep] [--quiet]
//                                                       the demo (also: no arguments at all)
//   mcp-harness live [--yes]                            the live check against the real API
//
// The first harness took "--script FILE" and "--live [--yes]" without a subcommand; those
// still work (tools/demo passes its arguments through, tools/live-check uses --live).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

#include "mcp-harness/commands.h"
#include "mcp-harness/locate.h"
#include "mcp-harness/printable.h"

namespace {

constexpr const char* kScriptHelp = R"(A script is JSONL (one step per line; # and // lines are comments) or JSON
({"description": "...", "steps": [...]}). A step is
  {"tool": "NAME", "arguments": {...}}     tools/call
  {"method": "M", "params": {...}}         any request
  {"notify": "M", "params": {...}}         a notification
with optional "say" (a heading), "as" (save the result), "timeout_ms",
"retry": {"max_attempts": N, "delay_ms": D}, "show" (lines to print) and
"expect": {"equals"|"contains"|"matches": {"/json/pointer": value},
           "isError": bool, "error": bool, "error_code": N, "within_ms": N}
Pointers start at the JSON-RPC response: /result/..., /error/code.
References: ${name.field}, ${name/json/pointer}, ${script_dir}, ${env.NAME};
$${ is a literal ${ (e.g. "$${HOME}" sends the text ${HOME}).
With no "expect", a tool call must be neither a JSON-RPC error nor isError: true,
another request not a JSON-RPC error; with one, only what it lists counts.
What the server writes is held to MCP and JSON-RPC 2.0: a violation fails the run.
Exit status: 0 every expectation held, 1 one failed, 2 usage or script error.

Example:
  mcp-harness run examples/harness_smoke.jsonl --junit report.xml -- build/pixverse-mcp
)";

// The first harness's command lines: no subcommand meant the demo, "--live" the live check.
std::vector<std::string> with_subcommand(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && (args[0] == "run" || args[0] == "demo" || args[0] == "live" || args[0] == "-h" ||
                        args[0] == "--help" || args[0] == "--help-all"))
    return args;
  for (auto it = args.begin(); it != args.end(); ++it)
    if (*it == "--live") {
      args.erase(it);
      args.insert(args.begin(), "live");
      return args;
    }
  args.insert(args.begin(), "demo");
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mcp-harness: drives a stdio MCP server through a real session, the way a host does.\n"
               "With no arguments it runs the pixverse-mcp demo against the bundled simulator."};
  app.name("mcp-harness");
  app.require_subcommand(1);

  // "" would mean "none" for --junit and an empty version for --protocol-version: refused, so
  // that a variable that happens to be empty in a CI script does not silently drop the report.
  const CLI::Validator not_empty(
      [](std::string& value) { return value.empty() ? std::string("must not be empty") : std::string(); }, "", "NOT_EMPTY");

  harness::RunArgs run_args;
  CLI::App* run = app.add_subcommand("run", "Play SCRIPT against any stdio MCP server: COMMAND ARGS after --");
  run->add_option("script", run_args.script, "the script (JSONL or JSON), relative to the current directory")
      ->required();
  run->add_option("command", run_args.command, "the server's command line, after --")->required();
  run->add_option("--junit", run_args.junit, "also write a JUnit XML report to FILE")->option_text("FILE")->check(not_empty);
  run->add_option("--env", run_args.env, "set an environment variable of the server (repeatable)")
      ->option_text("NAME=VALUE")
      ->allow_extra_args(false);
  run->add_option("--cwd", run_args.cwd, "the server's working directory (a relative COMMAND is found from there)")
      ->option_text("DIR");
  run->add_option("--protocol-version", run_args.protocol_version, "sent in the harness's initialize")
      ->option_text("V (2025-11-25)")
      ->check(not_empty);
  run->add_option("--timeout-ms", run_args.timeout_ms, "how long to wait for each answer by default")
      ->option_text("N (60000)")
      ->check(CLI::Range(1, 86'400'000));
  run->add_flag("--quiet", run_args.quiet, "print only failures and the summary");
  run->footer(kScriptHelp);

  harness::DemoArgs demo_args;
  CLI::App* demo = app.add_subcommand("demo", "The pixverse-mcp demo: the bundled simulator, our server, examples/demo.jsonl");
  demo->add_option("--server", demo_args.server, "pixverse-mcp to run (default: next to the harness)")->option_text("PATH");
  demo->add_option("--sim", demo_args.sim, "pixverse-sim to run (default: beside the harness, or in ../libexec/pixverse-mcp)")->option_text("PATH");
  demo->add_option("--script", demo_args.script, "play this script instead of demo.jsonl (e.g. examples/walkthrough.json)")
      ->option_text("FILE");
  demo->add_flag("--keep", demo_args.keep, "keep the run's private folder (videos, job registry) instead of removing it");
  demo->add_flag("--quiet", demo_args.quiet, "print only failures and the summary");

  harness::LiveArgs live_args;
  CLI::App* live = app.add_subcommand("live", "The live check: the real PixVerse API with PIXVERSE_API_KEY (spends ~5 credits after asking)");
  live->add_flag("--yes", live_args.yes, "spend the credits without asking");
  live->add_option("--server", live_args.server, "pixverse-mcp to run (default: next to the harness)")->option_text("PATH");
  live->add_option("--image", live_args.image, "the image to upload (default: examples/assets/sunset.png)")->option_text("PATH");

  // Set last: subcommands copy their parent's settings when they are added.
  app.footer("Run `mcp-harness SUBCOMMAND --help` for its options.");

  std::vector<std::string> args = with_subcommand(argc, argv);
  std::reverse(args.begin(), args.end());  // CLI11 takes a vector in reverse order
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "mcp-harness: " << harness::printable(e.what(), false) << " (see mcp-harness --help)\n";
    return 2;
  }

  const auto exe_dir = harness::executable_dir(argv[0]);
  try {
    if (run->parsed()) return harness::run_command(run_args);
    if (live->parsed()) {
      live_args.exe_dir = exe_dir;
      return harness::live_command(live_args);
    }
    demo_args.exe_dir = exe_dir;
    return harness::demo_command(demo_args);
  } catch (const std::exception& e) {
    std::cerr << "mcp-harness: " << harness::printable(e.what(), false) << "\n";
    return 1;
  }
}
