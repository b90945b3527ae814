// The work pool (src/mcp/work_pool.h) and waiting tool steps on it: work runs on a bounded
// number of threads, timers fire in due order, a cancellation fires a waiting step at once, and
// thousands of waiting calls cost no thread each.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <future>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "mcp/server.h"
#include "mcp/work_pool.h"
#include "mcp_capture.h"

using mcp::json;
using mcp_test::Capture;
using mcp_test::req;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// Threads of this process now (Linux /proc).
int process_threads() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  return -1;
}

// Counts down; wait() returns true once it reaches zero (false after `timeout`).
struct Latch {
  std::mutex m;
  std::condition_variable cv;
  int left;
  explicit Latch(int n) : left(n) {}
  void count_down() {
    std::lock_guard lock(m);
    if (--left == 0) cv.notify_all();
  }
  bool wait(std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock(m);
    return cv.wait_for(lock, timeout, [this] { return left <= 0; });
  }
};

}  // namespace

TEST_CASE("the pool runs posted work on at most max_threads threads", "[pool]") {
  mcp::WorkPool pool(3);
  std::mutex m;
  std::condition_variable cv;
  bool release = false;
  std::atomic<int> running{0}, most{0};
  Latch done(50);
  for (int i = 0; i < 50; ++i)
    pool.post([&] {
      int now = ++running;
      for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
      }
      {
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return release; });
      }
      --running;
      done.count_down();
    });
  CHECK(pool.threads() <= 3);
  {
    std::lock_guard lock(m);
    release = true;
  }
  cv.notify_all();
  REQUIRE(done.wait());
  CHECK(most.load() <= 3);
  CHECK(most.load() >= 1);
  CHECK(pool.threads() <= 3);
}

TEST_CASE("timers fire in order of their due time, not of posting", "[pool]") {
  mcp::WorkPool pool(1);  // one worker: the order it runs them in is the order they fired
  std::mutex m;
  std::vector<int> order;
  Latch done(3);
  auto now = Clock::now();
  for (int k : {3, 1, 2})
    pool.post_at(now + std::chrono::milliseconds(30 * k), [&, k] {
      {
        std::lock_guard lock(m);
        order.push_back(k);
      }
      done.count_down();
    });
  REQUIRE(done.wait());
  CHECK(order == std::vector<int>{1, 2, 3});
}

TEST_CASE("an expedited timer runs at once, expediting a fired one is harmless", "[pool]") {
  mcp::WorkPool pool(2);
  std::promise<Clock::time_point> ran;
  auto id = pool.post_at(Clock::now() + 1h, [&] { ran.set_value(Clock::now()); });
  CHECK(pool.timers() == 1);
  pool.expedite(id);
  auto f = ran.get_future();
  REQUIRE(f.wait_for(10s) == std::future_status::ready);  // not an hour
  pool.expedite(id);  // fired already: nothing happens
  CHECK(pool.timers() == 0);
}

TEST_CASE("a pool destroyed with timers pending drops them and joins its idle workers", "[pool]") {
  std::atomic<int> ran{0};
  {
    mcp::WorkPool pool(2);
    for (int i = 0; i < 100; ++i) pool.post_at(Clock::now() + 1h, [&] { ++ran; });
    std::promise<void> one;
    pool.post([&] { one.set_value(); });
    REQUIRE(one.get_future().wait_for(10s) == std::future_status::ready);
  }
  CHECK(ran.load() == 0);
}

