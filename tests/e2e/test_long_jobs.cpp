// Long jobs end to end: bounded waits with progress, resuming, cancellation, MCP
// Tasks, the job registry across restarts and processes, recovery, downloads and resources.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>

#include "e2e_fixture.h"

using namespace e2e;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

std::vector<json> progress_of(const harness::McpSession& s, const json& token) {
  std::vector<json> out;
  for (const auto& n : s.notifications())
    if (n.value("method", "") == "notifications/progress" && n["params"]["progressToken"] == token)
      out.push_back(n["params"]);
  return out;
}

json call_with_progress(harness::McpSession& s, const std::string& tool, json args, const json& token,
                        std::chrono::milliseconds timeout = 30s) {
  json r = s.request("tools/call",
                     json{{"name", tool}, {"arguments", std::move(args)}, {"_meta", {{"progressToken", token}}}},
                     timeout);
  REQUIRE(r.contains("result"));
  return r["result"];
}

std::set<fs::path> files_in(const std::string& dir) {
  std::set<fs::path> out;
  if (fs::exists(dir))
    for (const auto& e : fs::recursive_directory_iterator(dir)) out.insert(e.path());
  return out;
}

}  // namespace

TEST_CASE("a slow job sends progress and returns a handle when the wait ends, get_video_status resumes it",
          "[long-jobs]") {
  SimAndServer env;
  auto& s = env.session;
  auto t0 = Clock::now();
  json r = call_with_progress(s, "text_to_video", {{"prompt", "[sim:ms=4000] a slow tide"}, {"wait_seconds", 1}},
                              "tok-1");
  auto took = Clock::now() - t0;
  REQUIRE_FALSE(r.value("isError", false));
  json job = r["structuredContent"];
  CHECK(job["status"] == "running");
  CHECK(harness::result_text(r).find("get_video_status") != std::string::npos);
  CHECK(took >= 1s);
  CHECK(took < 3s);  // the wait is bounded by wait_seconds, not by the job
  auto progress = progress_of(s, "tok-1");
  REQUIRE(progress.size() >= 2);
  for (std::size_t i = 1; i < progress.size(); ++i)
    CHECK(progress[i]["progress"].get<double>() > progress[i - 1]["progress"].get<double>());
  CHECK(progress.back()["message"].get<std::string>().find("running") != std::string::npos);

  s.clear_notifications();
  json done = call_with_progress(s, "get_video_status", {{"video_id", job["video_id"]}, {"wait_seconds", 20}}, "tok-2");
  CHECK(done["structuredContent"]["status"] == "succeeded");
  CHECK(done["structuredContent"]["trace_id"] == job["trace_id"]);  // the registry remembers the submission
  CHECK(done["structuredContent"]["job_id"] == job["job_id"]);
  CHECK_FALSE(progress_of(s, "tok-2").empty());
}

TEST_CASE("wait_seconds 0 returns at once, a fast job inside the wait returns the finished video", "[long-jobs]") {
  SimAndServer env;
  auto& s = env.session;
  json quick = s.call_tool("text_to_video", {{"prompt", "a kite"}, {"wait_seconds", 0}});
  CHECK(quick["structuredContent"]["status"] == "running");
  CHECK(env.sim.jobs()[0]["polls"] == 0);  // not even one status request
  json full = s.call_tool("text_to_video", {{"prompt", "a kite again"}, {"wait_seconds", 20}});
  CHECK(full["structuredContent"]["status"] == "succeeded");
  CHECK(full["structuredContent"].contains("url"));
}

