// The tasks extension of 2026-07-28 ("io.modelcontextprotocol/tasks") in the protocol layer: a
// modern client that declares it gets a task for a tool that may run as one, follows it with
// tasks/get (the outcome inline), and may cancel it; other clients and tools are unaffected.
#include <catch2/catch.hpp>

#include "mcp/request_era.h"
#include "mcp/server.h"
#include "mcp_capture.h"

using mcp::json;
using mcp_test::Capture;
using mcp_test::req;
using namespace std::chrono_literals;

namespace {

json modern_meta(bool tasks) {
  json caps = json::object();
  if (tasks) caps["extensions"] = {{mcp::kTasksExtension, json::object()}};
  return json{
      {mcp::kProtocolVersionMeta, "2026-07-28"}, {mcp::kClientCapabilitiesMeta, caps}, {mcp::kLogLevelMeta, "debug"}};
}

json call(const std::string& tool, bool tasks, json arguments = json::object()) {
  json meta = modern_meta(tasks);
  meta["progressToken"] = "p";
  return json{{"name", tool}, {"arguments", std::move(arguments)}, {"_meta", meta}};
}

json task_request(const std::string& task_id) { return json{{"taskId", task_id}, {"_meta", modern_meta(true)}}; }

// Reports progress and a log, raises `started`, waits for the test to open `gate`, then echoes
// its arguments.
mcp::Tool gated(const std::string& name, const std::shared_ptr<mcp::CancellationFlag>& gate,
                const std::shared_ptr<mcp::CancellationFlag>& started, const char* support) {
  json d{{"name", name}, {"description", name}, {"inputSchema", {{"type", "object"}}}};
  if (support) d["execution"] = {{"taskSupport", support}};
  return {d, [gate, started](const json& args, mcp::CallContext& ctx) {
            ctx.progress(1, 2, "waiting");
            ctx.log(mcp::LogLevel::error, "gated", "a log line");
            started->cancel();
            while (!gate->wait_for(5ms) && !ctx.cancelled()) {
            }
            if (args.value("fail", false)) return mcp::ToolResult::error("quota exhausted");
            if (args.value("throw", false)) throw std::runtime_error("kaput");
            mcp::ToolResult r;
            r.content.push_back(json{{"type", "text"}, {"text", ctx.cancelled() ? "video 42 started" : "done"}});
            r.structured = args;
            return r;
          }};
}

struct Fixture {
  Capture out;
  std::shared_ptr<mcp::CancellationFlag> gate = std::make_shared<mcp::CancellationFlag>();
  std::shared_ptr<mcp::CancellationFlag> started = std::make_shared<mcp::CancellationFlag>();
  mcp::Server server{mcp::ServerOptions{}, out.sink()};
  Fixture() {
    server.add_tool(gated("long", gate, started, "optional"));
    server.add_tool(gated("quick", gate, started, nullptr));
  }
  json created(const json& id, json params) {
    server.handle_line(req(id, "tools/call", std::move(params)));
    return out.response(id)["result"];
  }
  json get(const json& id, const std::string& task_id) {
    server.handle_line(req(id, "tasks/get", task_request(task_id)));
    return out.response(id);
  }
  // Every call ends: shutdown waits for their work, and tasks/get is still answered after it.
  void settle() {
    gate->cancel();
    REQUIRE(server.shutdown(5s, 5s));
  }
};

}  // namespace

TEST_CASE("server/discover declares the tasks extension", "[mcp][modern][tasks]") {
  Fixture f;
  f.server.handle_line(req(1, "server/discover", json{{"_meta", modern_meta(false)}}));
  json caps = f.out.response(1)["result"]["capabilities"];
  CHECK(caps["extensions"][mcp::kTasksExtension] == json::object());
}

TEST_CASE("a tool that may run as a task becomes one for a client that declared the extension",
          "[mcp][modern][tasks]") {
  Fixture f;
  json task = f.created(1, call("long", true, {{"x", 7}}));
  CHECK(task["resultType"] == "task");
  CHECK(task["status"] == "working");
  CHECK(task["ttlMs"].get<long long>() > 0);
  CHECK(task["pollIntervalMs"].get<long long>() > 0);
  CHECK(task["_meta"].contains(mcp::kServerInfoMeta));
  const std::string id = task["taskId"].get<std::string>();
  CHECK(id.size() == 32);

  REQUIRE(f.started->wait_for(5s));
  json working = f.get(2, id)["result"];
  CHECK(working["resultType"] == "complete");
  CHECK(working["status"] == "working");
  CHECK(working["statusMessage"] == "waiting");  // the work's progress, where no notification may go
  CHECK(working["lastUpdatedAt"] >= working["createdAt"]);
  CHECK_FALSE(working.contains("result"));

  f.settle();
  json done = f.get(3, id)["result"];
  CHECK(done["status"] == "completed");
  CHECK(done["result"]["resultType"] == "complete");
  CHECK(done["result"]["structuredContent"]["x"] == 7);
  // The request ended with the task's handle: nothing may be sent for it afterwards.
  CHECK(f.out.all([](const json& m) { return m.contains("method"); }).empty());
}

