// What becomes of requests the server cannot finish normally: a call cancelled before a worker
// started it does nothing at all, and a call stuck past shutdown's hard limit is answered for.
#include <catch2/catch.hpp>

#include <atomic>

#include "mcp/request_era.h"
#include "mcp/server.h"
#include "mcp_capture.h"

using mcp::json;
using mcp_test::Capture;
using mcp_test::req;
using namespace std::chrono_literals;

namespace {

// Holds its worker until the test opens `gate`, whatever cancellations say (a blocking network
// call does not look at them either); counts its runs and raises `started` when one begins.
mcp::Tool blocking_tool(
    const std::string& name, const std::shared_ptr<mcp::CancellationFlag>& gate, std::atomic<int>& runs,
    const std::shared_ptr<mcp::CancellationFlag>& started = std::make_shared<mcp::CancellationFlag>()) {
  return {json{{"name", name},
               {"description", name},
               {"inputSchema", {{"type", "object"}}},
               {"execution", {{"taskSupport", "optional"}}}},
          [gate, started, &runs](const json&, mcp::CallContext&) {
            ++runs;
            started->cancel();
            gate->wait_for(10s);
            return mcp::ToolResult::error("finished late");
          }};
}

json cancelled(const json& id) {
  return json{{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", id}}}};
}

// A server with one worker thread and two blocking tools: while "first" runs, a call of
// "second" waits in the queue.
struct OneWorker {
  Capture out;
  std::shared_ptr<mcp::CancellationFlag> gate = std::make_shared<mcp::CancellationFlag>();
  std::atomic<int> first_runs{0}, second_runs{0};
  mcp::Server server{one_worker(), out.sink()};  // last: its tools use the members above
  OneWorker() {
    server.add_tool(blocking_tool("first", gate, first_runs));
    server.add_tool(blocking_tool("second", gate, second_runs));
  }
  static mcp::ServerOptions one_worker() {
    mcp::ServerOptions options;
    options.worker_threads = 1;
    return options;
  }
};

}  // namespace

TEST_CASE("a call cancelled while it waits for a worker never runs and is not answered", "[mcp][cancel]") {
  OneWorker w;
  auto& [out, gate, first_runs, second_runs, server] = w;

  server.handle_line(req(1, "tools/call", json{{"name", "first"}}));
  server.handle_line(req(2, "tools/call", json{{"name", "second"}}));  // queued behind the first
  server.handle_line(cancelled(2).dump());
  gate->cancel();
  REQUIRE(server.shutdown(5s, 5s));
  CHECK(first_runs == 1);
  CHECK(second_runs == 0);  // a job would have been paid for after the cancel was acknowledged
  CHECK(out.all([](const json& m) { return m.value("id", json()) == 2; }).empty());
}

TEST_CASE("a task cancelled before a worker started it ends cancelled without running", "[mcp][cancel][tasks]") {
  OneWorker w;
  auto& [out, gate, first_runs, second_runs, server] = w;
  json meta{{mcp::kProtocolVersionMeta, "2026-07-28"},
            {mcp::kClientCapabilitiesMeta, {{"extensions", {{mcp::kTasksExtension, json::object()}}}}}};

  server.handle_line(req(1, "tools/call", json{{"name", "first"}, {"_meta", meta}}));
  server.handle_line(req(2, "tools/call", json{{"name", "second"}, {"_meta", meta}}));
  const std::string task = out.response(2)["result"]["taskId"].get<std::string>();
  server.handle_line(req(3, "tasks/cancel", json{{"taskId", task}, {"_meta", meta}}));
  CHECK(out.response(3)["result"]["resultType"] == "complete");
  gate->cancel();
  REQUIRE(server.shutdown(5s, 5s));
  CHECK(second_runs == 0);
  server.handle_line(req(4, "tasks/get", json{{"taskId", task}, {"_meta", meta}}));
  json shown = out.response(4)["result"];
  CHECK(shown["status"] == "cancelled");
  CHECK(shown["statusMessage"] == "Cancelled before it started: nothing was done.");
}

TEST_CASE("a call stuck past shutdown's hard limit is answered once, with the note, and its late answer dropped",
          "[mcp][shutdown]") {
  Capture out;
  mcp::ServerOptions options;
  options.unfinished_note = "Look for it in list_jobs";
  mcp::Server server(options, out.sink());
  auto gate = std::make_shared<mcp::CancellationFlag>();
  auto started = std::make_shared<mcp::CancellationFlag>();
  std::atomic<int> runs{0};
  server.add_tool(blocking_tool("stuck", gate, runs, started));

  server.handle_line(req("s", "tools/call", json{{"name", "stuck"}}));
  REQUIRE(started->wait_for(5s));
  CHECK_FALSE(server.shutdown(0ms, 50ms));
  json answer = out.response("s");
  CHECK(answer["error"]["code"] == -32603);
  CHECK(answer["error"]["message"] == "the server stopped before this request finished. Look for it in list_jobs");
  gate->cancel();
  REQUIRE(server.shutdown(0ms, 5s));  // the tool returned; its answer must not follow
  CHECK(out.all([](const json& m) { return m.value("id", json()) == "s"; }).size() == 1);
}
