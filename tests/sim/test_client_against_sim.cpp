// pixverse::Client (src/pixverse) against the real simulator: headers, envelopes, retries.
// No MCP here: this is the HTTP client read and tested on its own.
#include <catch2/catch.hpp>

#include <set>

#include "pixverse/client.h"
#include "pixverse/trace_id.h"
#include "sim_fixture.h"

using nlohmann::json;

namespace {

pixverse::Client client_for(const simtest::Sim& sim, std::string key = simtest::kKey) {
  pixverse::ClientConfig c;
  c.base_url = sim.base_url();
  c.api_key = std::move(key);
  c.retry_backoff = std::chrono::milliseconds(10);
  c.read_timeout = std::chrono::milliseconds(5000);
  return pixverse::Client(c);
}

}  // namespace

TEST_CASE("client: a POST gets its video_id exactly, the simulator saw the key and a UUID trace id", "[client]") {
  simtest::Sim sim;
  auto client = client_for(sim);
  auto out = client.post_json(simtest::kT2V, simtest::t2v_body(), pixverse::new_trace_id());
  REQUIRE(out.ok());
  CHECK(out.resp["video_id"].get<std::uint64_t>() == simtest::kDefaultIdStart);
  CHECK(out.attempts == 1);
  json reqs = sim.requests();
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0]["api_key_ok"] == true);
  CHECK(reqs[0]["trace_id"] == out.trace_id);
  CHECK(pixverse::is_uuid(out.trace_id));
}

TEST_CASE("client: a dropped answer to a POST is replayed with the same trace id and body", "[client]") {
  simtest::Sim sim;
  sim.add_fault({{"path", simtest::kT2V}, {"kind", "drop"}, {"after_processing", true}, {"times", 1}});
  auto client = client_for(sim);
  const std::string trace = pixverse::new_trace_id();
  auto out = client.post_json(simtest::kT2V, simtest::t2v_body(), trace);
  REQUIRE(out.ok());
  CHECK(out.attempts == 2);
  CHECK(out.trace_id == trace);
  json reqs = sim.requests();
  REQUIRE(reqs.size() == 2);
  CHECK(reqs[0]["trace_id"] == trace);
  CHECK(reqs[1]["trace_id"] == trace);
  CHECK(reqs[0]["body"] == reqs[1]["body"]);
  CHECK(sim.jobs().size() == 1);  // one job, charged once
}

TEST_CASE("client: an unreadable HTTP 500 on a GET is retried with a fresh trace id", "[client]") {
  simtest::Sim sim;
  sim.add_fault({{"path", simtest::kBalance}, {"kind", "http_500"}, {"times", 2}});
  auto out = client_for(sim).get(simtest::kBalance);
  REQUIRE(out.ok());
  CHECK(out.attempts == 3);
  std::set<std::string> traces;
  for (const auto& r : sim.requests()) traces.insert(r["trace_id"].get<std::string>());
  CHECK(traces.size() == 3);
}

TEST_CASE("client: a business error is classified, a refusal is resubmitted, anything else is not", "[client]") {
  simtest::Sim sim;
  sim.add_fault({{"path", simtest::kT2V}, {"kind", "errcode"}, {"err_code", 500044}, {"err_msg", "limit"}});
  pixverse::ClientConfig c;
  c.base_url = sim.base_url();
  c.api_key = simtest::kKey;
  c.refusal_backoff = std::chrono::milliseconds(10);
  auto out = pixverse::Client(c).post_json(simtest::kT2V, simtest::t2v_body(), "");
  REQUIRE_FALSE(out.ok());
  CHECK(out.attempts == c.max_attempts);  // 500044 refuses without a job: resubmitted (answer_policy.h)
  CHECK(out.error->kind == pixverse::ErrorKind::concurrency_limit);
  CHECK(out.error->code == 500044);
  CHECK(sim.requests().size() == static_cast<std::size_t>(c.max_attempts));

  sim.add_fault({{"path", simtest::kI2V}, {"kind", "errcode"}, {"err_code", 400017}, {"err_msg", "invalid param"}});
  auto invalid = client_for(sim).post_json(simtest::kI2V, json{{"img_id", 1}}, "");
  REQUIRE_FALSE(invalid.ok());
  CHECK(invalid.attempts == 1);
  CHECK(invalid.error->kind == pixverse::ErrorKind::invalid_argument);
}

