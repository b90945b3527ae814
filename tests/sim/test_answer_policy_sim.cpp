// Each row of the answer policy (src/pixverse/answer_policy.h, the README's "Answers, retries
// and trace ids") met by pixverse::Client against the real simulator, which answers a repeated
// trace id with its cached first answer, refusals included. Every case counts the billable jobs
// (/_sim/jobs) and reads the trace ids the simulator received (/_sim/requests).
#include <catch2/catch.hpp>

#include <set>

#include "pixverse/client.h"
#include "pixverse/trace_id.h"
#include "sim_fixture.h"

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

pixverse::ClientConfig config_for(const simtest::Sim& sim) {
  pixverse::ClientConfig c;
  c.base_url = sim.base_url();
  c.api_key = simtest::kKey;
  c.retry_backoff = std::chrono::milliseconds(10);
  c.refusal_backoff = std::chrono::milliseconds(10);  // so a wait of a second can only be Retry-After's
  c.read_timeout = std::chrono::milliseconds(5000);
  return c;
}

std::vector<json> posts(const simtest::Sim& sim, const std::string& path = simtest::kT2V) {
  std::vector<json> out;
  for (const auto& r : sim.requests())
    if (r.value("method", "") == "POST" && r.value("path", "") == path) out.push_back(r);  // not {"pending": true}
  return out;
}

}  // namespace

TEST_CASE("policy, lost answer: replayed with the same trace id and body, one job", "[client][policy]") {
  simtest::Sim sim;
  sim.add_fault({{"path", simtest::kT2V}, {"kind", "drop"}, {"after_processing", true}, {"times", 1}});
  std::vector<std::string> announced;
  pixverse::Pacing pacing;
  pacing.on_new_trace_id = [&](const std::string& t) { announced.push_back(t); };
  const std::string trace = pixverse::new_trace_id();
  auto out = pixverse::Client(config_for(sim)).post_json(simtest::kT2V, simtest::t2v_body(), trace, pacing);
  REQUIRE(out.ok());
  CHECK(out.trace_id == trace);
  auto sent = posts(sim);
  REQUIRE(sent.size() == 2);
  CHECK(sent[0]["trace_id"] == trace);
  CHECK(sent[1]["trace_id"] == trace);
  CHECK(sent[1]["replayed"] == true);  // the simulator answered from its trace-id memory
  CHECK(sent[0]["body"] == sent[1]["body"]);
  CHECK(announced.empty());  // no new trace id: the registry keeps the first
  json jobs = sim.jobs();
  REQUIRE(jobs.size() == 1);
  CHECK(out.resp["video_id"].get<std::uint64_t>() == jobs[0]["id"].get<std::uint64_t>());
}

TEST_CASE("policy, a submission whose answer times out is replayed with its trace id, one job", "[client][policy]") {
  simtest::Sim sim;
  sim.add_fault({{"path", simtest::kT2V}, {"kind", "delay"}, {"delay_ms", 2500}, {"times", 1}});
  auto config = config_for(sim);
  config.submit_timeout = std::chrono::milliseconds(1000);  // the default is 10 s; the rule is the same
  const std::string trace = pixverse::new_trace_id();
  auto out = pixverse::Client(config).post_json(simtest::kT2V, simtest::t2v_body(), trace);
  REQUIRE(out.ok());
  CHECK(out.attempts == 2);
  CHECK(out.trace_id == trace);
  // The slow first request ends later; once both are logged, there is still one job.
  for (auto deadline = Clock::now() + std::chrono::seconds(20); posts(sim).size() < 2 && Clock::now() < deadline;)
    std::this_thread::yield();
  auto sent = posts(sim);
  REQUIRE(sent.size() == 2);
  CHECK(sent[0]["trace_id"] == trace);
  CHECK(sent[1]["trace_id"] == trace);
  CHECK(sent[0]["body"] == sent[1]["body"]);
  CHECK(sim.jobs().size() == 1);
}

