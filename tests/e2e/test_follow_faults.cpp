// A job once accepted is never lost from the conversation: status polls that fail (unreadable
// bodies, HTTP 500 without the envelope, dropped connections, server ErrCodes) are retried, a
// wait that ends on them returns the handle, and a failure waiting cannot fix still returns
// the id. The simulator's faults act on the status paths only; its request log shows that
// every fault was met and that no job was submitted twice.
#include <catch2/catch.hpp>

#include <httplib.h>

#include <string>

#include "e2e_fixture.h"
#include "schema/json_schema.h"

using namespace e2e;

namespace {

const std::string kVideoResult = "/openapi/v2/video/result/";
const std::string kImageResult = "/openapi/v2/image/result/";
const std::string kTextGenerate = "/openapi/v2/video/text/generate";
const std::string kImageGenerate = "/openapi/v2/image/template/generate";
const std::string kImage = std::string(EXAMPLES_DIR) + "/assets/sunset.png";
constexpr unsigned long long kImageTemplate = 384268229671680ULL;

std::size_t count_requests(const harness::SimProcess& sim, const std::string& method, const std::string& path_prefix,
                           bool faulted_only = false) {
  std::size_t n = 0;
  for (const auto& r : sim.requests())
    if (r["method"] == method && r["path"].get<std::string>().rfind(path_prefix, 0) == 0 &&
        (!faulted_only || r["fault"].is_string()))
      ++n;
  return n;
}

void clear_faults(const harness::SimProcess& sim) {
  httplib::Client cli("127.0.0.1", sim.port());
  auto res = cli.Delete("/_sim/faults");
  REQUIRE(res);
  REQUIRE(res->status == 200);
}

// The one job the simulator holds (a second one would mean a second submission).
json only_job(const harness::SimProcess& sim) {
  json jobs = sim.jobs();
  REQUIRE(jobs.size() == 1);
  return jobs[0];
}

json output_schema(harness::McpSession& s, const std::string& tool) {
  const json listed = s.request("tools/list");
  for (const auto& t : listed["result"]["tools"])
    if (t["name"] == tool) return t["outputSchema"];
  FAIL("no tool " << tool);
  return {};
}

void check_matches_schema(harness::McpSession& s, const std::string& tool, const json& structured) {
  auto errors = app::JsonSchema(output_schema(s, tool)).validate(structured);
  INFO(app::describe(errors));
  CHECK(errors.empty());
}

struct PassingFault {
  json fault;          // on the video status path
  std::size_t times;   // how many status requests it spoils
};

}  // namespace

TEST_CASE("status polls that fail for a while are retried: the call ends succeeded with the same video_id",
          "[long-jobs][follow-faults]") {
  // malformed (twice) is got past by the HTTP client's own replays; http_500, drop and
  // ErrCode 500069 (four times) outlast its three attempts, so the follower polls again.
  const PassingFault cases[] = {
      {{{"kind", "malformed"}, {"times", 2}}, 2},
      {{{"kind", "http_500"}, {"times", 4}}, 4},
      {{{"kind", "drop"}, {"times", 4}}, 4},
      {{{"kind", "errcode"}, {"err_code", 500069}, {"err_msg", "busy"}, {"times", 4}}, 4},
  };
  for (const auto& c : cases) {
    INFO("fault " << c.fault.dump());
    SimAndServer env;
    json fault = c.fault;
    fault["path"] = kVideoResult;
    env.sim.add_fault(fault);
    json r = env.session.call_tool("text_to_video", {{"prompt", "a lighthouse in fog"}, {"wait_seconds", 30}}, 60s);
    INFO(harness::result_text(r));
    CHECK_FALSE(r.value("isError", false));
    const json& job = r["structuredContent"];
    CHECK(job["status"] == "succeeded");
    CHECK(job.contains("url"));
    CHECK_FALSE(job.contains("poll_error"));  // the last poll was read
    CHECK(id_text(job["video_id"]) == id_text(only_job(env.sim)["id"]));
    CHECK(count_requests(env.sim, "GET", kVideoResult, true) == c.times);  // every fault was met
    CHECK(count_requests(env.sim, "POST", kTextGenerate) == 1);            // and nothing was resubmitted
  }
}

