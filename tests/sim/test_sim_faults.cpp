// Injected faults: delay, http_500, drop, malformed, errcode, refuse, http_429, strings; before
// and after processing. Also the jobs that report status 1 before their url ([sim:no_url=N]).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "sim_fixture.h"

using simtest::api_headers;
using simtest::json;
using simtest::kT2V;
using simtest::t2v_body;

namespace {

json fault(const char* kind, const json& extra = json::object()) {
  json f = {{"path", kT2V}, {"kind", kind}, {"times", 1}};
  for (const auto& [k, v] : extra.items()) f[k] = v;
  return f;
}

}  // namespace

TEST_CASE("Fault delay: answers normally, later", "[sim][faults]") {
  simtest::Sim sim;
  sim.add_fault(fault("delay", {{"delay_ms", 400}}));
  auto start = std::chrono::steady_clock::now();
  auto a = sim.post(kT2V, t2v_body());
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(a.err_code() == 0);
  CHECK(elapsed >= std::chrono::milliseconds(400));
  CHECK(sim.requests()[0]["fault"] == "delay");
  CHECK(sim.control_get("/_sim/faults").empty());  // times: 1 used up
}

TEST_CASE("Fault http_500: non-JSON HTTP 500, request not processed", "[sim][faults]") {
  simtest::Sim sim;
  sim.add_fault(fault("http_500"));
  auto a = sim.post(kT2V, t2v_body());
  CHECK(a.status == 500);
  CHECK_FALSE(a.is_json());
  CHECK(sim.jobs().empty());
  CHECK(sim.post(kT2V, t2v_body()).err_code() == 0);  // the fault was used up
  auto log = sim.requests();
  CHECK(log[0]["fault"] == "http_500");
  CHECK(log[0]["http_status"] == 500);
  CHECK(log[0]["err_code"].is_null());
}

TEST_CASE("Fault drop: the client sees a transport error, nothing is created", "[sim][faults]") {
  simtest::Sim sim;
  sim.add_fault(fault("drop"));
  const std::string trace = simtest::new_uuid();
  auto a = sim.post(kT2V, t2v_body(), api_headers(trace));
  CHECK_FALSE(a.transport_ok());
  CHECK(a.error == httplib::Error::Read);
  CHECK(sim.jobs().empty());
  auto log = sim.requests();
  REQUIRE(log.size() == 1);
  CHECK(log[0]["fault"] == "drop");
  CHECK(log[0]["http_status"] == 0);
  // not processed, so the trace id is not remembered: the resend is processed now
  auto resend = sim.post(kT2V, t2v_body(), api_headers(trace));
  CHECK(resend.err_code() == 0);
  CHECK(sim.jobs().size() == 1);
}

TEST_CASE("Fault drop closes the connection before any byte of a response", "[sim][faults]") {
  simtest::Sim sim;
  sim.add_fault({{"path", ""}, {"kind", "drop"}, {"times", 1}});
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(sim.port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  const std::string request = "GET /openapi/v2/account/balance HTTP/1.1\r\nHost: 127.0.0.1\r\nAPI-KEY: " +
                              std::string(simtest::kKey) + "\r\nAi-trace-id: " + simtest::new_uuid() + "\r\n\r\n";
  REQUIRE(::send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size()));
  std::string received;
  char buf[1024];
  ssize_t n = 0;
  bool timed_out = false;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) received.append(buf, static_cast<std::size_t>(n));
  if (n < 0) timed_out = errno == EAGAIN || errno == EWOULDBLOCK;
  ::close(fd);
  CHECK_FALSE(timed_out);  // closed (FIN or RST), not left hanging
  CHECK(received.empty());
  CHECK(sim.requests()[0]["fault"] == "drop");
}

