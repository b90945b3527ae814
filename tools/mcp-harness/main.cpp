// mcp-harness: the demo. Starts the PixVerse simulator and build/pixverse-mcp, then drives the
// server through a real stdio session the way an MCP host would: upload a local image,
// generate a video from text and one from the image, follow both jobs to the end, print them.
// With --script it runs a scripted session instead (see script.h; examples/walkthrough.json);
// with --live it checks the real PixVerse API instead (live_check.h; tools/live-check).
//
//   build/mcp-harness [--server PATH] [--sim PATH] [--image PATH] [--script FILE] [--live [--yes]]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "mcp-harness/live_check.h"
#include "mcp-harness/script.h"
#include "mcp-harness/session.h"
#include "mcp-harness/sim_process.h"

namespace fs = std::filesystem;
using harness::json;

namespace {

struct Args {
  std::string server, sim, image, script;
  bool live = false, yes = false, help = false;
};

constexpr const char* kUsage =
    "mcp-harness: drives build/pixverse-mcp through a real MCP stdio session, the way a host does.\n"
    "\n"
    "  mcp-harness                 the demo, against the bundled simulator (no key, no internet)\n"
    "  mcp-harness --script FILE   a scripted session against the simulator (examples/walkthrough.json)\n"
    "  mcp-harness --live [--yes]  the live check against the real API with PIXVERSE_API_KEY: spends\n"
    "                              about 5 credits after asking (--yes: without asking)\n"
    "Options: --server PATH (pixverse-mcp), --sim PATH (pixverse-sim), --image PATH (image to upload)\n";

Args parse_args(int argc, char** argv) {
  fs::path here = fs::absolute(argv[0]).parent_path();
  Args a{(here / "pixverse-mcp").string(), (here / "pixverse-sim").string(),
         (here.parent_path() / "examples/assets/sunset.png").string(), ""};
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    if (k == "--help" || k == "-h") a.help = true;
    else if (k == "--live") a.live = true;
    else if (k == "--yes") a.yes = true;
    else if (i + 1 >= argc) throw std::runtime_error("option " + k + " needs a value (see --help)");
    else if (k == "--server") a.server = argv[++i];
    else if (k == "--sim") a.sim = argv[++i];
    else if (k == "--image") a.image = argv[++i];
    else if (k == "--script") a.script = argv[++i];
    else throw std::runtime_error("unknown option " + k + " (see --help)");
  }
  a.image = fs::absolute(a.image).lexically_normal().string();
  return a;
}

// An id or number as plain text: ids come back as decimal strings, shown without quotes.
std::string text_of(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

void show(const std::string& arrow, const std::string& text) { std::cout << "  " << arrow << " " << text << "\n"; }

json call(harness::McpSession& s, const std::string& tool, const json& args) {
  show("→", "tools/call " + tool + " " + args.dump());
  json r = s.call_tool(tool, args, std::chrono::seconds(60));
  show(r.value("isError", false) ? "✗" : "←", harness::result_text(r));
  if (r.value("isError", false)) throw std::runtime_error(tool + " failed");
  return r.at("structuredContent");
}

json follow(harness::McpSession& s, const json& video_id) {
  // get_video_status waits for the job itself (up to wait_seconds), so no client-side sleep.
  for (int poll = 1; poll <= 10; ++poll) {
    json job = s.call_tool("get_video_status", json{{"video_id", video_id}, {"wait_seconds", 30}},
                           std::chrono::seconds(60)).at("structuredContent");
    show("…", "get_video_status " + text_of(video_id) + " → " + job.at("status").get<std::string>());
    if (job.at("status") != "running") return job;
  }
  throw std::runtime_error("video " + text_of(video_id) + " did not finish");
}

}  // namespace