TEST_CASE("status polls that fail for the whole wait return the handle with poll_error, it resumes later",
          "[long-jobs][follow-faults]") {
  for (const char* kind : {"malformed", "http_500", "drop"}) {
    INFO("fault " << kind);
    SimAndServer env;
    auto& s = env.session;
    env.sim.add_fault({{"path", kVideoResult}, {"kind", kind}});  // until cleared
    json r = s.call_tool("text_to_video", {{"prompt", "a harbour at night"}, {"wait_seconds", 1}}, 60s);
    const std::string text = harness::result_text(r);
    INFO(text);
    CHECK_FALSE(r.value("isError", false));  // the job exists and was paid for
    json job = r["structuredContent"];
    const std::string id = id_text(only_job(env.sim)["id"]);
    CHECK(id_text(job["video_id"]) == id);
    CHECK(job["status"] == "running");
    REQUIRE(job.contains("poll_error"));
    CHECK_FALSE(job["poll_error"].get<std::string>().empty());
    CHECK(job["next_step"].get<std::string>().find("get_video_status") != std::string::npos);
    CHECK(text.find(id) != std::string::npos);
    check_matches_schema(s, "text_to_video", job);
    CHECK(count_requests(env.sim, "GET", kVideoResult, true) >= 2);  // polled again after a failure
    CHECK(count_requests(env.sim, "GET", kVideoResult, false) == count_requests(env.sim, "GET", kVideoResult, true));

    clear_faults(env.sim);
    json resumed = s.call_tool("get_video_status", {{"video_id", job["video_id"]}, {"wait_seconds", 20}});
    CHECK(resumed["structuredContent"]["status"] == "succeeded");
    CHECK(id_text(resumed["structuredContent"]["video_id"]) == id);
    CHECK_FALSE(resumed["structuredContent"].contains("poll_error"));
    CHECK(count_requests(env.sim, "POST", kTextGenerate) == 1);
  }
}

TEST_CASE("a poll failure waiting cannot fix stops the wait at once and still returns the handle",
          "[long-jobs][follow-faults]") {
  struct Case {
    std::int64_t err_code;
    const char* error_words;  // in poll_error
    const char* fix_words;    // in next_step
  };
  for (const Case& c : {Case{10005, "authentication failed", "PIXVERSE_API_KEY"},
                        Case{500064, "not found", "do not submit it again"}}) {
    INFO("ErrCode " << c.err_code);
    SimAndServer env;
    auto& s = env.session;
    env.sim.add_fault({{"path", kVideoResult}, {"kind", "errcode"}, {"err_code", c.err_code}});
    json r = s.call_tool("text_to_video", {{"prompt", "a quiet street"}, {"wait_seconds", 30}}, 60s);
    INFO(harness::result_text(r));
    CHECK_FALSE(r.value("isError", false));
    json job = r["structuredContent"];
    const std::string id = id_text(only_job(env.sim)["id"]);
    CHECK(id_text(job["video_id"]) == id);
    CHECK(job["status"] == "running");
    CHECK(job.value("poll_error", std::string()).find(c.error_words) != std::string::npos);
    // The submit-time advice ("call again", "submit again") would invite a second, paid job.
    CHECK(job.value("poll_error", std::string()).find("again") == std::string::npos);
    CHECK(job["next_step"].get<std::string>().find(c.fix_words) != std::string::npos);
    CHECK(job["next_step"].get<std::string>().find(id) != std::string::npos);
    check_matches_schema(s, "text_to_video", job);
    CHECK(count_requests(env.sim, "GET", kVideoResult) == 1);  // stopped at the first failure, no waiting

    json listed = s.call_tool("list_jobs", json::object());  // the registry keeps it
    REQUIRE(listed["structuredContent"]["jobs"].size() == 1);
    CHECK(id_text(listed["structuredContent"]["jobs"][0]["video_id"]) == id);

    clear_faults(env.sim);
    json resumed = s.call_tool("get_video_status", {{"video_id", job["video_id"]}, {"wait_seconds", 20}});
    CHECK(resumed["structuredContent"]["status"] == "succeeded");
    CHECK(count_requests(env.sim, "POST", kTextGenerate) == 1);
  }
}

TEST_CASE("get_video_status of an unknown id is an error that still carries the id, status unknown and poll_error",
          "[long-jobs][follow-faults]") {
  SimAndServer env;
  auto& s = env.session;
  const std::string unknown = "123456789";  // the simulator's ids start at 2^53 + 1
  json r = s.call_tool("get_video_status", {{"video_id", 123456789}, {"wait_seconds", 10}});
  const std::string text = harness::result_text(r);
  INFO(text);
  CHECK(r.value("isError", false));
  REQUIRE(r.contains("structuredContent"));
  json job = r["structuredContent"];
  CHECK(id_text(job["video_id"]) == unknown);
  CHECK(job["status"] == "unknown");
  CHECK_FALSE(job.contains("status_code"));
  CHECK(job.value("poll_error", std::string()).find("not found") != std::string::npos);  // the simulator's words
  CHECK(text.find(unknown) != std::string::npos);
  CHECK(count_requests(env.sim, "GET", kVideoResult) == 1);  // not retried for 10 s
  check_matches_schema(s, "get_video_status", job);
}