TEST_CASE("Fault drop after processing: the job exists, a resend with the same trace id returns it", "[sim][faults]") {
  simtest::Sim sim({"--credits", "1000"});
  sim.add_fault(fault("drop", {{"after_processing", true}}));
  const std::string trace = simtest::new_uuid();
  auto lost = sim.post(kT2V, t2v_body(), api_headers(trace));
  CHECK_FALSE(lost.transport_ok());
  auto jobs = sim.jobs();
  REQUIRE(jobs.size() == 1);
  CHECK(jobs[0]["trace_id"] == trace);
  auto log = sim.requests();
  CHECK(log[0]["err_code"] == 0);  // processed ...
  CHECK(log[0]["http_status"] == 0);  // ... but the answer was lost
  auto resend = sim.post(kT2V, t2v_body(), api_headers(trace));
  REQUIRE(resend.err_code() == 0);
  CHECK(resend.resp()["video_id"].get<std::uint64_t>() == jobs[0]["id"].get<std::uint64_t>());
  CHECK(sim.jobs().size() == 1);
  CHECK(sim.credits_left() == 1000 - 45);
  // a client that retries with a NEW trace id creates (and pays for) a duplicate
  CHECK(sim.post(kT2V, t2v_body()).err_code() == 0);
  CHECK(sim.jobs().size() == 2);
}

TEST_CASE("Fault malformed: HTTP 200 with a body that is not JSON", "[sim][faults]") {
  simtest::Sim sim;
  sim.add_fault(fault("malformed"));
  auto a = sim.post(kT2V, t2v_body());
  CHECK(a.transport_ok());
  CHECK(a.status == 200);
  CHECK_FALSE(a.is_json());
  CHECK_FALSE(a.body.empty());
  CHECK(sim.jobs().empty());
}

TEST_CASE("Faults malformed / http_500 after processing: the answer is lost, the job is not", "[sim][faults]") {
  simtest::Sim sim;
  for (const char* kind : {"malformed", "http_500"}) {
    INFO(kind);
    sim.add_fault(fault(kind, {{"after_processing", true}}));
    const std::string trace = simtest::new_uuid();
    auto broken = sim.post(kT2V, t2v_body(), api_headers(trace));
    CHECK_FALSE(broken.is_json());
    auto resend = sim.post(kT2V, t2v_body(), api_headers(trace));
    REQUIRE(resend.err_code() == 0);
    CHECK(sim.jobs().back()["id"].get<std::uint64_t>() == resend.resp()["video_id"].get<std::uint64_t>());
    CHECK(sim.jobs().back()["trace_id"] == trace);
  }
  CHECK(sim.jobs().size() == 2);
}

TEST_CASE("Fault errcode: the envelope with that ErrCode, nothing processed", "[sim][faults]") {
  simtest::Sim sim;
  sim.add_fault(fault("errcode", {{"err_code", 500069}, {"err_msg", "system under high load"}}));
  auto a = sim.post(kT2V, t2v_body());
  CHECK(a.status == 200);
  CHECK(a.err_code() == 500069);
  CHECK(a.err_msg() == "system under high load");
  CHECK(a.j["Resp"].is_null());
  CHECK(sim.jobs().empty());
  CHECK(sim.requests()[0]["err_code"] == 500069);
}

TEST_CASE("Fault refuse: a business refusal, no job, and a replay of its trace id gets it again", "[sim][faults]") {
  simtest::Sim sim({"--credits", "1000"});
  for (std::int64_t code : {500069, 500100, 500044}) {
    INFO("ErrCode " << code);
    sim.add_fault(fault("refuse", {{"err_code", code}}));
    const std::string trace = simtest::new_uuid();
    auto refused = sim.post(kT2V, t2v_body(), api_headers(trace));
    CHECK(refused.status == 200);
    CHECK(refused.err_code() == code);
    CHECK_FALSE(refused.err_msg().empty());
    CHECK(refused.j["Resp"].is_null());
    CHECK(sim.control_get("/_sim/faults").empty());  // used up ...
    auto replay = sim.post(kT2V, t2v_body(), api_headers(trace));
    CHECK(replay.err_code() == code);  // ... yet the same trace id still gets the cached refusal
    CHECK(replay.body == refused.body);
    CHECK(sim.requests().back()["replayed"] == true);
    CHECK(sim.jobs().empty());
  }
  CHECK(sim.credits_left() == 1000);
  CHECK(sim.post(kT2V, t2v_body()).err_code() == 0);  // a new trace id is a new request
  CHECK(sim.jobs().size() == 1);
}

