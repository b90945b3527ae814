// The answer policy end to end (README "Answers, retries and trace ids"): build/pixverse-mcp
// submitting through real pipes to build/pixverse-sim, which answers a repeated trace id with its
// cached first answer. Each case counts the billable jobs the simulator created and reads the
// trace ids it received, and checks what the user is told and what the job registry holds.
// Also: a base URL written with /openapi/v2, answers whose numbers are digit strings, and a
// video reported done before its URL.
#include <catch2/catch.hpp>

#include <set>

#include "e2e_fixture.h"

using namespace e2e;

namespace {

const std::string kTextGenerate = "/openapi/v2/video/text/generate";

std::vector<json> posts(const harness::SimProcess& sim) {
  std::vector<json> out;
  for (const auto& r : sim.requests())
    if (r["method"] == "POST" && r["path"] == kTextGenerate) out.push_back(r);
  return out;
}

json only_listed_job(harness::McpSession& s) {
  json listed = s.call_tool("list_jobs", json::object());
  REQUIRE(listed["structuredContent"]["jobs"].size() == 1);
  return listed["structuredContent"]["jobs"][0];
}

}  // namespace

TEST_CASE("a refusal (500069) once, then accepted: one job, two trace ids, the registry holds the second",
          "[tools][policy]") {
  SimAndServer env;
  auto& s = env.session;
  env.sim.add_fault({{"path", kTextGenerate}, {"kind", "refuse"}, {"err_code", 500069}, {"times", 1}});
  json r = s.call_tool("text_to_video", {{"prompt", "a kite over dunes"}, {"wait_seconds", 0}}, 60s);
  INFO(harness::result_text(r));
  REQUIRE_FALSE(r.value("isError", false));
  auto sent = posts(env.sim);
  REQUIRE(sent.size() == 2);
  CHECK(sent[0]["err_code"] == 500069);
  CHECK(sent[0]["trace_id"] != sent[1]["trace_id"]);
  CHECK(sent[0]["body"] == sent[1]["body"]);
  json jobs = env.sim.jobs();
  REQUIRE(jobs.size() == 1);
  CHECK(id_text(jobs[0]["id"]) == id_text(r["structuredContent"]["video_id"]));
  CHECK(r["structuredContent"]["trace_id"] == sent[1]["trace_id"]);  // the accepted request's
  json listed = only_listed_job(s);
  CHECK(listed["trace_id"] == sent[1]["trace_id"]);
  CHECK(listed["status"] == "running");
}

TEST_CASE("refused for the whole budget: isError with the ErrCode, no job, no recover_job_id", "[tools][policy]") {
  SimAndServer env;
  auto& s = env.session;
  env.sim.add_fault({{"path", kTextGenerate}, {"kind", "refuse"}, {"err_code", 500069}});  // forever
  json r = s.call_tool("text_to_video", {{"prompt", "a kite over dunes"}}, 60s);
  const std::string text = harness::result_text(r);
  INFO(text);
  CHECK(r["isError"] == true);
  CHECK(text.find("500069") != std::string::npos);
  CHECK(text.find("no job exists") != std::string::npos);
  CHECK(text.find("recover_job_id") == std::string::npos);
  CHECK(text.find("may have accepted") == std::string::npos);
  auto sent = posts(env.sim);
  REQUIRE(sent.size() == 3);
  std::set<std::string> traces;
  for (const auto& p : sent) traces.insert(p["trace_id"].get<std::string>());
  CHECK(traces.size() == 3);
  CHECK(text.find(sent.back()["trace_id"].get<std::string>()) != std::string::npos);  // the last trace id
  CHECK(env.sim.jobs().empty());
  json listed = only_listed_job(s);
  CHECK(listed["status"] == "submit_failed");  // not submit_unknown: nothing to recover
  CHECK(listed["trace_id"] == sent.back()["trace_id"]);
  // Recovery is refused without sending anything: a resend would create a job the user may
  // already have made again, as the refusal told them to.
  json recovered = s.call_tool("list_jobs", {{"recover_job_id", listed["job_id"]}});
  INFO(harness::result_text(recovered));
  CHECK(recovered["isError"] == true);
  CHECK(harness::result_text(recovered).find("nothing to recover") != std::string::npos);
  CHECK(posts(env.sim).size() == 3);
  CHECK(env.sim.jobs().empty());
}