TEST_CASE("get_video_status whose polls all fail returns status unknown with poll_error, not an error",
          "[long-jobs][follow-faults]") {
  SimAndServer env;
  auto& s = env.session;
  json submitted = s.call_tool("text_to_video", {{"prompt", "a slow river"}, {"wait_seconds", 0}});
  const json video_id = submitted["structuredContent"]["video_id"];
  env.sim.add_fault({{"path", kVideoResult}, {"kind", "malformed"}});
  json r = s.call_tool("get_video_status", {{"video_id", video_id}, {"wait_seconds", 1}});
  INFO(harness::result_text(r));
  CHECK_FALSE(r.value("isError", false));
  json job = r["structuredContent"];
  CHECK(id_text(job["video_id"]) == id_text(video_id));
  CHECK(job["status"] == "unknown");
  CHECK(job.value("poll_error", std::string()).find("unreadable response") != std::string::npos);
  CHECK(job["next_step"].get<std::string>().find("get_video_status") != std::string::npos);
  CHECK(count_requests(env.sim, "GET", kVideoResult) >= 2);
  check_matches_schema(s, "get_video_status", job);

  clear_faults(env.sim);
  json resumed = s.call_tool("get_video_status", {{"video_id", video_id}, {"wait_seconds", 20}});
  CHECK(resumed["structuredContent"]["status"] == "succeeded");
  CHECK(count_requests(env.sim, "POST", kTextGenerate) == 1);
}

TEST_CASE("image jobs: failing polls are retried, and a wait that ends on them returns the image_id",
          "[long-jobs][follow-faults]") {
  SimAndServer env;
  auto& s = env.session;
  env.sim.add_fault({{"path", kImageResult}, {"kind", "malformed"}, {"times", 2}});
  json done = s.call_tool("image_template", {{"template_id", kImageTemplate}, {"img_ids", {kImage}}, {"wait_seconds", 30}},
                          60s);
  INFO(harness::result_text(done));
  CHECK_FALSE(done.value("isError", false));
  CHECK(done["structuredContent"]["status"] == "succeeded");
  CHECK(id_text(done["structuredContent"]["image_id"]) == id_text(only_job(env.sim)["id"]));
  CHECK(count_requests(env.sim, "GET", kImageResult, true) == 2);

  env.sim.add_fault({{"path", kImageResult}, {"kind", "http_500"}});
  json handle = s.call_tool("image_template",
                            {{"template_id", kImageTemplate}, {"img_ids", {kImage}}, {"wait_seconds", 1}}, 60s);
  INFO(harness::result_text(handle));
  CHECK_FALSE(handle.value("isError", false));
  json job = handle["structuredContent"];
  CHECK(job["status"] == "running");
  CHECK(job.contains("image_id"));
  CHECK(job.value("poll_error", std::string()).find("HTTP 500") != std::string::npos);
  CHECK(job["next_step"].get<std::string>().find("get_image_status") != std::string::npos);
  check_matches_schema(s, "image_template", job);
  CHECK(count_requests(env.sim, "POST", kImageGenerate) == 2);  // one per call
  CHECK(env.sim.jobs().size() == 2);
}

TEST_CASE("a task-augmented call meets failing polls mid-way and still completes", "[long-jobs][follow-faults]") {
  SimAndServer env;  // initialized with 2025-11-25: tasks are on
  auto& s = env.session;
  json created = s.request("tools/call", {{"name", "text_to_video"},
                                          {"arguments", {{"prompt", "[sim:polls=1000000] a task through faults"}}},
                                          {"task", {{"ttl", 120000}}}});
  REQUIRE(created.contains("result"));
  const std::string task_id = created["result"]["task"]["taskId"].get<std::string>();

  // Mid-way: once the job has answered a poll, the next status requests fail, then it may end.
  json job;
  for (int i = 0; i < 400; ++i) {
    json jobs = env.sim.jobs();
    if (!jobs.empty() && jobs[0]["polls"].get<int>() >= 1) {
      job = jobs[0];
      break;
    }
    s.next_message(25ms);  // lets time pass while reading notifications
  }
  REQUIRE_FALSE(job.is_null());
  env.sim.add_fault({{"path", kVideoResult}, {"kind", "malformed"}, {"times", 2}});
  env.sim.add_fault({{"path", kVideoResult}, {"kind", "http_500"}, {"times", 3}});
  {
    httplib::Client cli("127.0.0.1", env.sim.port());
    auto res = cli.Post("/_sim/jobs/" + id_text(job["id"]), json{{"polls", 1}}.dump(), "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 200);
  }

  json result = s.request("tasks/result", {{"taskId", task_id}}, 60s);
  REQUIRE(result.contains("result"));
  INFO(result.dump());
  CHECK_FALSE(result["result"].value("isError", false));
  CHECK(result["result"]["structuredContent"]["status"] == "succeeded");
  CHECK(id_text(result["result"]["structuredContent"]["video_id"]) == id_text(job["id"]));
  CHECK(s.request("tasks/get", {{"taskId", task_id}})["result"]["status"] == "completed");
  CHECK(count_requests(env.sim, "GET", kVideoResult, true) == 5);  // both faults were met
  CHECK(count_requests(env.sim, "POST", kTextGenerate) == 1);
  CHECK(env.sim.jobs().size() == 1);
}