TEST_CASE("client: a wrong key is an auth error whose message never contains the key", "[client]") {
  simtest::Sim sim;
  auto out = client_for(sim, "sk-not-the-key-987654321").get(simtest::kBalance);
  REQUIRE_FALSE(out.ok());
  CHECK(out.error->kind == pixverse::ErrorKind::auth);
  CHECK(out.error->code == 10005);
  CHECK(out.error->message().find("sk-not-the-key") == std::string::npos);
}

TEST_CASE("client: the lower-case error envelope of an HTTP 500 is read", "[client]") {
  simtest::Sim sim;
  auto out = client_for(sim).post_multipart(
      simtest::kUpload, {{"image", sim.asset("cat.png"), "nsfw-cat.png", "image/png"}}, "");
  REQUIRE_FALSE(out.ok());
  CHECK(out.error->code == 500052);
  CHECK(out.error->http_status == 500);
  CHECK(out.error->kind == pixverse::ErrorKind::moderation);
  CHECK(out.attempts == 1);  // an answer with an envelope is final, even on HTTP 500
}

TEST_CASE("client: a streamed part whose source fails is a final error, not a lost answer", "[client]") {
  simtest::Sim sim;
  pixverse::FormPart part{.name = "file", .filename = "clip.mp4", .content_type = "video/mp4"};
  part.streamed_size = 1u << 20;
  part.read_streamed = [](std::uint64_t offset, char* out, std::size_t n) {
    if (offset >= (512u << 10)) return false;  // the file was cut short after it was checked
    std::fill(out, out + n, '\0');
    return true;
  };
  auto out = client_for(sim).post_multipart(simtest::kMediaUpload, {part}, "");
  REQUIRE_FALSE(out.ok());
  CHECK(out.attempts == 1);  // sending it again would only fail again
  CHECK(out.error->answer == pixverse::Answer::final);
  CHECK_THAT(out.error->api_message, Catch::Matchers::Contains("could no longer be read"));
}

TEST_CASE("client: nothing listening is a network error after bounded retries", "[client]") {
  pixverse::ClientConfig c;
  c.base_url = "http://127.0.0.1:9";  // the discard port: connection refused
  c.api_key = "k";
  c.retry_backoff = std::chrono::milliseconds(1);
  auto out = pixverse::Client(c).get("/openapi/v2/account/balance");
  REQUIRE_FALSE(out.ok());
  CHECK(out.error->kind == pixverse::ErrorKind::network);
  CHECK(out.attempts == c.max_attempts);
}

TEST_CASE("client: downloads stream the result file and enforce a size cap", "[client]") {
  simtest::Sim sim({"--polls", "1"});
  auto id = sim.create_video();
  auto client = client_for(sim);
  auto status = client.get("/openapi/v2/video/result/" + std::to_string(id));  // poll 1: done
  REQUIRE(status.ok());
  REQUIRE(status.resp["status"] == 1);
  std::string file;
  auto d = client.download(status.resp["url"].get<std::string>(), [&](const char* p, std::size_t n) {
    file.append(p, n);
    return true;
  }, 1 << 20);
  REQUIRE_FALSE(d.error);
  CHECK(d.bytes == status.resp["size"].get<std::uint64_t>());
  CHECK(file.substr(4, 4) == "ftyp");
  auto capped = client.download(status.resp["url"].get<std::string>(), [](const char*, std::size_t) { return true; }, 100);
  CHECK(capped.error);
}