TEST_CASE("Fault refuse checks the key and the trace id first", "[sim][faults]") {
  simtest::Sim sim;
  sim.add_fault({{"path", kT2V}, {"kind", "refuse"}, {"err_code", 500069}, {"times", 2}});
  CHECK(sim.post(kT2V, t2v_body(), api_headers(simtest::new_uuid(), std::string("wrong-key"))).err_code() == 10005);
  CHECK(sim.post(kT2V, t2v_body(), api_headers(std::string("not-a-uuid"))).err_code() == 400017);
  CHECK(sim.jobs().empty());
}

TEST_CASE("Fault http_429: Retry-After in seconds, no job, remembered under the trace id", "[sim][faults]") {
  simtest::Sim sim;
  sim.add_fault(fault("http_429", {{"retry_after_s", 7}}));
  const std::string trace = simtest::new_uuid();
  auto limited = simtest::to_answer(sim.client()->Post(kT2V, api_headers(trace), t2v_body().dump(), "application/json"));
  CHECK(limited.status == 429);
  CHECK_FALSE(limited.is_json());
  auto raw = sim.client()->Post(kT2V, api_headers(trace), t2v_body().dump(), "application/json");  // the replay
  REQUIRE(raw);
  CHECK(raw->status == 429);
  CHECK(raw->get_header_value("Retry-After") == "7");
  CHECK(sim.jobs().empty());
  auto log = sim.requests();
  REQUIRE(log.size() == 2);
  CHECK(log[0]["fault"] == "http_429");
  CHECK(log[0]["http_status"] == 429);
  CHECK(log[1]["replayed"] == true);

  sim.add_fault(fault("http_429"));  // no retry_after_s: no header
  auto bare = sim.client()->Post(kT2V, api_headers(), t2v_body().dump(), "application/json");
  REQUIRE(bare);
  CHECK(bare->status == 429);
  CHECK_FALSE(bare->has_header("Retry-After"));
}

TEST_CASE("Fault strings: the answer's ErrCode, status and ids arrive as digit strings", "[sim][faults]") {
  simtest::Sim sim({"--polls", "1"});
  sim.add_fault({{"path", ""}, {"kind", "strings"}});  // every answer, until cleared
  auto created = sim.post(kT2V, t2v_body());
  REQUIRE(created.is_json());
  CHECK(created.j["ErrCode"] == "0");
  REQUIRE(created.resp()["video_id"].is_string());
  const std::string id = created.resp()["video_id"].get<std::string>();
  CHECK(id == std::to_string(sim.jobs()[0]["id"].get<std::uint64_t>()));  // exact digits
  auto done = sim.get("/openapi/v2/video/result/" + id);
  CHECK(done.j["ErrCode"] == "0");
  CHECK(done.resp()["status"] == "1");
  CHECK(done.resp()["id"] == id);
  CHECK(done.resp()["outputWidth"].is_number_integer());  // only status and ids change
  CHECK_FALSE(done.resp()["url"].get<std::string>().empty());
  auto unknown = sim.get("/openapi/v2/video/result/123");
  CHECK(unknown.j["ErrCode"] == "400017");
  CHECK(sim.requests()[0]["fault"] == "strings");
}

TEST_CASE("Faults refuse / http_429 / strings: invalid definitions are refused", "[sim][faults]") {
  simtest::Sim sim;
  for (const char* bad : {R"({"kind":"refuse"})", R"({"kind":"refuse","err_code":0})",
                          R"({"kind":"http_429","retry_after_s":-1})", R"({"kind":"http_429","err_code":500069})",
                          R"({"kind":"refuse","err_code":500069,"retry_after_s":1})",
                          R"({"kind":"refuse","err_code":500069,"after_processing":true})",
                          R"({"kind":"strings","after_processing":true})"}) {
    INFO(bad);
    CHECK(sim.control_post("/_sim/faults", bad).status == 400);
  }
}