TEST_CASE("policy, refusal (500069) once, then accepted: one job, two different trace ids", "[client][policy]") {
  for (std::int64_t code : {500069, 500100, 500044}) {
    INFO("ErrCode " << code);
    simtest::Sim sim;
    sim.add_fault({{"path", simtest::kT2V}, {"kind", "refuse"}, {"err_code", code}, {"times", 1}});
    std::vector<std::string> announced;
    pixverse::Pacing pacing;
    pacing.on_new_trace_id = [&](const std::string& t) { announced.push_back(t); };
    const std::string first = pixverse::new_trace_id();
    auto out = pixverse::Client(config_for(sim)).post_json(simtest::kT2V, simtest::t2v_body(), first, pacing);
    REQUIRE(out.ok());
    CHECK(out.attempts == 2);
    auto sent = posts(sim);
    REQUIRE(sent.size() == 2);
    CHECK(sent[0]["trace_id"] == first);
    CHECK(sent[0]["err_code"] == code);
    CHECK(sent[1]["trace_id"] != first);
    CHECK(sent[1]["replayed"] == false);
    CHECK(sent[0]["body"] == sent[1]["body"]);  // the same request, under a new trace id
    CHECK(out.trace_id == sent[1]["trace_id"]);
    REQUIRE(announced.size() == 1);  // heard before it went out: the registry can follow
    CHECK(announced[0] == out.trace_id);
    json jobs = sim.jobs();
    REQUIRE(jobs.size() == 1);
    CHECK(jobs[0]["trace_id"] == out.trace_id);
  }
}

TEST_CASE("policy, a refusal replayed with its own trace id only gets the refusal again", "[client][policy]") {
  // Why the client takes a new trace id: what the old policy (same trace id) would have met.
  simtest::Sim sim;
  sim.add_fault({{"path", simtest::kT2V}, {"kind", "refuse"}, {"err_code", 500069}, {"times", 1}});
  const std::string trace = pixverse::new_trace_id();
  for (int i = 0; i < 3; ++i) CHECK(sim.post(simtest::kT2V, simtest::t2v_body(), simtest::api_headers(trace)).err_code() == 500069);
  CHECK(sim.jobs().empty());
}

TEST_CASE("policy, HTTP 429 with Retry-After: 1: the resubmission waits at least a second, under a new trace id",
          "[client][policy]") {
  simtest::Sim sim;
  sim.add_fault({{"path", simtest::kT2V}, {"kind", "http_429"}, {"retry_after_s", 1}, {"times", 1}});
  const std::string first = pixverse::new_trace_id();
  const auto start = Clock::now();
  auto out = pixverse::Client(config_for(sim)).post_json(simtest::kT2V, simtest::t2v_body(), first);
  const auto elapsed = Clock::now() - start;
  REQUIRE(out.ok());
  CHECK(elapsed >= std::chrono::seconds(1));  // the client's own back-off is 10 ms here
  CHECK(elapsed < std::chrono::seconds(10));
  auto sent = posts(sim);
  REQUIRE(sent.size() == 2);
  CHECK(sent[0]["http_status"] == 429);
  CHECK(sent[1]["trace_id"] != first);
  CHECK(sim.jobs().size() == 1);
}

TEST_CASE("policy, refused for the whole budget: an error with the ErrCode, no job, every attempt a new trace id",
          "[client][policy]") {
  simtest::Sim sim;
  sim.add_fault({{"path", simtest::kT2V}, {"kind", "refuse"}, {"err_code", 500069}});  // forever
  auto config = config_for(sim);
  auto out = pixverse::Client(config).post_json(simtest::kT2V, simtest::t2v_body(), pixverse::new_trace_id());
  REQUIRE_FALSE(out.ok());
  CHECK(out.error->answer == pixverse::Answer::refused);
  CHECK_FALSE(out.error->answer_lost());
  CHECK(out.error->code == 500069);
  CHECK(out.attempts == config.max_attempts);
  auto sent = posts(sim);
  REQUIRE(sent.size() == static_cast<std::size_t>(config.max_attempts));
  std::set<std::string> traces;
  for (const auto& r : sent) traces.insert(r["trace_id"].get<std::string>());
  CHECK(traces.size() == sent.size());
  CHECK(out.trace_id == sent.back()["trace_id"]);
  CHECK(out.error->trace_id == out.trace_id);
  CHECK(sim.jobs().empty());
}

TEST_CASE("policy, the real concurrency limit (500044) is resubmitted and stays refused while the job runs",
          "[client][policy]") {
  simtest::Sim sim({"--max-concurrent", "1", "--polls", "1000"});
  auto client = pixverse::Client(config_for(sim));
  REQUIRE(client.post_json(simtest::kT2V, simtest::t2v_body(), "").ok());
  auto out = client.post_json(simtest::kT2V, simtest::t2v_body({{"prompt", "a second one"}}), "");
  REQUIRE_FALSE(out.ok());
  CHECK(out.error->kind == pixverse::ErrorKind::concurrency_limit);
  CHECK(out.error->answer == pixverse::Answer::refused);
  CHECK(posts(sim).size() == 1 + 3);
  CHECK(sim.jobs().size() == 1);
}

