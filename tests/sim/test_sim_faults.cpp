// Injected faults: delay, http_500, drop, malformed, errcode; before and after processing.
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

TEST_CASE("Fault drop after processing: the job exists; a resend with the same trace id returns it", "[sim][faults]") {
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
