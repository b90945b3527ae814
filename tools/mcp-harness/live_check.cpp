#include "mcp-harness/live_check.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <vector>

#include "common/subprocess.h"
#include "mcp-harness/session.h"

namespace harness {
namespace {

namespace fs = std::filesystem;

// The cheapest generation PixVerse offers: v6 is billed per second, 360p silent, and takes 1 s.
const json kCheapest = {{"prompt", "A paper boat drifts on a calm pond, soft morning light"},
                        {"model", "v6"},
                        {"quality", "360p"},
                        {"duration", 1},
                        {"aspect_ratio", "16:9"},
                        {"wait_seconds", 0}};
constexpr int kEstimatedCredits = 5;  // 5 credits per second at 360p without audio (published price)

struct Check {
  std::string what;
  bool ok;
  std::string detail;
};

class Report {
 public:
  void add(std::string what, bool ok, std::string detail = "") {
    std::cout << (ok ? "  ok    " : "  FAIL  ") << what << (detail.empty() ? "" : " — " + detail) << "\n";
    checks_.push_back({std::move(what), ok, std::move(detail)});
  }
  bool all_ok() const {
    for (const auto& c : checks_)
      if (!c.ok) return false;
    return true;
  }
  int failed() const {
    int n = 0;
    for (const auto& c : checks_) n += c.ok ? 0 : 1;
    return n;
  }
  std::size_t size() const { return checks_.size(); }