TEST_CASE("a cancelled wait stops within a second, sends no response, and the job can be resumed", "[long-jobs]") {
  SimAndServer env;
  auto& s = env.session;
  s.request("logging/setLevel", {{"level", "info"}});
  json id = s.send_request("tools/call", {{"name", "text_to_video"},
                                          {"arguments", {{"prompt", "[sim:ms=60000] forever"}, {"wait_seconds", 60}}}});
  // Wait until the job exists on the simulator (the call is now in its polling wait).
  json submitted;
  for (int i = 0; i < 200 && submitted.is_null(); ++i) {
    auto msg = s.next_message(100ms);
    if (msg && msg->value("method", "") == "notifications/message" && (*msg)["params"]["data"]["event"] == "submitted")
      submitted = (*msg)["params"]["data"];
  }
  REQUIRE_FALSE(submitted.is_null());
  auto t0 = Clock::now();
  s.notify("notifications/cancelled", {{"requestId", id}, {"reason", "user pressed stop"}});
  bool stopped = false;
  while (!stopped && Clock::now() - t0 < 1s) {
    auto msg = s.next_message(50ms);
    if (msg && msg->contains("id")) FAIL("a response was sent for the cancelled call: " << msg->dump());
    if (msg && msg->value("method", "") == "notifications/message" &&
        (*msg)["params"]["data"]["event"] == "wait_cancelled")
      stopped = true;
  }
  CHECK(stopped);  // within a second of the cancellation
  CHECK(s.request("ping", json::object(), 2s)["result"] == json::object());

  json jobs = s.call_tool("list_jobs", {{"status", "running"}});
  REQUIRE(jobs["structuredContent"]["jobs"].size() == 1);
  CHECK(jobs["structuredContent"]["jobs"][0]["video_id"] == submitted["video_id"]);
  json again = s.call_tool("get_video_status", {{"video_id", submitted["video_id"]}, {"wait_seconds", 0}});
  CHECK(again["structuredContent"]["status"] == "running");
}

TEST_CASE("a task-augmented call goes working → completed and tasks/result matches a plain call", "[long-jobs]") {
  SimAndServer env;
  auto& s = env.session;
  json init_caps = s.request("tools/list")["result"]["tools"];
  bool optional_support = false;
  for (const auto& t : init_caps)
    if (t["name"] == "text_to_video") optional_support = t["execution"]["taskSupport"] == "optional";
  CHECK(optional_support);

  json created = s.request("tools/call", {{"name", "text_to_video"},
                                          {"arguments", {{"prompt", "[sim:ms=300] a task"}, {"seed", 7}}},
                                          {"task", {{"ttl", 60000}}}});
  REQUIRE(created.contains("result"));
  json task = created["result"]["task"];
  CHECK(task["status"] == "working");
  const std::string task_id = task["taskId"].get<std::string>();
  CHECK(task_id.size() >= 32);

  std::string status = "working";
  for (int i = 0; i < 200 && status == "working"; ++i) {
    json got = s.request("tasks/get", {{"taskId", task_id}});
    status = got["result"]["status"].get<std::string>();
    if (status == "working") s.next_message(50ms);  // lets time pass while reading notifications
  }
  CHECK(status == "completed");
  json via_task = s.request("tasks/result", {{"taskId", task_id}})["result"];
  json plain = s.call_tool("text_to_video", {{"prompt", "[sim:ms=300] a task"}, {"seed", 7}, {"wait_seconds", 30}});
  CHECK(via_task["structuredContent"]["status"] == "succeeded");
  CHECK(plain["structuredContent"]["status"] == "succeeded");
  std::set<std::string> task_keys, plain_keys;
  for (const auto& [k, v] : via_task["structuredContent"].items()) task_keys.insert(k);
  for (const auto& [k, v] : plain["structuredContent"].items()) plain_keys.insert(k);
  CHECK(task_keys == plain_keys);
  CHECK(via_task["content"].size() == plain["content"].size());
  CHECK(via_task["_meta"]["io.modelcontextprotocol/related-task"]["taskId"] == task_id);
}

TEST_CASE("a job survives a server restart and shows in list_jobs", "[long-jobs]") {
  harness::SimProcess sim(PIXVERSE_SIM_PATH);
  const std::string state = temp_dir("restart-state");
  json video_id;
  {
    auto s = SimAndServer::make(sim, {{"PIXVERSE_STATE_DIR", state}});
    s.initialize();
    json r = s.call_tool("text_to_video", {{"prompt", "[sim:ms=1500] before restart"}, {"wait_seconds", 0}});
    video_id = r["structuredContent"]["video_id"];
    s.process().close_stdin();
    CHECK(s.process().wait(5s) == 0);
  }
  auto s2 = SimAndServer::make(sim, {{"PIXVERSE_STATE_DIR", state}});
  s2.initialize();
  json listed = s2.call_tool("list_jobs", json::object());
  REQUIRE_FALSE(listed["structuredContent"]["jobs"].empty());
  json first = listed["structuredContent"]["jobs"][0];
  CHECK(first["video_id"] == video_id);
  CHECK(first["tool"] == "text_to_video");
  CHECK(first["status"] == "running");
  json done = s2.call_tool("get_video_status", {{"video_id", video_id}, {"wait_seconds", 20}});
  CHECK(done["structuredContent"]["status"] == "succeeded");
  json after = s2.call_tool("list_jobs", {{"status", "succeeded"}});
  CHECK(after["structuredContent"]["jobs"][0]["video_id"] == video_id);
}