namespace {

// A tool that waits as steps (never as a sleeping thread) until cancelled: each step is due an
// hour later, so only a cancellation (or shutdown) ends it.
mcp::Tool waiting_tool(std::atomic<int>& steps_run) {
  return {json{{"name", "wait"}, {"description", "waits"}, {"inputSchema", {{"type", "object"}}}},
          [&steps_run](const json&, mcp::CallContext& ctx) -> mcp::ToolStep {
            ++steps_run;
            return mcp::ToolStep::resume_at(Clock::now() + 1h, [&steps_run, &ctx]() -> mcp::ToolStep {
              ++steps_run;
              return mcp::ToolResult::error(ctx.cancelled() ? "cancelled" : "woke early");
            });
          }};
}

// A tool whose result comes after `n` short steps; the result says how many ran.
mcp::Tool stepping_tool() {
  return {json{{"name", "steps"}, {"description", "steps"}, {"inputSchema", {{"type", "object"}}}},
          [](const json& args, mcp::CallContext&) -> mcp::ToolStep {
            struct Counter {
              int left;
              int ran = 0;
            };
            auto c = std::make_shared<Counter>(Counter{args.value("n", 3)});
            struct Step {
              static mcp::ToolStep run(const std::shared_ptr<Counter>& c) {
                ++c->ran;
                if (--c->left <= 0) {
                  mcp::ToolResult r;
                  r.structured = json{{"steps", c->ran}};
                  r.content.push_back(json{{"type", "text"}, {"text", "done"}});
                  return r;
                }
                return mcp::ToolStep::resume_at(Clock::now() + 1ms, [c] { return run(c); });
              }
            };
            return Step::run(c);
          }};
}

}  // namespace

TEST_CASE("a tool's steps run to its result, then() applies to the final result", "[pool][mcp]") {
  Capture out;
  mcp::Server server({}, out.sink());
  server.add_tool(stepping_tool());
  server.handle_line(req(1, "tools/call", json{{"name", "steps"}, {"arguments", {{"n", 5}}}}));
  CHECK(out.response(1)["result"]["structuredContent"]["steps"] == 5);

  int finished_with = 0;
  mcp::CallContext ctx(
      json(1), std::nullopt, std::make_shared<mcp::CancellationFlag>(), [](const json&) {},
      [](mcp::LogLevel) { return false; }, "2025-11-25");
  mcp::ToolStep chained = stepping_tool().handler(json{{"n", 3}}, ctx)
                              .then([&](mcp::ToolResult r) {
                                finished_with = r.structured->at("steps").get<int>();
                                r.is_error = true;
                                return r;
                              });
  while (!chained.done()) chained = chained.resume();
  CHECK(finished_with == 3);
  CHECK(chained.result().is_error);
}