TEST_CASE("every answer lost: the error offers recover_job_id, which resends the same trace id, one job",
          "[tools][policy]") {
  SimAndServer env;
  auto& s = env.session;
  env.sim.add_fault({{"path", kTextGenerate}, {"kind", "http_500"}, {"times", 3}});
  json r = s.call_tool("text_to_video", {{"prompt", "a kite over dunes"}}, 60s);
  const std::string text = harness::result_text(r);
  INFO(text);
  CHECK(r["isError"] == true);
  CHECK(text.find("may have accepted the job") != std::string::npos);
  CHECK(text.find("recover_job_id") != std::string::npos);
  auto sent = posts(env.sim);
  REQUIRE(sent.size() == 3);
  for (const auto& p : sent) CHECK(p["trace_id"] == sent[0]["trace_id"]);  // replays, never a new request
  json listed = only_listed_job(s);
  CHECK(listed["status"] == "submit_unknown");
  json recovered = s.call_tool("list_jobs", {{"recover_job_id", listed["job_id"]}});
  INFO(harness::result_text(recovered));
  REQUIRE_FALSE(recovered.value("isError", false));
  sent = posts(env.sim);
  REQUIRE(sent.size() == 4);
  CHECK(sent[3]["trace_id"] == sent[0]["trace_id"]);
  CHECK(env.sim.jobs().size() == 1);
}

TEST_CASE("a recovery refused by PixVerse is resubmitted under a new trace id, which the registry keeps",
          "[tools][policy]") {
  SimAndServer env;
  auto& s = env.session;
  env.sim.add_fault({{"path", kTextGenerate}, {"kind", "drop"}, {"times", 3}});  // lost, not processed
  json r = s.call_tool("text_to_video", {{"prompt", "a kite over dunes"}}, 60s);
  REQUIRE(r["isError"] == true);
  const json job = only_listed_job(s);
  const std::string first = job["trace_id"].get<std::string>();
  env.sim.add_fault({{"path", kTextGenerate}, {"kind", "refuse"}, {"err_code", 500044}, {"times", 1}});
  json recovered = s.call_tool("list_jobs", {{"recover_job_id", job["job_id"]}}, 60s);
  INFO(harness::result_text(recovered));
  REQUIRE_FALSE(recovered.value("isError", false));
  auto sent = posts(env.sim);
  REQUIRE(sent.size() == 5);
  CHECK(sent[3]["trace_id"] == first);  // the recovery asks with the stored trace id ...
  CHECK(sent[4]["trace_id"] != first);  // ... and, refused, resubmits as a new request
  CHECK(env.sim.jobs().size() == 1);
  CHECK(only_listed_job(s)["trace_id"] == sent[4]["trace_id"]);
}

TEST_CASE("PIXVERSE_BASE_URL written with /openapi/v2/ reaches the simulator's paths", "[tools][base-url]") {
  harness::SimProcess sim(PIXVERSE_SIM_PATH);
  harness::McpSession s(SimAndServer::make(sim, {{"PIXVERSE_BASE_URL", sim.base_url() + "/openapi/v2/"}}));
  s.initialize();
  json bal = s.call_tool("get_balance", json::object());
  INFO(harness::result_text(bal));
  CHECK_FALSE(bal.value("isError", false));
  json r = s.call_tool("text_to_video", {{"prompt", "a kite over dunes"}, {"wait_seconds", 20}});
  INFO(harness::result_text(r));
  CHECK(r["structuredContent"]["status"] == "succeeded");
  for (const auto& req : sim.requests()) CHECK(req["path"].get<std::string>().rfind("/openapi/v2/openapi", 0) != 0);
  CHECK(posts(sim).size() == 1);
}