TEST_CASE("policy, a Retry-After that does not fit the deadline ends the request at once with the wait asked for",
          "[client][policy]") {
  simtest::Sim sim;
  sim.add_fault({{"path", simtest::kT2V}, {"kind", "http_429"}, {"retry_after_s", 3600}});
  auto config = config_for(sim);
  const auto start = Clock::now();
  auto out = pixverse::Client(config).post_json(simtest::kT2V, simtest::t2v_body(), "");
  CHECK(Clock::now() - start < std::chrono::seconds(5));
  REQUIRE_FALSE(out.ok());
  CHECK(out.attempts == 1);
  CHECK(out.error->retry_after_s == 3600);
  CHECK_THAT(out.error->message(), Catch::Contains("asked to wait 3600 s"));
  // A rate limit, not the concurrency limit: no advice to wait for a running job.
  CHECK(out.error->kind == pixverse::ErrorKind::rate_limited);
  CHECK_THAT(out.error->message(), !Catch::Contains("running job"));

  // A short window: a Retry-After of 2 s does not fit into 1 s.
  sim.add_fault({{"path", simtest::kBalance}, {"kind", "http_429"}, {"retry_after_s", 2}});
  config.retry_window = std::chrono::milliseconds(1000);
  auto get = pixverse::Client(config).get(simtest::kBalance);
  REQUIRE_FALSE(get.ok());
  CHECK(get.attempts == 1);
}

TEST_CASE("policy, a refusal on a GET is retried with a new trace id", "[client][policy]") {
  simtest::Sim sim;
  sim.add_fault({{"path", simtest::kBalance}, {"kind", "refuse"}, {"err_code", 500069}, {"times", 2}});
  auto out = pixverse::Client(config_for(sim)).get(simtest::kBalance);
  REQUIRE(out.ok());
  CHECK(out.attempts == 3);
  std::set<std::string> traces;
  for (const auto& r : sim.requests()) traces.insert(r["trace_id"].get<std::string>());
  CHECK(traces.size() == 3);
}

TEST_CASE("policy, a final answer is not retried", "[client][policy]") {
  simtest::Sim sim;
  sim.add_fault({{"path", simtest::kT2V}, {"kind", "errcode"}, {"err_code", 500090}, {"err_msg", "insufficient balance"}});
  auto out = pixverse::Client(config_for(sim)).post_json(simtest::kT2V, simtest::t2v_body(), "");
  REQUIRE_FALSE(out.ok());
  CHECK(out.attempts == 1);
  CHECK(out.error->answer == pixverse::Answer::final);
  CHECK(posts(sim).size() == 1);
}

TEST_CASE("policy, a cancelled back-off sends nothing more", "[client][policy]") {
  simtest::Sim sim;
  sim.add_fault({{"path", simtest::kT2V}, {"kind", "refuse"}, {"err_code", 500069}});
  pixverse::Pacing pacing;
  int waits = 0;
  pacing.sleep = [&](std::chrono::milliseconds) {
    ++waits;
    return false;  // cancelled
  };
  auto out = pixverse::Client(config_for(sim)).post_json(simtest::kT2V, simtest::t2v_body(), "", pacing);
  REQUIRE_FALSE(out.ok());
  CHECK(waits == 1);
  CHECK(posts(sim).size() == 1);
}

TEST_CASE("answers with ErrCode, status and ids as digit strings are read", "[client][tolerant]") {
  simtest::Sim sim({"--polls", "1"});
  sim.add_fault({{"path", ""}, {"kind", "strings"}});
  auto client = pixverse::Client(config_for(sim));
  auto created = client.post_json(simtest::kT2V, simtest::t2v_body(), "");
  REQUIRE(created.ok());
  REQUIRE(created.resp["video_id"].is_string());
  auto status = client.get("/openapi/v2/video/result/" + created.resp["video_id"].get<std::string>());
  REQUIRE(status.ok());
  CHECK(status.resp["status"] == "1");
  auto refused = client.get("/openapi/v2/video/result/123");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error->code == 400017);  // "400017" read as the code
}

TEST_CASE("a base URL written with /openapi/v2 reaches the simulator's paths", "[client][base-url]") {
  simtest::Sim sim;
  for (const std::string suffix : {"/openapi/v2", "/openapi/v2/", "/"}) {
    INFO(suffix);
    auto config = config_for(sim);
    config.base_url = sim.base_url() + suffix;
    auto out = pixverse::Client(config).get(simtest::kBalance);
    REQUIRE(out.ok());
    CHECK(sim.requests().back()["path"] == simtest::kBalance);  // not /openapi/v2/openapi/v2/…
  }
}
