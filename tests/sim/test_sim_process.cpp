// The simulator as a process: start-up line, flags, loopback only, shutdown, capacity.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "sim_fixture.h"

using simtest::json;

namespace {

// Runs pixverse-sim with `args`; returns its exit status and first stdout line.
std::pair<std::optional<int>, std::optional<std::string>> run_sim(std::vector<std::string> args) {
  tools::Subprocess::Options opts;
  opts.argv = {PIXVERSE_SIM_PATH};
  opts.argv.insert(opts.argv.end(), args.begin(), args.end());
  opts.capture_stderr = true;
  tools::Subprocess p(opts);
  auto line = p.read_line(std::chrono::seconds(5));
  return {p.wait(std::chrono::seconds(5)), line};
}

}  // namespace

TEST_CASE("Start-up: announces the port, /_sim/health answers", "[sim][process]") {
  simtest::Sim sim;
  CHECK(sim.port() > 0);
  auto health = sim.control_get("/_sim/health");
  CHECK(health["ok"] == true);
  CHECK(health["port"] == sim.port());
  CHECK(health["base_url"] == sim.base_url());
}

TEST_CASE("Start-up: refuses non-loopback hosts, unknown flags and bad values", "[sim][process]") {
  for (auto args : std::vector<std::vector<std::string>>{{"--host", "0.0.0.0"},
                                                         {"--host", "192.168.1.10"},
                                                         {"--host", "example.com"},
                                                         {"--host", "localhost."},
                                                         {"--host", "127.0.0.1.evil.com"},
                                                         {"--port", "65536"},
                                                         {"--id-start", "18446744073709551616"},
                                                         {"--log-requests=x"},
                                                         {"--polls=", "3"},
                                                         {"--bogus"},
                                                         {"--polls", "-1"},
                                                         {"--port", "abc"},
                                                         {"--fault", "{not json"},
                                                         {"--fault", R"({"kind":"nope"})"},
                                                         {"--api-key", ""}}) {
    INFO(args[0] << " " << (args.size() > 1 ? args[1] : ""));
    auto [status, line] = run_sim(args);
    CHECK(status == 2);
    CHECK_FALSE(line);
  }
}

TEST_CASE("Start-up: --port binds that port, localhost is accepted", "[sim][process]") {
  int port = 0;
  {
    simtest::Sim first;
    port = first.port();
  }
  simtest::Sim sim({"--port", std::to_string(port), "--host", "localhost"});
  CHECK(sim.port() == port);
  simtest::Sim upper({"--host", "LOCALHOST"});  // a host name is case-insensitive (common/loopback.h)
  CHECK(upper.port() > 0);
}

TEST_CASE("Shutdown: SIGTERM and SIGINT exit 0", "[sim][process]") {
  for (int sig : {SIGTERM, SIGINT}) {
    simtest::Sim sim;
    sim.process().kill(sig);
    CHECK(sim.process().wait(std::chrono::seconds(5)) == 0);
  }
}

TEST_CASE("Shutdown: --exit-on-stdin-eof exits when stdin closes", "[sim][process]") {
  simtest::Sim sim;  // the fixture passes --exit-on-stdin-eof
  CHECK_FALSE(sim.process().wait(std::chrono::milliseconds(200)));
  sim.process().close_stdin();
  CHECK(sim.process().wait(std::chrono::seconds(5)) == 0);
}

TEST_CASE("Shutdown: a pending delay fault does not hold up SIGTERM", "[sim][process]") {
  simtest::Sim sim;
  sim.add_fault({{"path", ""}, {"kind", "delay"}, {"delay_ms", 60000}});
  std::thread caller([&sim] { sim.get(simtest::kBalance); });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (sim.requests().empty() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  REQUIRE(sim.requests().size() == 1);  // the request has arrived and is being delayed
  auto start = std::chrono::steady_clock::now();
  sim.process().kill(SIGTERM);
  CHECK(sim.process().wait(std::chrono::seconds(10)) == 0);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  caller.join();
}

TEST_CASE("Capacity: 250 concurrent connections are all served", "[sim][process]") {
  simtest::Sim sim;
  sim.add_fault({{"path", ""}, {"kind", "delay"}, {"delay_ms", 300}});  // keeps all 250 open at once
  constexpr int kClients = 250;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i)
    threads.emplace_back([&] {
      if (sim.get(simtest::kBalance).err_code() == 0) ++ok;
    });
  for (auto& t : threads) t.join();
  CHECK(ok == kClients);
  CHECK(sim.requests().size() == kClients);
}