TEST_CASE("thousands of waiting calls hold no thread each, ping is answered, cancellation ends them at once",
          "[pool][mcp]") {
  Capture out;
  mcp::ServerOptions opts;
  opts.worker_threads = 4;
  mcp::Server server(opts, out.sink());
  std::atomic<int> steps{0};
  server.add_tool(waiting_tool(steps));
  const int before = process_threads();
  constexpr int kCalls = 3000;
  for (int i = 0; i < kCalls; ++i) server.handle_line(req(i, "tools/call", json{{"name", "wait"}}));
  server.handle_line(req("ping", "ping"));
  out.response("ping");
  // Every call runs its first step and becomes a timer, due in an hour.
  for (auto deadline = Clock::now() + 60s; steps.load() < kCalls && Clock::now() < deadline;)
    std::this_thread::yield();
  REQUIRE(steps.load() == kCalls);
  CHECK(server.calls_in_flight() == kCalls);
  const int during = process_threads();
  CHECK(during - before <= 4);
  CHECK_FALSE(out.has_response(0));

  // Cancelling one call fires its timer now: its step runs, and no response goes out.
  server.handle_line(json{{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", 7}}}}.dump());
  server.handle_line(req("ping2", "ping"));
  out.response("ping2");
  CHECK(server.shutdown(0ms, 10s));  // the rest are cancelled by shutdown and end at once
  CHECK(server.calls_in_flight() == 0);
  CHECK_FALSE(out.has_response(7));
  CHECK(steps.load() >= 2 * kCalls);  // every call ran its first step and its cancelled one
}

TEST_CASE("past the in-flight bound a call is refused with its id and a retry hint, waiting calls count",
          "[pool][mcp]") {
  Capture out;
  mcp::ServerOptions opts;
  opts.max_concurrent_calls = 5;
  mcp::Server server(opts, out.sink());
  std::atomic<int> steps{0};
  server.add_tool(waiting_tool(steps));
  for (int i = 0; i < 5; ++i) server.handle_line(req(i, "tools/call", json{{"name", "wait"}}));
  server.handle_line(req(5, "tools/call", json{{"name", "wait"}}));
  json refused = out.response(5);
  CHECK(refused["error"]["code"] == -32603);
  CHECK(refused["error"]["message"].get<std::string>().find("server busy") != std::string::npos);
  CHECK(refused["error"]["data"]["retryAfterMs"].get<int>() > 0);
  server.handle_line(json{{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", 0}}}}.dump());
  // The cancelled call leaves the bound once its step has run; then a new call is taken.
  for (auto deadline = Clock::now() + 10s; server.calls_in_flight() > 4 && Clock::now() < deadline;)
    std::this_thread::yield();
  server.handle_line(req(6, "tools/call", json{{"name", "wait"}}));
  server.handle_line(req("p", "ping"));
  out.response("p");
  CHECK_FALSE(out.has_response(6));  // taken: it waits like the others
  CHECK(server.calls_in_flight() == 5);
  CHECK(server.shutdown(0ms, 10s));
}

TEST_CASE("request bytes of calls not yet started are bounded, one large call is always taken", "[pool][mcp]") {
  Capture out;
  mcp::ServerOptions opts;
  opts.max_request_bytes_in_flight = 10000;
  mcp::Server server(opts, out.sink());
  std::mutex m;
  std::condition_variable cv;
  bool go = false;
  server.add_tool({json{{"name", "hold"}, {"description", "holds"}, {"inputSchema", {{"type", "object"}}}},
                   [&](const json&, mcp::CallContext&) -> mcp::ToolStep {
                     std::unique_lock lock(m);
                     cv.wait(lock, [&] { return go; });
                     return mcp::ToolResult{};
                   }});
  const std::string big(20000, 'x');  // larger than the whole budget
  server.handle_line(req(1, "tools/call", json{{"name", "hold"}, {"arguments", {{"data", big}}}}));
  server.handle_line(req(2, "tools/call", json{{"name", "hold"}, {"arguments", {{"data", "small"}}}}));
  json refused = out.response(2);
  CHECK(refused["error"]["message"].get<std::string>().find("server busy") != std::string::npos);
  {
    std::lock_guard lock(m);
    go = true;
  }
  cv.notify_all();
  CHECK(out.response(1).contains("result"));
  for (auto deadline = Clock::now() + 10s; server.calls_in_flight() > 0 && Clock::now() < deadline;)
    std::this_thread::yield();
  server.handle_line(req(3, "tools/call", json{{"name", "hold"}, {"arguments", {{"data", "small"}}}}));
  CHECK(out.response(3).contains("result"));
}

TEST_CASE("the README's concurrency figures are the server's defaults", "[pool][readme][docs]") {
  std::ifstream in(README_PATH);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  std::string readme = text.str();
  for (char& c : readme)
    if (c == '\n') c = ' ';
  std::smatch m;
  const mcp::ServerOptions defaults;
  REQUIRE(std::regex_search(readme, m, std::regex(R"(at most (\d+) worker threads)")));
  CHECK(std::stoul(m[1]) == defaults.worker_threads);
  REQUIRE(std::regex_search(readme, m, std::regex(R"(Up to\s+([\d,]+) requests can be in flight)")));
  std::string n = m[1];
  n.erase(std::remove(n.begin(), n.end(), ','), n.end());
  CHECK(std::stoul(n) == defaults.max_concurrent_calls);
  REQUIRE(std::regex_search(readme, m, std::regex(R"(past (\d+) MiB of memory for the arguments)")));
  CHECK(std::stoul(m[1]) << 20 == defaults.max_request_bytes_in_flight);
}
