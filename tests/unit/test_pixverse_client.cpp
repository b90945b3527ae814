// The PixVerse client's pure parts: envelopes, error classes, trace ids.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <set>

#include "pixverse/api_error.h"
#include "pixverse/balance.h"
#include "pixverse/client.h"
#include "pixverse/envelope.h"
#include "pixverse/trace_id.h"
#include "pixverse/video_status.h"

using namespace pixverse;

TEST_CASE("both envelope casings are read, ids stay exact", "[pixverse]") {
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
  CHECK_FALSE(parse_envelope(R"([1,2])"));
  CHECK_FALSE(parse_envelope(R"({"ErrMsg":"no code"})"));
}

TEST_CASE("an ErrCode sent as a digit string is read, other strings are not an envelope", "[pixverse]") {
  auto ok = parse_envelope(R"({"ErrCode":"0","ErrMsg":"success","Resp":{"video_id":"9007199254740993"}})");
  REQUIRE(ok);
  CHECK(ok->code == 0);
  CHECK(ok->resp["video_id"] == "9007199254740993");  // ids are read by the callers (as_id)
  auto busy = parse_envelope(R"({"err_code":"500069","err_msg":"busy"})");
  REQUIRE(busy);
  CHECK(busy->code == 500069);
  for (const char* bad : {R"({"ErrCode":""})", R"({"ErrCode":"0.0"})", R"({"ErrCode":" 0"})", R"({"ErrCode":"zero"})",
                          R"({"ErrCode":1.5})", R"({"ErrCode":"99999999999999999999"})", R"({"ErrCode":null})"}) {
    INFO(bad);
    CHECK_FALSE(parse_envelope(bad));
  }
  CHECK(integer_value(nlohmann::json("-3")) == -3);
  CHECK(integer_value(nlohmann::json(7)) == 7);
  CHECK_FALSE(integer_value(nlohmann::json(18446744073709551615ULL)));
  CHECK_FALSE(integer_value(nlohmann::json("+3")));
}