TEST_CASE("a PIXVERSE_BASE_URL with another path is refused with what to write, nothing is sent", "[tools][base-url]") {
  harness::SimProcess sim(PIXVERSE_SIM_PATH);
  harness::McpSession s(SimAndServer::make(sim, {{"PIXVERSE_BASE_URL", sim.base_url() + "/openapi/v2/video"}}));
  s.initialize();
  json bal = s.call_tool("get_balance", json::object());
  const std::string text = harness::result_text(bal);
  INFO(text);
  CHECK(bal["isError"] == true);
  CHECK(text.find("PIXVERSE_BASE_URL") != std::string::npos);
  CHECK(text.find("write " + sim.base_url()) != std::string::npos);
  CHECK(sim.requests().empty());
}

TEST_CASE("answers whose ErrCode, status and ids are digit strings: the job is followed to its end", "[tools][tolerant]") {
  SimAndServer env;
  auto& s = env.session;
  env.sim.add_fault({{"path", ""}, {"kind", "strings"}});  // every answer
  json r = s.call_tool("text_to_video", {{"prompt", "a kite over dunes"}, {"wait_seconds", 20}});
  INFO(harness::result_text(r));
  REQUIRE_FALSE(r.value("isError", false));
  const json& job = r["structuredContent"];
  CHECK(job["status"] == "succeeded");
  CHECK(job["status_code"] == 1);
  CHECK(id_text(job["video_id"]) == id_text(env.sim.jobs()[0]["id"]));
  CHECK_FALSE(job["url"].get<std::string>().empty());
  CHECK(posts(env.sim).size() == 1);
  json bal = s.call_tool("get_balance", json::object());
  INFO(harness::result_text(bal));
  CHECK(bal["structuredContent"]["account_id"] == "4200000001");  // sent as "4200000001", read, shown as a string
  CHECK(bal["structuredContent"]["credits_total"].get<long long>() > 0);
  json unknown = s.call_tool("get_video_status", {{"video_id", "123"}});
  CHECK(unknown["isError"] == true);
  CHECK(harness::result_text(unknown).find("400017") != std::string::npos);  // the string ErrCode, read
}

TEST_CASE("a video reported done before its URL is polled again, and never shown as a success without one",
          "[tools][tolerant]") {
  SimAndServer env({"--polls", "1"});
  auto& s = env.session;
  json r = s.call_tool("text_to_video", {{"prompt", "[sim:no_url=2] a kite over dunes"}, {"wait_seconds", 20}});
  INFO(harness::result_text(r));
  REQUIRE_FALSE(r.value("isError", false));
  CHECK(r["structuredContent"]["status"] == "succeeded");
  CHECK_FALSE(r["structuredContent"]["url"].get<std::string>().empty());
  CHECK_FALSE(r["structuredContent"].contains("poll_error"));
  CHECK(env.sim.jobs()[0]["polls"].get<int>() >= 3);  // two answers without a URL were not the end

  json waiting = s.call_tool("text_to_video", {{"prompt", "[sim:no_url=1000000] a kite at dusk"}, {"wait_seconds", 1}});
  const std::string text = harness::result_text(waiting);
  INFO(text);
  CHECK_FALSE(waiting.value("isError", false));
  const json& job = waiting["structuredContent"];
  CHECK(job["status"] == "running");
  CHECK(job["status_code"] == 1);
  CHECK_FALSE(job.contains("url"));
  CHECK(job["poll_error"] == "PixVerse reported the video done but gave no URL yet");
  CHECK(job["next_step"].get<std::string>().find("get_video_status") != std::string::npos);
  CHECK(text.find("no URL yet") != std::string::npos);
  CHECK(text.find("no URL yet") == text.rfind("no URL yet"));  // said once, not again in the next step
  CHECK(env.sim.jobs()[1]["polls"].get<int>() >= 2);  // it kept polling within the wait
}