TEST_CASE("without the extension, or for a tool that may not run as a task, the call answers itself",
          "[mcp][modern][tasks]") {
  Fixture f;
  f.gate->cancel();
  json plain = f.created(1, call("long", false));
  CHECK(plain["resultType"] == "complete");
  CHECK(plain["content"][0]["text"] == "done");
  json quick = f.created(2, call("quick", true));
  CHECK(quick["resultType"] == "complete");
  // Those requests were in flight: their progress and the log they asked for went out.
  CHECK(f.out.all([](const json& m) { return mcp_test::is_notification(m, "notifications/progress"); }).size() == 2);
  CHECK(f.out.all([](const json& m) { return mcp_test::is_notification(m, "notifications/message"); }).size() == 2);
}

TEST_CASE("a tool error completes the task with the readable result, and a crash fails it with the error",
          "[mcp][modern][tasks]") {
  Fixture f;
  const std::string failing = f.created(1, call("long", true, {{"fail", true}}))["taskId"].get<std::string>();
  const std::string crashing = f.created(2, call("long", true, {{"throw", true}}))["taskId"].get<std::string>();
  f.settle();
  json tool_error = f.get(3, failing)["result"];
  CHECK(tool_error["status"] == "completed");
  CHECK(tool_error["result"]["isError"] == true);
  CHECK(tool_error["result"]["content"][0]["text"] == "quota exhausted");
  json crash = f.get(4, crashing)["result"];
  CHECK(crash["status"] == "failed");
  CHECK(crash["error"]["code"] == -32603);
  CHECK_FALSE(crash.contains("result"));
}

TEST_CASE(
    "tasks/cancel stops the work and keeps what it left, is acknowledged again once ended, and unknown tasks and "
    "tasks/update are -32602",
    "[mcp][modern][tasks]") {
  Fixture f;
  const std::string id = f.created(1, call("long", true))["taskId"].get<std::string>();
  REQUIRE(f.started->wait_for(5s));  // running: cancelled before that, it would never run
  f.server.handle_line(req(2, "tasks/cancel", task_request(id)));
  json cancelled = f.out.response(2)["result"];
  CHECK(cancelled["resultType"] == "complete");
  REQUIRE(f.server.shutdown(5s, 5s));  // the work saw the cancellation and ended
  json task = f.get(3, id)["result"];
  CHECK(task["status"] == "cancelled");
  CHECK_FALSE(task.contains("result"));
  CHECK(task["statusMessage"] == "video 42 started");  // what the work gave after the cancel

  // Cancelling a task that has ended is acknowledged the same way (SEP-2663: -32602 is for
  // unknown tasks only), and changes nothing.
  f.server.handle_line(req(4, "tasks/cancel", task_request(id)));
  CHECK(f.out.response(4)["result"]["resultType"] == "complete");
  CHECK(f.get(40, id)["result"]["status"] == "cancelled");
  f.server.handle_line(req(5, "tasks/update", task_request(id)));
  CHECK(f.out.response(5)["error"]["code"] == -32602);
  CHECK(f.get(6, "0123456789abcdef0123456789abcdef")["error"]["code"] == -32602);
  f.server.handle_line(req(7, "tasks/cancel", task_request("0123456789abcdef0123456789abcdef")));
  CHECK(f.out.response(7)["error"]["code"] == -32602);
}

TEST_CASE("the extension's methods need the extension declared in the request: -32021 naming it",
          "[mcp][modern][tasks]") {
  Fixture f;
  const std::string id = f.created(1, call("long", true))["taskId"].get<std::string>();
  int n = 10;
  for (const char* method : {"tasks/get", "tasks/cancel", "tasks/update"}) {
    json params{{"taskId", id}, {"inputResponses", json::object()}, {"_meta", modern_meta(false)}};
    f.server.handle_line(req(n, method, params));
    json e = f.out.response(n++)["error"];
    CHECK(e["code"] == -32021);
    CHECK(e["data"]["requiredCapabilities"] == json{{"extensions", {{mcp::kTasksExtension, json::object()}}}});
  }
  CHECK(f.get(20, id)["result"]["status"] == "working");  // the refused cancel changed nothing
  f.settle();
}

TEST_CASE("modern tasks are not a legacy session's, and core tasks/list is not in 2026-07-28", "[mcp][modern][tasks]") {
  Fixture f;
  f.created(1, call("long", true));
  f.server.handle_line(req(2, "initialize", json{{"protocolVersion", "2025-11-25"}, {"capabilities", json::object()}}));
  f.out.response(2);
  f.server.handle_line(req(3, "tasks/list"));
  CHECK(f.out.response(3)["result"]["tasks"].empty());
  f.server.handle_line(req(4, "tasks/list", json{{"_meta", modern_meta(true)}}));
  CHECK(f.out.response(4)["error"]["code"] == -32601);
  f.settle();
}