TEST_CASE("ErrCodes are classified with advice a model can act on", "[pixverse]") {
  CHECK(classify_error(10005, 200, "").kind == ErrorKind::auth);
  CHECK(classify_error(400017, 200, "").kind == ErrorKind::invalid_argument);
  CHECK(classify_error(500090, 200, "").kind == ErrorKind::insufficient_credits);
  CHECK(classify_error(500044, 200, "").kind == ErrorKind::concurrency_limit);
  CHECK(classify_error(500063, 200, "").kind == ErrorKind::moderation);
  CHECK(classify_error(500069, 200, "").kind == ErrorKind::server);
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

TEST_CASE("loopback is an address, never a name that starts like one", "[pixverse][base-url]") {
  // The API key travels in a header: over plain http only to this machine.
  for (const char* remote : {"http://127.example.com:8080", "http://127.0.0.1.nip.io:8080", "http://127.1:8080",
                             "http://0x7f.0.0.1:8080", "http://localhost.example.com", "http://[::ffff:1.2.3.4]",
                             "http://128.0.0.1", "http://[::2]"}) {
    INFO(remote);
    CHECK(check_base_url(remote));
  }
  for (const char* local : {"http://127.0.0.1:8080", "http://127.255.0.3", "http://[::1]:9", "http://localhost"}) {
    INFO(local);
    CHECK_FALSE(check_base_url(local));
  }
}

TEST_CASE("scheme and host are read case-insensitively, the port must exist", "[pixverse][base-url]") {
  CHECK(read_base_url("HTTPS://APP-API.PIXVERSE.AI").origin == "https://app-api.pixverse.ai");
  CHECK(read_base_url("HTTP://LOCALHOST:18931/openapi/v2").origin == "http://localhost:18931");
  CHECK_FALSE(read_base_url("Http://127.0.0.1:8080").problem);
  for (const char* bad : {"http://127.0.0.1:0", "http://127.0.0.1:65536", "http://127.0.0.1:99999"}) {
    INFO(bad);
    CHECK(read_base_url(bad).problem);
  }
  CHECK_FALSE(read_base_url("http://127.0.0.1:65535").problem);
  // The message names both places a base URL comes from.
  CHECK(read_base_url("ftp://x").problem.value_or("").find("--base-url") != std::string::npos);
}

TEST_CASE("base URLs as users write them: the origin, with or without /openapi/v2 and trailing slashes",
          "[pixverse][base-url]") {
  for (const char* spelling :
       {"https://app-api.pixverse.ai", "https://app-api.pixverse.ai/", "https://app-api.pixverse.ai//",
        "https://app-api.pixverse.ai/openapi/v2", "https://app-api.pixverse.ai/openapi/v2/",
        "https://app-api.pixverse.ai/openapi/v2//"}) {
    INFO(spelling);
    auto base = read_base_url(spelling);
    CHECK_FALSE(base.problem);
    CHECK(base.origin == "https://app-api.pixverse.ai");
  }
  CHECK(read_base_url("http://127.0.0.1:8080/openapi/v2/").origin == "http://127.0.0.1:8080");
  CHECK(read_base_url("https://app-api.pixverseai.cn:443/openapi/v2").origin == "https://app-api.pixverseai.cn");
  CHECK(read_base_url("http://127.0.0.1:80").origin == "http://127.0.0.1");
  CHECK(read_base_url("https://app-api.pixverse.ai:8443").origin == "https://app-api.pixverse.ai:8443");
  // Idempotent: the Client normalises again what the settings already normalised.
  CHECK(read_base_url(read_base_url("https://app-api.pixverse.ai/openapi/v2").origin).origin ==
        "https://app-api.pixverse.ai");
}

TEST_CASE("a base URL with any other path is a configuration error that says what to write", "[pixverse][base-url]") {
  for (const char* wrong :
       {"https://app-api.pixverse.ai/openapi", "https://app-api.pixverse.ai/openapi/v2/video",
        "https://app-api.pixverse.ai/v2", "https://app-api.pixverse.ai/openapi/v1", "https://app-api.pixverse.ai/OPENAPI/V2",
        "https://app-api.pixverse.ai/openapi/v2?x=1", "https://proxy.example.com/pixverse"}) {
    INFO(wrong);
    auto base = read_base_url(wrong);
    REQUIRE(base.problem);
    CHECK(base.origin.empty());
    CHECK_THAT(*base.problem, Catch::Contains("PIXVERSE_BASE_URL"));
    CHECK_THAT(*base.problem, Catch::Contains("https://app-api.pixverse.ai (or https://app-api.pixverse.ai/openapi/v2)"));
    CHECK_THAT(*base.problem, Catch::Contains(wrong));  // quotes what was given
  }
  CHECK_THAT(*read_base_url("https://proxy.example.com/pixverse").problem, Catch::Contains("write https://proxy.example.com"));
}

TEST_CASE("a client configured with a refused base URL sends nothing and says why", "[pixverse][base-url]") {
  ClientConfig c;
  c.base_url = "http://127.0.0.1:9/openapi/v2/video";  // loopback, but a path that is not the API prefix
  c.api_key = "k";
  auto out = Client(c).get("/openapi/v2/account/balance");
  REQUIRE_FALSE(out.ok());
  CHECK(out.attempts == 0);
  CHECK_THAT(out.error->api_message, Catch::Contains("without any other path"));
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

TEST_CASE("a balance whose total would overflow int64 either way is not a balance", "[pixverse]") {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  auto total = [](std::int64_t monthly, std::int64_t package) -> std::optional<std::int64_t> {
    auto b = read_balance({{"credit_monthly", monthly}, {"credit_package", package}});
    if (!b) return std::nullopt;
    return b->credits_total;
  };
  CHECK(total(40, 2) == 42);
  CHECK(total(kMax - 1, 1) == kMax);
  CHECK(total(kMin + 1, -1) == kMin);
  CHECK(total(kMax, kMin) == -1);
  CHECK_FALSE(total(kMax, 1));
  CHECK_FALSE(total(1, kMax));
  CHECK_FALSE(total(kMin, -1));
  CHECK_FALSE(total(-1, kMin));
}
