// mcp-harness demo: the product at work. The bundled simulator, our server, and the demo
// script (examples/demo.jsonl) played through the same runner as `mcp-harness run`.
#include <stdlib.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "mcp-harness/commands.h"
#include "mcp-harness/locate.h"
#include "mcp-harness/runner.h"
#include "mcp-harness/sim_process.h"

namespace harness {

namespace fs = std::filesystem;

namespace {

// The run's own folder for the server's output and job registry: a folder per run, because
// every run's simulator hands out the same ids and a shared registry would see them collide;
// made by mkdtemp (mode 0700, a name no one can guess or create first) in $TMPDIR.
fs::path make_private_folder() {
  std::string name = (fs::temp_directory_path() / "pixverse-mcp-demo-XXXXXX").string();
  if (::mkdtemp(name.data()) == nullptr)
    throw std::runtime_error("cannot create a folder in " + fs::temp_directory_path().string() + ": " + std::strerror(errno));
  return name;
}

// The closing line about the folder: removed (once the server and the simulator have exited,
// so nothing writes into it any more), or kept with --keep.
std::string settle_folder(const fs::path& dir, bool keep) {
  if (keep) return "demo files are kept in " + dir.string();
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (ec) return "demo files in " + dir.string() + " could not be removed: " + ec.message();
  return "demo files in " + dir.string() + ", now removed (--keep keeps them)";
}

}  // namespace

int demo_command(const DemoArgs& args) {
  std::string script_path = args.script;
  if (script_path.empty()) {
    auto found = find_example(args.exe_dir, "demo.jsonl");
    if (!found) return usage_error("demo", "cannot find demo.jsonl (looked in " + candidates_text(args.exe_dir, "demo.jsonl") +
                                               "); pass --script FILE");
    script_path = found->string();
  }
  Script script;
  try {
    script = load_script(script_path);
  } catch (const ScriptError& e) {
    return usage_error("demo", e.what());
  }
  const std::string server = program_or_sibling(args.server, args.exe_dir, "pixverse-mcp");
  const std::string sim_path = program_or_sibling(args.sim, args.exe_dir, "pixverse-sim");
  if (server.empty()) return usage_error("demo", "cannot find pixverse-mcp beside the harness; pass --server PATH");
  if (sim_path.empty()) return usage_error("demo", "cannot find pixverse-sim beside the harness; pass --sim PATH");

  fs::path out_dir;
  try {
    out_dir = make_private_folder();
  } catch (const std::exception& e) {
    std::cerr << "mcp-harness demo: " << printable(e.what(), false) << "\n";
    return 1;
  }
  Transcript transcript(std::cout, args.quiet);
  transcript.line("pixverse-mcp demo: a real MCP stdio session against the bundled PixVerse simulator");
  std::optional<RunReport> report;
  std::string error;
  try {
    SimProcess sim(sim_path, {"--polls", "3"});
    transcript.line("  simulator  " + sim.base_url() + " (no internet, no real credits)\n" +  //
                    "  server     " + server + "\n" +                                           //
                    "  script     " + script_path + "\n" +                                      //
                    "  files      " + out_dir.string() + (args.keep ? " (kept: --keep)" : " (removed at the end)") + "\n");
    McpSession session({server,
                        {},
                        {{"PIXVERSE_API_KEY", kSimApiKey},
                         {"PIXVERSE_INPUT_DIRS", script.dir},  // what ${script_dir}/… names may be uploaded
                         {"PIXVERSE_BASE_URL", sim.base_url()},
                         {"PIXVERSE_OUTPUT_DIR", out_dir.string()},
                         {"PIXVERSE_STATE_DIR", (out_dir / "state").string()},
                         {"PIXVERSE_LOG_LEVEL", "warn"},
                         {"PIXVERSE_POLL_INTERVAL_MS", "500"}},
                        {},
                        false});
    PlayOptions options;
    options.timeout = std::chrono::milliseconds(args.timeout_ms);
    report = play(session, script, options, transcript);
  } catch (const std::exception& e) {
    error = e.what();
  }
  // The server and the simulator have exited here (their destructors wait for that).
  const bool ok = report && report->ok();
  if (report) std::cout << "\n" << report->summary() << "\n";
  const std::string folder = settle_folder(out_dir, args.keep);
  if (!args.quiet || args.keep) std::cout << (report ? "" : "\n") << printable(folder) << "\n";
  std::cout << (ok ? "demo: OK" : "demo: FAILED") << "\n" << std::flush;
  if (!error.empty()) std::cerr << "mcp-harness demo: " << printable(error, false) << "\n";
  return ok ? 0 : 1;
}

}  // namespace harness