 private:
  std::vector<Check> checks_;
};

bool digits(const json& v) {
  return v.is_string() && !v.get<std::string>().empty() &&
         v.get<std::string>().find_first_not_of("0123456789") == std::string::npos;
}

std::string trace_of(const json& structured) {
  return structured.contains("trace_id") ? "trace id " + structured["trace_id"].get<std::string>() : "";
}

// The first bytes of an MP4/MOV file name its box type at offset 4: "ftyp".
bool looks_like_mp4(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[8] = {};
  in.read(head, sizeof head);
  return in.gcount() == 8 && std::string(head + 4, 4) == "ftyp";
}

// The tool names of the server's own catalog (`pixverse-mcp --list-tools`, printed without a
// session): the live tools/list must show exactly these, however many there are.
std::vector<std::string> catalog_names(const std::string& server) {
  tools::Subprocess listing({{server, "--list-tools"}, {}, {}, false});
  std::string text;
  while (auto line = listing.read_line(std::chrono::seconds(10))) text += *line + "\n";
  std::vector<std::string> names;
  const json catalog = json::parse(text, nullptr, false);
  if (catalog.is_object() && catalog.contains("tools") && catalog["tools"].is_array())
    for (const auto& t : catalog["tools"]) names.push_back(t.is_object() ? t.value("name", "") : "");
  return names;
}

std::vector<std::string> names_of(const json& tools) {
  std::vector<std::string> names;
  if (tools.is_array())
    for (const auto& t : tools) names.push_back(t.is_object() ? t.value("name", "") : "");
  return names;
}

bool confirm_spending(bool yes) {
  std::cout << "\nThe next step spends real credits: text_to_video " << kCheapest.dump() << "\n"
            << "costs about " << kEstimatedCredits << " credits (PixVerse's published price; check "
            << "platform.pixverse.ai for today's).\n";
  if (yes) return true;
  if (!::isatty(STDIN_FILENO)) {
    std::cout << "Not a terminal and no --yes: nothing was spent.\n";
    return false;
  }
  std::cout << "Spend them? [y/N] " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "Y" || answer == "yes";
}

}  // namespace

int run_live_check(const LiveCheckOptions& options) {
  const char* key = std::getenv("PIXVERSE_API_KEY");
  if (key == nullptr || *key == '\0') {
    std::cerr << "live-check: set PIXVERSE_API_KEY to your PixVerse Platform API key first.\n";
    return 2;
  }
  const fs::path out_dir = fs::temp_directory_path() / ("pixverse-live-check-" + std::to_string(::getpid()));
  std::map<std::string, std::string> env{{"PIXVERSE_OUTPUT_DIR", out_dir.string()},
                                         {"PIXVERSE_LOG_LEVEL", "warn"},
                                         {"PIXVERSE_INPUT_DIRS", fs::absolute(options.image).parent_path().string()}};
  std::cout << "pixverse-mcp live check: the real binary against the real PixVerse API\n"
            << "  server     " << options.server << "\n"
            << "  API        " << (std::getenv("PIXVERSE_BASE_URL") ? std::getenv("PIXVERSE_BASE_URL") : "default")
            << "\n  downloads  " << out_dir.string() << "\n  (jobs are recorded in your usual job registry)\n\n";
  McpSession session({options.server, {}, env, {}, false});
  Report report;
  // Every ending prints the summary of what was checked so far.
  auto finish = [&report](int code) {
    std::cout << "\n" << report.size() - static_cast<std::size_t>(report.failed()) << " passed, " << report.failed()
              << " failed\n";
    return code;
  };

  json init = session.initialize();
  report.add("initialize", init.value("protocolVersion", "") == "2025-11-25", init.value("protocolVersion", ""));
  json tools = session.request("tools/list")["result"]["tools"];
  const std::vector<std::string> catalog = catalog_names(options.server);
  report.add("tools/list lists the tools of --list-tools", !catalog.empty() && names_of(tools) == catalog,
             std::to_string(tools.size()) + " listed, " + std::to_string(catalog.size()) + " in the catalog");

  json balance = session.call_tool("get_balance", json::object());
  const bool balance_ok = !balance.value("isError", false);
  report.add("get_balance answers with the envelope the simulator uses", balance_ok, result_text(balance));
  if (!balance_ok) return finish(1);
  const long long before = balance["structuredContent"].value("credits_total", 0LL);

  json upload = session.call_tool("upload_image", {{"file_path", options.image}});
  const json img = upload.value("structuredContent", json::object());
  report.add("upload_image returns an img_id (digits) and a URL",
             !upload.value("isError", false) && digits(img.value("img_id", json())) && img.contains("img_url"),
             result_text(upload));

  if (!confirm_spending(options.yes)) return finish(2);
  json submitted = session.call_tool("text_to_video", kCheapest, std::chrono::seconds(120));
  const json job = submitted.value("structuredContent", json::object());
  const bool accepted = !submitted.value("isError", false) && digits(job.value("video_id", json()));
  report.add("text_to_video is accepted with a video_id", accepted, result_text(submitted) + " " + trace_of(job));
  if (!accepted) return finish(1);

  // Follow it: each call waits up to a minute; a 1 s video at 360p usually takes under two.
  json last;
  for (int i = 0; i < 15; ++i) {
    json r = session.call_tool("get_video_status",
                               {{"video_id", job["video_id"]}, {"wait_seconds", 60}, {"download", true}},
                               std::chrono::seconds(120));
    last = r.value("structuredContent", json::object());
    if (last.value("status", "") != "running" && last.value("status", "") != "unknown") break;
    std::cout << "  …     still " << last.value("status", "") << " after " << (i + 1) << " min\n";
  }
  report.add("the job moves from running to succeeded, as the simulator's do", last.value("status", "") == "succeeded",
             last.value("status", "") + (last.contains("poll_error") ? ": " + last["poll_error"].get<std::string>() : ""));
  report.add("the result has an https URL, size and dimensions",
             last.value("url", "").rfind("https://", 0) == 0 && last.contains("size_bytes") && last.contains("width"),
             last.value("url", ""));
  const std::string local = last.value("local_path", "");
  report.add("the video was downloaded into the output folder, as an MP4",
             !local.empty() && fs::path(local).parent_path() == out_dir && looks_like_mp4(local),
             local.empty() ? last.value("download_error", std::string("no local_path")) : local);

  json after = session.call_tool("get_balance", json::object());
  const long long spent = before - after["structuredContent"].value("credits_total", before);
  report.add("credits spent match the estimate", spent > 0 && spent <= 2LL * kEstimatedCredits,
             std::to_string(spent) + " spent, about " + std::to_string(kEstimatedCredits) + " expected");

  return finish(report.all_ok() ? 0 : 1);
}

}  // namespace harness
