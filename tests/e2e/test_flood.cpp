// A flood of waiting calls: thousands of get_video_status calls wait for one job at
// once. Waiting holds no thread, so the server's thread count stays bounded by its worker pool,
// ping is answered while they wait, and every call gets its answer when the job ends.
#include <catch2/catch.hpp>
#include <httplib.h>

#include <signal.h>

#include <fstream>
#include <set>

#include "e2e_fixture.h"
#include "mcp/server.h"

using namespace e2e;
using Clock = std::chrono::steady_clock;

namespace {

// A figure from /proc/<pid>/status ("Threads", "VmRSS" in kB), or -1.
long proc_status(int pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  return -1;
}

const long kWorkerThreads = static_cast<long>(mcp::ServerOptions{}.worker_threads);  // the binary's default
constexpr long kOtherThreads = 4;    // main/reader, stdout writer and spdlog's, with room to spare
// The server's memory with 3,000 calls waiting (about 30 MiB measured). Under AddressSanitizer
// the same server holds ~500 MiB of shadow memory and quarantine, which says nothing of ours.
#if defined(__SANITIZE_ADDRESS__)
constexpr long kMaxRssKb = 1024 * 1024;
#else
constexpr long kMaxRssKb = 200 * 1024;
#endif

}  // namespace

TEST_CASE("3,000 calls waiting at once run on a bounded number of threads, ping answered meanwhile", "[flood]") {
  // Polls start every 2 s (growing to 10 s), as they do for users, not the fixture's 20 ms.
  SimAndServer env({}, {{"PIXVERSE_POLL_INTERVAL_MS", "2000"}});
  auto& s = env.session;
  const int pid = s.process().pid();
  json job = s.call_tool("text_to_video", {{"prompt", "[sim:polls=1000000] a flood"}, {"wait_seconds", 0}});
  const json video_id = job["structuredContent"]["video_id"];
  REQUIRE(video_id.is_string());
  const int polls_before = env.sim.jobs()[0]["polls"].get<int>();

  constexpr int kCalls = 3000;
  std::set<json> waiting;
  for (int i = 0; i < kCalls; ++i)
    waiting.insert(s.send_request(
        "tools/call", {{"name", "get_video_status"},
                       {"arguments", {{"video_id", video_id}, {"wait_seconds", 300}, {"download", false}}},
                       {"_meta", {{"progressToken", i}}}}));
  long most_threads = proc_status(pid, "Threads");

  // Read what comes until every call has reported progress after its first poll: all 3,000
  // are now waiting.
  std::vector<json> early;  // responses that arrive before the job ends: none may
  std::set<json> reported;
  for (auto deadline = Clock::now() + 120s; reported.size() < kCalls && Clock::now() < deadline;) {
    auto m = s.next_message(1s);
    most_threads = std::max(most_threads, proc_status(pid, "Threads"));
    if (!m) continue;
    if (m->contains("id")) early.push_back(*m);
    else if (m->value("method", "") == "notifications/progress" &&
             (*m)["params"].value("message", "").find("running") != std::string::npos)
      reported.insert((*m)["params"]["progressToken"]);
  }
  REQUIRE(reported.size() == kCalls);
  CHECK(early.empty());
  // They share status answers: far fewer status requests than calls (one per second or so).
  const int polls = env.sim.jobs()[0]["polls"].get<int>() - polls_before;
  INFO("status requests for 3,000 waiting calls: " << polls);
  CHECK(polls < kCalls / 10);
  const long threads_waiting = proc_status(pid, "Threads");
  const long rss_kb = proc_status(pid, "VmRSS");
  INFO("threads while 3,000 calls wait: " << threads_waiting << " (most seen " << most_threads << "), RSS " << rss_kb
                                          << " kB");
  CHECK(threads_waiting <= kWorkerThreads + kOtherThreads);
  CHECK(most_threads <= kWorkerThreads + kOtherThreads);
  CHECK(rss_kb < kMaxRssKb);

  // ping is read and answered while they wait.
  json pong = s.request("ping", json::object(), 10s);
  CHECK(pong.contains("result"));

  // The job ends at its next poll; every waiting call answers with the finished video.
  {
    httplib::Client cli("127.0.0.1", env.sim.port());
    auto res = cli.Post("/_sim/jobs/" + video_id.get<std::string>(), json{{"polls", 1}}.dump(), "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 200);
  }
  int succeeded = 0;
  for (auto deadline = Clock::now() + 120s; !waiting.empty() && Clock::now() < deadline;) {
    auto m = s.next_message(1s);
    most_threads = std::max(most_threads, proc_status(pid, "Threads"));
    if (!m || !m->contains("id") || !waiting.count((*m)["id"])) continue;
    waiting.erase((*m)["id"]);
    if (m->contains("result") && (*m)["result"]["structuredContent"].value("status", "") == "succeeded") ++succeeded;
  }
  CHECK(waiting.empty());
  CHECK(succeeded == kCalls);
  CHECK(most_threads <= kWorkerThreads + kOtherThreads);
}

TEST_CASE("stdin closed while calls wait: each still answers with its job's handle, and the server exits 0",
          "[flood][shutdown]") {
  SimAndServer env({}, {{"PIXVERSE_POLL_INTERVAL_MS", "2000"}});
  auto& s = env.session;
  // One call that submits (a paid job) and waits, and 500 status lookups waiting on it.
  const json submit = s.send_request(
      "tools/call", {{"name", "text_to_video"}, {"arguments", {{"prompt", "[sim:polls=1000000] a fox"}, {"wait_seconds", 60}}}});
  for (int i = 0; i < 200 && env.sim.jobs().empty(); ++i) s.next_message(25ms);
  REQUIRE(env.sim.jobs().size() == 1);
  const std::string video_id = id_text(env.sim.jobs()[0]["id"]);
  std::set<json> waiting{submit};
  for (int i = 0; i < 500; ++i)
    waiting.insert(s.send_request("tools/call", {{"name", "get_video_status"},
                                                 {"arguments", {{"video_id", video_id}, {"wait_seconds", 60}}}}));
  REQUIRE(s.request("ping", json::object(), 10s).contains("result"));  // all 501 are read and waiting
  s.process().close_stdin();
  int handles = 0;
  std::string first_text;
  for (auto deadline = Clock::now() + 30s; !waiting.empty() && Clock::now() < deadline;) {
    auto m = s.next_message(1s);
    if (!m) continue;
    if (!m->contains("id") || !waiting.count((*m)["id"])) continue;
    waiting.erase((*m)["id"]);
    const json job = (*m)["result"].value("structuredContent", json::object());
    if (job.value("video_id", "") == video_id && job.value("status", "") == "running") ++handles;
    if (first_text.empty()) first_text = harness::result_text((*m)["result"]);
  }
  INFO(first_text);
  CHECK(waiting.empty());
  CHECK(handles == 501);
  CHECK(first_text.find("shutting down") != std::string::npos);
  auto code = s.process().wait(10s);
  REQUIRE(code.has_value());
  CHECK(*code == 0);
  CHECK(env.sim.jobs().size() == 1);
}

TEST_CASE("SIGTERM while a call waits: it answers with its job's handle, and the server exits 0", "[shutdown]") {
  SimAndServer env;
  auto& s = env.session;
  const json id = s.send_request(
      "tools/call", {{"name", "text_to_video"}, {"arguments", {{"prompt", "[sim:polls=1000000] a fox"}, {"wait_seconds", 60}}}});
  for (int i = 0; i < 200 && env.sim.jobs().empty(); ++i) s.next_message(25ms);
  REQUIRE(env.sim.jobs().size() == 1);
  s.process().kill(SIGTERM);
  json answer = s.await_response(id, 20s);
  INFO(answer.dump());
  CHECK(answer["result"]["structuredContent"]["status"] == "running");
  CHECK(answer["result"]["structuredContent"]["video_id"] == id_text(env.sim.jobs()[0]["id"]));
  auto code = s.process().wait(10s);
  REQUIRE(code.has_value());
  CHECK(*code == 0);
}