TEST_CASE("two server processes write the registry concurrently without loss", "[long-jobs]") {
  harness::SimProcess sim(PIXVERSE_SIM_PATH, {"--max-concurrent", "100"});
  const std::string state = temp_dir("shared-state");
  auto a = SimAndServer::make(sim, {{"PIXVERSE_STATE_DIR", state}});
  auto b = SimAndServer::make(sim, {{"PIXVERSE_STATE_DIR", state}});
  a.initialize();
  b.initialize();
  constexpr int kEach = 15;
  for (int i = 0; i < kEach; ++i) {  // all in flight at once, in both processes
    a.send_request("tools/call", {{"name", "text_to_video"},
                                                   {"arguments", {{"prompt", "a" + std::to_string(i)}, {"wait_seconds", 1}}}});
    b.send_request("tools/call", {{"name", "text_to_video"},
                                                   {"arguments", {{"prompt", "b" + std::to_string(i)}, {"wait_seconds", 1}}}});
  }
  std::set<std::string> video_ids;
  for (auto* session : {&a, &b})
    for (int answered = 0; answered < kEach;) {
      auto msg = session->next_message(30s);
      REQUIRE(msg);
      if (!msg->contains("id")) continue;
      INFO(msg->dump());
      video_ids.insert(id_text((*msg)["result"]["structuredContent"]["video_id"]));
      ++answered;
    }
  REQUIRE(video_ids.size() == 2 * kEach);
  json listed = a.call_tool("list_jobs", {{"limit", 100}});
  std::set<std::string> in_registry;
  for (const auto& j : listed["structuredContent"]["jobs"]) in_registry.insert(id_text(j["video_id"]));
  CHECK(in_registry == video_ids);
}

TEST_CASE("a submission whose answer was lost is recovered with its trace id, without a second charge",
          "[long-jobs]") {
  SimAndServer env;
  auto& s = env.session;
  // Every attempt (the client retries twice with the same trace id) loses its answer.
  env.sim.add_fault({{"path", "/openapi/v2/video/text/generate"}, {"kind", "drop"}, {"after_processing", true},
                     {"times", 3}});
  json lost = s.call_tool("text_to_video", {{"prompt", "a lost answer"}, {"wait_seconds", 0}});
  CHECK(lost["isError"] == true);
  CHECK(harness::result_text(lost).find("recover_job_id") != std::string::npos);
  json unknown = s.call_tool("list_jobs", {{"status", "submit_unknown"}});
  REQUIRE(unknown["structuredContent"]["jobs"].size() == 1);
  json job_id = unknown["structuredContent"]["jobs"][0]["job_id"];
  json recovered = s.call_tool("list_jobs", {{"recover_job_id", job_id}});
  REQUIRE_FALSE(recovered.value("isError", false));
  json sim_jobs = env.sim.jobs();
  REQUIRE(sim_jobs.size() == 1);  // one job on PixVerse, billed once
  CHECK(id_text(recovered["structuredContent"]["recovered"]["video_id"]) == id_text(sim_jobs[0]["id"]));
}