int main(int argc, char** argv) try {
  Args args = parse_args(argc, argv);
  if (args.help) {
    std::cout << kUsage;
    return 0;
  }
  if (args.live) return harness::run_live_check({args.server, args.image, args.yes});
  std::cout << "pixverse-mcp demo: a real MCP stdio session against the bundled PixVerse simulator\n";
  harness::SimProcess sim(args.sim, {"--polls", "3"});
  std::cout << "  simulator  " << sim.base_url() << " (no internet, no real credits)\n";
  // A folder of its own per run: every run's simulator hands out the same ids, so a shared job
  // registry would see one run's jobs collide with the last one's.
  fs::path out_dir = fs::temp_directory_path() / ("pixverse-mcp-demo-" + std::to_string(::getpid()));
  // The files this session uploads: the image's folder, and the script's (its ${script_dir}).
  std::string input_dirs = fs::absolute(args.image).parent_path().string();
  if (!args.script.empty()) input_dirs += ":" + fs::absolute(args.script).parent_path().string();
  harness::McpSession session({args.server,
                               {},
                               {{"PIXVERSE_API_KEY", harness::kSimApiKey},
                                {"PIXVERSE_INPUT_DIRS", input_dirs},
                                {"PIXVERSE_BASE_URL", sim.base_url()},
                                {"PIXVERSE_OUTPUT_DIR", out_dir.string()},
                                {"PIXVERSE_STATE_DIR", (out_dir / "state").string()},
                                {"PIXVERSE_LOG_LEVEL", "warn"},
                                {"PIXVERSE_POLL_INTERVAL_MS", "500"}},
                               {},
                               false});
  json init = session.initialize();
  show("←", "initialize: " + init["serverInfo"].value("name", "") + " " + init["serverInfo"].value("version", "") +
                ", protocol " + init.value("protocolVersion", ""));
  json tools = session.request("tools/list").at("result").at("tools");
  std::string names;
  for (const auto& t : tools) names += (names.empty() ? "" : ", ") + t.at("name").get<std::string>();
  show("←", "tools/list: " + std::to_string(tools.size()) + " tools: " + names);
  if (!args.script.empty()) {
    bool ok = harness::run_script(session, args.script, std::cout);
    std::cout << (ok ? "\nwalkthrough: OK\n" : "\nwalkthrough: FAILED\n");
    return ok ? 0 : 1;
  }

  json image = call(session, "upload_image", {{"file_path", args.image}});
  json t2v = call(session, "text_to_video",
                  {{"prompt", "A red fox trots through fresh snow at dawn, cinematic"}, {"model", "v6"},
                   {"duration", 5}, {"quality", "540p"}, {"aspect_ratio", "16:9"}, {"wait_seconds", 0}});
  json i2v = call(session, "image_to_video",
                  {{"img_id", image.at("img_id")}, {"prompt", "The sun sinks slowly, clouds drift"},
                   {"model", "v5"}, {"duration", 5}, {"quality", "720p"}, {"wait_seconds", 0}});
  json done1 = follow(session, t2v.at("video_id"));
  json done2 = follow(session, i2v.at("video_id"));
  json balance = call(session, "get_balance", json::object());

  std::cout << "\nResults\n";
  for (const auto& [label, job] : {std::pair{"text_to_video ", done1}, std::pair{"image_to_video", done2}}) {
    std::cout << "  " << label << "  video_id " << text_of(job.at("video_id")) << "  " << job.at("status").get<std::string>()
              << "  " << job.value("width", 0) << "x" << job.value("height", 0) << "  " << job.value("size_bytes", 0)
              << " bytes  " << job.value("url", "") << "\n";
  }
  std::cout << "  credits left  " << balance.at("credits_total").dump() << "\n";
  bool ok = done1.at("status") == "succeeded" && done2.at("status") == "succeeded";
  std::cout << (ok ? "\ndemo: OK\n" : "\ndemo: FAILED\n");
  return ok ? 0 : 1;
} catch (const std::exception& e) {
  std::cerr << "demo failed: " << e.what() << "\n";
  return 1;
}