TEST_CASE("Jobs with [sim:no_url=N]: status 1 with url \"\" for N polls, then the file", "[sim][faults][jobs]") {
  simtest::Sim sim({"--polls", "1"});
  auto created = sim.post(kT2V, t2v_body({{"prompt", "[sim:no_url=2] a late file"}}));
  REQUIRE(created.err_code() == 0);
  const auto id = created.resp()["video_id"].get<std::uint64_t>();
  CHECK(sim.jobs()[0]["no_url_polls"] == 2);
  for (int i = 0; i < 2; ++i) {
    auto early = sim.result(id);
    CHECK(early.resp()["status"] == 1);
    CHECK(early.resp()["url"] == "");
    CHECK(early.resp()["size"] == 0);
  }
  auto late = sim.result(id);
  CHECK(late.resp()["status"] == 1);
  CHECK_FALSE(late.resp()["url"].get<std::string>().empty());
  CHECK(late.resp()["size"].get<std::int64_t>() > 0);

  // The control endpoint sets it for a job that exists.
  auto other = sim.post(kT2V, t2v_body()).resp()["video_id"].get<std::uint64_t>();
  CHECK(sim.control_post("/_sim/jobs/" + std::to_string(other), R"({"no_url_polls":1})").status == 200);
  CHECK(sim.result(other).resp()["url"] == "");
  CHECK_FALSE(sim.result(other).resp()["url"].get<std::string>().empty());
  CHECK(sim.control_post("/_sim/jobs/" + std::to_string(other), R"({"no_url_polls":-1})").status == 400);
}

TEST_CASE("Faults: path prefix, times, \"\" = every /openapi path, DELETE clears", "[sim][faults]") {
  simtest::Sim sim({"--polls", "5"});
  sim.add_fault({{"path", "/openapi/v2/video/result/"}, {"kind", "http_500"}, {"times", 2}});
  const auto id = sim.create_video();  // not matched
  CHECK(sim.result(id).status == 500);
  CHECK(sim.result(id).status == 500);
  CHECK(sim.result(id).err_code() == 0);
  sim.add_fault({{"path", ""}, {"kind", "errcode"}, {"err_code", 500100}});  // forever
  CHECK(sim.get(simtest::kBalance).err_code() == 500100);
  CHECK(sim.post(kT2V, t2v_body()).err_code() == 500100);
  CHECK(sim.control_get("/_sim/faults").size() == 1);
  auto cleared = simtest::to_answer(sim.client()->Delete("/_sim/faults"));
  CHECK(cleared.status == 200);
  CHECK(sim.get(simtest::kBalance).err_code() == 0);
}

TEST_CASE("Faults: invalid definitions are refused", "[sim][faults]") {
  simtest::Sim sim;
  for (const char* bad : {R"({"kind":"explode"})", R"({"path":"/x","kind":"drop"})", R"({"kind":"delay"})",
                          R"({"kind":"errcode"})", R"({"kind":"drop","times":0})", R"({"kind":"drop","tims":1})",
                          R"({"kind":"delay","delay_ms":5,"after_processing":true})", "not json"}) {
    INFO(bad);
    auto a = sim.control_post("/_sim/faults", bad);
    CHECK(a.status == 400);
    CHECK(a.j.contains("error"));
  }
  CHECK(sim.control_get("/_sim/faults").empty());
}

TEST_CASE("Option --fault at start-up (repeatable)", "[sim][faults]") {
  simtest::Sim sim({"--fault", R"({"path":"/openapi/v2/account/balance","kind":"http_500","times":1})", "--fault",
                    R"({"path":"/openapi/v2/account/balance","kind":"errcode","err_code":500100,"times":1})"});
  CHECK(sim.get(simtest::kBalance).status == 500);
  CHECK(sim.get(simtest::kBalance).err_code() == 500100);
  CHECK(sim.get(simtest::kBalance).err_code() == 0);
}
