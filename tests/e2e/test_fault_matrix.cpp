// The fault matrix, counted: for each fault PixVerse (or the network) can throw at a
// submission or at a job, the documented outcome, exactly the documented number of billable
// jobs per logical call — never two for one call — and a server that still answers ping.
// The README's "Reliability" section promises this table.
#include <catch2/catch.hpp>

#include <set>

#include "e2e_fixture.h"

using namespace e2e;

namespace {

constexpr const char* kGenerate = "/openapi/v2/video/text/generate";
constexpr const char* kResult = "/openapi/v2/video/result/";

struct Row {
  std::string fault;      // as the README's table names it
  std::vector<json> faults;
  std::string prompt;     // simulator directives ([sim:fail], …) choose how the job ends
  int wait_seconds;
  std::string outcome;    // "succeeded", "running", "failed", "moderated", or "error"
  int jobs;               // billable jobs the simulator holds afterwards
  bool recover = false;   // then list_jobs recover_job_id, after which `jobs_after_recovery`
  int jobs_after_recovery = 0;
  std::string text = {};  // the result's text must contain this
};

json fault(const char* path, const char* kind, json extra = json::object()) {
  extra["path"] = path;
  extra["kind"] = kind;
  return extra;
}

std::string outcome_of(const json& result) {
  if (result.value("isError", false) && !result.contains("structuredContent")) return "error";
  return result["structuredContent"].value("status", "?");
}

}  // namespace

TEST_CASE("the fault matrix: documented outcome, billable jobs counted, ping still answered", "[fault-matrix]") {
  const std::vector<Row> rows{
      {"none", {}, "a kite", 20, "succeeded", 1},
      {"connection dropped before the job exists, once", {fault(kGenerate, "drop", {{"times", 1}})}, "a kite", 20,
       "succeeded", 1},
      {"connection dropped after the job exists, once",
       {fault(kGenerate, "drop", {{"times", 1}, {"after_processing", true}})}, "a kite", 20, "succeeded", 1},
      {"every answer dropped, job never made", {fault(kGenerate, "drop", {{"times", 3}})}, "a kite", 20, "error", 0,
       true, 1, "recover_job_id"},
      {"every answer dropped after the job exists",
       {fault(kGenerate, "drop", {{"times", 3}, {"after_processing", true}})}, "a kite", 20, "error", 1, true, 1,
       "do not submit it again"},
      {"answer slower than the submission timeout (10 s), once",
       {fault(kGenerate, "delay", {{"times", 1}, {"delay_ms", 10500}})}, "a kite", 20, "succeeded", 1},
      {"HTTP 500 without the envelope, once", {fault(kGenerate, "http_500", {{"times", 1}})}, "a kite", 20,
       "succeeded", 1},
      {"HTTP 500 without the envelope after the job exists, once",
       {fault(kGenerate, "http_500", {{"times", 1}, {"after_processing", true}})}, "a kite", 20, "succeeded", 1},
      {"HTTP 500 with the envelope (ErrCode 500100), once",
       {fault(kGenerate, "errcode", {{"times", 1}, {"err_code", 500100}, {"http_status", 500}})}, "a kite", 20,
       "succeeded", 1},
      {"malformed body, once", {fault(kGenerate, "malformed", {{"times", 1}})}, "a kite", 20, "succeeded", 1},
      {"malformed body after the job exists, once",
       {fault(kGenerate, "malformed", {{"times", 1}, {"after_processing", true}})}, "a kite", 20, "succeeded", 1},
      {"ErrCode 10005 (API key)", {fault(kGenerate, "errcode", {{"err_code", 10005}})}, "a kite", 20, "error", 0,
       false, 0, "PIXVERSE_API_KEY"},
      {"ErrCode 400017 (invalid parameter)", {fault(kGenerate, "errcode", {{"err_code", 400017}})}, "a kite", 20,
       "error", 0, false, 0, "400017"},
      {"ErrCode 500090 (credits)", {fault(kGenerate, "errcode", {{"err_code", 500090}})}, "a kite", 20, "error", 0,
       false, 0, "get_balance"},
      {"ErrCode 500054 (moderation at submission)", {fault(kGenerate, "errcode", {{"err_code", 500054}})}, "a kite",
       20, "error", 0, false, 0, "moderation"},
      {"ErrCode 500044 (concurrency limit), then accepted",
       {fault(kGenerate, "refuse", {{"times", 1}, {"err_code", 500044}})}, "a kite", 20, "succeeded", 1},
      {"ErrCode 500069 (busy) every time", {fault(kGenerate, "refuse", {{"err_code", 500069}})}, "a kite", 20, "error",
       0, false, 0, "nothing was charged"},
      {"HTTP 429 with Retry-After 1, once", {fault(kGenerate, "http_429", {{"times", 1}, {"retry_after_s", 1}})},
       "a kite", 20, "succeeded", 1},
      {"a stuck job (never ends)", {}, "[sim:polls=1000000] a kite", 1, "running", 1, false, 0, "get_video_status"},
      {"status polls failing for a while", {fault(kResult, "http_500", {{"times", 2}})}, "a kite", 20, "succeeded", 1},
      {"a failed job (status 8)", {}, "[sim:fail] a kite", 20, "failed", 1},
      {"a moderated job (status 7)", {}, "[sim:moderate] a kite", 20, "moderated", 1, false, 0, "refunded"},
  };
  for (const auto& row : rows) {
    SECTION(row.fault) {
      SimAndServer env;
      auto& s = env.session;
      for (const auto& f : row.faults) env.sim.add_fault(f);
      json r = s.call_tool("text_to_video", {{"prompt", row.prompt}, {"wait_seconds", row.wait_seconds}}, 90s);
      const std::string text = harness::result_text(r);
      INFO(row.fault << " → " << text);
      CHECK(outcome_of(r) == row.outcome);
      CHECK(env.sim.jobs().size() == static_cast<std::size_t>(row.jobs));
      if (!row.text.empty()) CHECK(text.find(row.text) != std::string::npos);
      if (row.outcome != "error") {  // a job this call made is never lost: its id is in the result
        CHECK(r["structuredContent"]["video_id"].is_string());
      }
      if (row.recover) {
        json listed = s.call_tool("list_jobs", json::object())["structuredContent"]["jobs"];
        REQUIRE(listed.size() == 1);
        CHECK(listed[0]["status"] == "submit_unknown");
        json recovered = s.call_tool("list_jobs", {{"recover_job_id", listed[0]["job_id"]}}, 60s);
        INFO(harness::result_text(recovered));
        CHECK_FALSE(recovered.value("isError", false));
        CHECK(env.sim.jobs().size() == static_cast<std::size_t>(row.jobs_after_recovery));
      }
      CHECK(s.request("ping").contains("result"));
    }
  }
}
