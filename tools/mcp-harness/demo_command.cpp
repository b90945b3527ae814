// mcp-harness demo: the product at work. The bundled simulator, our server, and the demo
// script (examples/demo.jsonl) played through the same runner as `mcp-harness run`.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "mcp-harness/commands.h"
#include "mcp-harness/locate.h"
#include "mcp-harness/runner.h"
#include "mcp-harness/sim_process.h"

namespace harness {

namespace fs = std::filesystem;

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

  std::cout << "pixverse-mcp demo: a real MCP stdio session against the bundled PixVerse simulator\n";
  try {
    SimProcess sim(sim_path, {"--polls", "3"});
    std::cout << "  simulator  " << sim.base_url() << " (no internet, no real credits)\n"
              << "  server     " << server << "\n"
              << "  script     " << script_path << "\n\n";
    // A folder of its own per run: every run's simulator hands out the same ids, so a shared job
    // registry would see one run's jobs collide with the last one's.
    const fs::path out_dir = fs::temp_directory_path() / ("pixverse-mcp-demo-" + std::to_string(::getpid()));
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
    Transcript transcript(std::cout, false);
    PlayOptions options;
    options.timeout = std::chrono::milliseconds(args.timeout_ms);
    RunReport report = play(session, script, options, transcript);
    std::cout << "\n" << report.summary() << "\n" << (report.ok() ? "demo: OK" : "demo: FAILED") << "\n";
    return report.ok() ? 0 : 1;
  } catch (const std::exception& e) {
    std::cout << "\ndemo: FAILED\n";
    std::cerr << "mcp-harness demo: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace harness
