// The PixVerse client's pure parts: envelopes, error classes, trace ids.
#include <catch2/catch.hpp>

#include <set>

#include "pixverse/api_error.h"
#include "pixverse/client.h"
#include "pixverse/envelope.h"
#include "pixverse/trace_id.h"
#include "pixverse/video_status.h"

using namespace pixverse;

TEST_CASE("both envelope casings are read; ids stay exact", "[pixverse]") {
  auto e = parse_envelope(R"({"ErrCode":0,"ErrMsg":"success","Resp":{"video_id":9007199254740993}})");
  REQUIRE(e);
  CHECK(e->code == 0);
  CHECK(e->resp["video_id"].get<std::uint64_t>() == 9007199254740993ULL);
  CHECK(e->resp["video_id"].dump() == "9007199254740993");
  auto lower = parse_envelope(R"({"err_code":500052,"err_msg":"image failed moderation","resp":""})");
  REQUIRE(lower);
  CHECK(lower->code == 500052);
  CHECK(lower->message == "image failed moderation");
  CHECK_FALSE(parse_envelope("<html>502 Bad Gateway</html>"));
  CHECK_FALSE(parse_envelope(R"({"ErrCode":"0"})"));
  CHECK_FALSE(parse_envelope(R"([1,2])"));
}

TEST_CASE("ErrCodes are classified with advice a model can act on", "[pixverse]") {
  CHECK(classify_error(10005, 200, "").kind == ErrorKind::auth);
  CHECK(classify_error(400017, 200, "").kind == ErrorKind::invalid_argument);
  CHECK(classify_error(500090, 200, "").kind == ErrorKind::insufficient_credits);
  CHECK(classify_error(500044, 200, "").kind == ErrorKind::concurrency_limit);
  CHECK(classify_error(500063, 200, "").kind == ErrorKind::moderation);
  CHECK(classify_error(500069, 200, "").retryable);
  CHECK(classify_error(701002, 200, "").kind == ErrorKind::invalid_argument);
  CHECK(classify_error(599999, 200, "").kind == ErrorKind::server);
  auto e = classify_error(500090, 200, "insufficient balance");
  e.trace_id = "t-1";
  std::string m = e.message();
  CHECK(m.find("insufficient credits") != std::string::npos);
  CHECK(m.find("500090") != std::string::npos);
  CHECK(m.find("t-1") != std::string::npos);
  CHECK(m.find("get_balance") != std::string::npos);
}

TEST_CASE("trace ids are fresh RFC 4122 version 4 UUIDs", "[pixverse]") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto id = new_trace_id();
    REQUIRE(is_uuid(id));
    CHECK(id[14] == '4');
    CHECK(std::string("89ab").find(id[19]) != std::string::npos);
    seen.insert(id);
  }
  CHECK(seen.size() == 1000);
  CHECK_FALSE(is_uuid("not-a-uuid"));
}

TEST_CASE("base URLs: https anywhere, plain http only on loopback", "[pixverse]") {
  CHECK_FALSE(check_base_url("https://app-api.pixverse.ai"));
  CHECK_FALSE(check_base_url("http://127.0.0.1:8080"));
  CHECK_FALSE(check_base_url("http://localhost:1"));
  CHECK(check_base_url("http://app-api.pixverse.ai"));
  CHECK(check_base_url("app-api.pixverse.ai"));
  CHECK(check_base_url("ftp://x"));
}

TEST_CASE("status codes: 1 done, 6/7/8 terminal, anything else running", "[pixverse]") {
  CHECK(job_state(1) == JobState::succeeded);
  CHECK(job_state(5) == JobState::running);
  CHECK(job_state(9) == JobState::running);
  CHECK(job_state(7) == JobState::moderated);
  CHECK(is_terminal(job_state(8)));
  CHECK_FALSE(is_terminal(job_state(2)));
}

TEST_CASE("the client sends nothing to a refused origin", "[pixverse]") {
  ClientConfig c;
  c.base_url = "http://example.invalid";  // plain http off loopback (.invalid never resolves either)
  c.api_key = "k";
  auto out = Client(c).get("/openapi/v2/account/balance");
  REQUIRE_FALSE(out.ok());
  CHECK(out.attempts == 0);
  CHECK(out.error->kind == ErrorKind::protocol);
  CHECK(out.error->api_message.find("https://") != std::string::npos);
}