TEST_CASE("a download lands in the output folder and nowhere else", "[long-jobs]") {
  const std::string out = temp_dir("downloads");
  const std::string state = temp_dir("downloads-state");
  fs::remove_all(out);
  harness::SimProcess sim(PIXVERSE_SIM_PATH);
  auto s = SimAndServer::make(sim, {{"PIXVERSE_OUTPUT_DIR", out}, {"PIXVERSE_STATE_DIR", state}});
  s.initialize();
  auto cwd_before = files_in(fs::current_path().string());
  json r = s.call_tool("text_to_video", {{"prompt", "a harbour at dawn"}, {"wait_seconds", 20}});
  REQUIRE(r["structuredContent"]["status"] == "succeeded");
  const std::string local = r["structuredContent"]["local_path"].get<std::string>();
  CHECK(fs::path(local).parent_path() == fs::path(out));
  CHECK(fs::path(local).filename() ==
        "pixverse-video-" + id_text(r["structuredContent"]["video_id"]) + ".mp4");  // named by the job, not the API
  CHECK(fs::file_size(local) == r["structuredContent"]["size_bytes"].get<std::uint64_t>());
  CHECK(files_in(out) == std::set<fs::path>{fs::path(local)});  // no temp file left behind
  CHECK(files_in(fs::current_path().string()) == cwd_before);
  bool file_link = false;
  for (const auto& block : r["content"])
    if (block["type"] == "resource_link") file_link = block["uri"] == "file://" + local;
  CHECK(file_link);

  json no_dl = s.call_tool("text_to_video", {{"prompt", "not saved"}, {"wait_seconds", 20}, {"download", false}});
  CHECK_FALSE(no_dl["structuredContent"].contains("local_path"));
  CHECK(files_in(out).size() == 1);
}

TEST_CASE("jobs are MCP resources: list, templates, read", "[long-jobs]") {
  SimAndServer env;
  auto& s = env.session;
  json r = s.call_tool("text_to_video", {{"prompt", "a resource"}, {"wait_seconds", 20}});
  const std::string uri = "pixverse://jobs/" + id_text(r["structuredContent"]["video_id"]);
  json templates = s.request("resources/templates/list")["result"]["resourceTemplates"];
  bool has_template = false;
  for (const auto& t : templates) has_template |= t["uriTemplate"] == "pixverse://jobs/{video_id}";
  CHECK(has_template);
  json listed = s.request("resources/list")["result"]["resources"];
  REQUIRE(listed.size() == 1);
  CHECK(listed[0]["uri"] == uri);
  json read = s.request("resources/read", {{"uri", uri}})["result"];
  json body = json::parse(read["contents"][0]["text"].get<std::string>());
  CHECK(body["status"] == "succeeded");
  CHECK(body["arguments"]["prompt"] == "a resource");
  json missing = s.request("resources/read", {{"uri", "pixverse://jobs/1"}});
  CHECK(missing["error"]["code"] == -32002);
}

TEST_CASE(
    "a submission still unanswered when stdin closes gets an answer that says where its job is, and the job is kept",
    "[long-jobs][shutdown]") {
  const std::string state = temp_dir("stuck-state");
  SimAndServer env({}, {{"PIXVERSE_STATE_DIR", state}});
  // PixVerse answers the submission after 8 s: past the 2 s grace and the 3 s hard limit.
  env.sim.add_fault({{"path", "/openapi/v2/video/text/generate"}, {"kind", "delay"}, {"delay_ms", 8000}});
  auto& s = env.session;
  s.send_raw(json{{"jsonrpc", "2.0"},
                  {"id", 2},
                  {"method", "tools/call"},
                  {"params", {{"name", "text_to_video"}, {"arguments", {{"prompt", "a fox in the snow"}}}}}}
                 .dump());
  s.process().close_stdin();
  std::optional<json> answer;
  while (auto msg = s.next_message(15s))
    if (msg->value("id", json()) == 2) {
      CHECK_FALSE(answer);  // exactly one answer
      answer = msg;
    }
  REQUIRE(answer);
  CHECK((*answer)["error"]["code"] == -32603);
  CHECK((*answer)["error"]["message"].get<std::string>().find("list_jobs") != std::string::npos);
  auto status = s.process().wait(10s);
  REQUIRE(status);
  CHECK(*status == 0);

  // Nothing lost: the next server on the same state folder lists the job it was submitting.
  harness::McpSession next = SimAndServer::make(env.sim, {{"PIXVERSE_STATE_DIR", state}});
  next.initialize();
  json jobs = next.call_tool("list_jobs", json::object());
  REQUIRE(jobs["structuredContent"]["jobs"].size() == 1);
  CHECK(jobs["structuredContent"]["jobs"][0]["tool"] == "text_to_video");
}
