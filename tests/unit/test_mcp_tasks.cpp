// MCP Tasks (2025-11-25) in the protocol layer: task-augmented tools/call and tasks/*.
#include <catch2/catch.hpp>

#include <atomic>
#include <regex>
#include <set>

#include "mcp/server.h"
#include "mcp/task_registry.h"
#include "mcp_capture.h"

using mcp::json;
using mcp_test::Capture;
using mcp_test::is_notification;
using mcp_test::req;
using namespace std::chrono_literals;

namespace {

json with_task_support(json descriptor, const std::string& support) {
  descriptor["execution"] = {{"taskSupport", support}};
  return descriptor;
}

json descriptor(const std::string& name) {
  return json{{"name", name}, {"description", name}, {"inputSchema", {{"type", "object"}}}};
}

// Waits for the test to open `gate`, reporting progress first; echoes its arguments.
mcp::Tool gated_tool(const std::shared_ptr<mcp::CancellationFlag>& gate, const std::string& support = "optional") {
  return {with_task_support(descriptor("gated"), support), [gate](const json& args, mcp::CallContext& ctx) {
            ctx.progress(1, 2, "waiting for the gate");
            ctx.log(mcp::LogLevel::error, "gated", ctx.task_id() ? "as a task" : "plain");
            // Opened by the test; the cancellation check only keeps a failed test from hanging.
            while (!gate->wait_for(5ms) && !ctx.cancelled()) {
            }
            mcp::ToolResult r;
            r.content.push_back(json{{"type", "text"}, {"text", args.dump()}});
            r.structured = args;
            return r;
          }};
}

// Sleeps (cancellably) for args.ms, then reports whether it was cancelled; raises `started` first.
mcp::Tool sleeper_tool(std::atomic<int>& finished, const std::shared_ptr<mcp::CancellationFlag>& started =
                                                       std::make_shared<mcp::CancellationFlag>()) {
  return {with_task_support(descriptor("sleeper"), "optional"),
          [&finished, started](const json& args, mcp::CallContext& ctx) {
            started->cancel();
            bool completed = ctx.sleep_for(std::chrono::milliseconds(args.value("ms", 60000)));
            ++finished;
            return completed ? mcp::ToolResult{} : mcp::ToolResult::error("interrupted");
          }};
}

mcp::Tool failing_tool() {
  return {with_task_support(descriptor("failing"), "optional"),
          [](const json&, mcp::CallContext&) { return mcp::ToolResult::error("quota exhausted"); }};
}

mcp::Tool throwing_tool() {
  return {with_task_support(descriptor("throwing"), "optional"),
          [](const json&, mcp::CallContext&) -> mcp::ToolResult { throw std::runtime_error("kaput"); }};
}

mcp::Tool plain_tool(const std::string& name, const std::string& support) {
  return {with_task_support(descriptor(name), support), [](const json&, mcp::CallContext& ctx) {
            mcp::ToolResult r;
            r.content.push_back(json{{"type", "text"}, {"text", ctx.task_id() ? "task" : "plain"}});
            return r;
          }};
}

// A server whose client negotiated `version`.
struct Session {
  Capture out;
  mcp::Server server;
  explicit Session(const std::string& version = "2025-11-25", mcp::ServerOptions options = {})
      : server(std::move(options), out.sink()) {
    server.handle_line(req("init", "initialize", json{{"protocolVersion", version}}));
    init = out.response("init")["result"];
  }
  json init;
  int next_id = 0;

  json request(const std::string& method, json params = json::object()) {
    json id = "r" + std::to_string(++next_id);
    server.handle_line(req(id, method, std::move(params)));
    return out.response(id);
  }
  json create_task(const std::string& tool, json args = json::object(), json task = json::object()) {
    json r = request("tools/call", json{{"name", tool}, {"arguments", std::move(args)}, {"task", std::move(task)}});
    REQUIRE(r.contains("result"));
    REQUIRE(r["result"].contains("task"));
    return r["result"]["task"];
  }
  json status_notification(const json& task_id, const std::string& status) {
    return out.wait_for([&](const json& m) {
      return is_notification(m, "notifications/tasks/status") && m["params"]["taskId"] == task_id &&
             m["params"]["status"] == status;
    });
  }
};

}  // namespace

TEST_CASE("the tasks capability and tool execution are shown to 2025-11-25 clients only", "[mcp][tasks]") {
  auto gate = std::make_shared<mcp::CancellationFlag>();
  for (std::string version : {"2025-11-25", "2025-06-18", "2025-03-26"}) {
    Session s(version);
    s.server.add_tool(gated_tool(gate));
    bool latest = version == "2025-11-25";
    CHECK(s.init["capabilities"].contains("tasks") == latest);
    if (latest) {
      CHECK(s.init["capabilities"]["tasks"]["requests"]["tools"]["call"] == json::object());
      CHECK(s.init["capabilities"]["tasks"]["cancel"] == json::object());
      CHECK(s.init["capabilities"]["tasks"]["list"] == json::object());
    }
    json tool = s.request("tools/list")["result"]["tools"][0];
    CHECK(tool.contains("execution") == latest);
    json list = s.request("tasks/list");
    if (latest)
      CHECK(list["result"]["tasks"] == json::array());
    else
      CHECK(list["error"]["code"] == -32601);
  }
}

TEST_CASE("a task-augmented call answers {task} at once, then goes working → completed", "[mcp][tasks]") {
  auto gate = std::make_shared<mcp::CancellationFlag>();
  Session s;
  s.server.add_tool(gated_tool(gate));
  s.request("logging/setLevel", {{"level", "debug"}});
  json args{{"a", 1}};
  json r = s.request(
      "tools/call",
      json{{"name", "gated"}, {"arguments", args}, {"task", {{"ttl", 60000}}}, {"_meta", {{"progressToken", "tok"}}}});
  json task = r["result"]["task"];
  const std::string task_id = task["taskId"].get<std::string>();
  CHECK(task["status"] == "working");
  CHECK(task["ttl"] == 60000);
  CHECK(task["pollInterval"] == 2000);
  std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  CHECK(std::regex_match(task["createdAt"].get<std::string>(), iso));
  CHECK(std::regex_match(task["lastUpdatedAt"].get<std::string>(), iso));

  CHECK(s.request("tasks/get", {{"taskId", task_id}})["result"]["status"] == "working");  // the gate is shut
  // The handler's messages carry the request's progressToken and the task's related-task _meta.
  json progress = s.out.wait_for([](const json& m) { return is_notification(m, "notifications/progress"); });
  CHECK(progress["params"]["progressToken"] == "tok");
  CHECK(progress["params"]["_meta"][mcp::kRelatedTaskMetaKey]["taskId"] == task_id);
  json log = s.out.wait_for([](const json& m) { return is_notification(m, "notifications/message"); });
  CHECK(log["params"]["data"] == "as a task");
  CHECK(log["params"]["_meta"][mcp::kRelatedTaskMetaKey]["taskId"] == task_id);

  gate->cancel();  // opens the gate
  json done = s.status_notification(task_id, "completed");
  CHECK_FALSE(done["params"].contains("_meta"));  // the taskId is already in the params
  json got = s.request("tasks/get", {{"taskId", task_id}})["result"];
  CHECK(got["status"] == "completed");
  CHECK(got["createdAt"] == task["createdAt"]);

  json via_task = s.request("tasks/result", {{"taskId", task_id}})["result"];
  CHECK(via_task["_meta"][mcp::kRelatedTaskMetaKey]["taskId"] == task_id);
  json plain = s.request("tools/call", json{{"name", "gated"}, {"arguments", args}})["result"];
  CHECK(plain["structuredContent"] == via_task["structuredContent"]);
  CHECK(plain["content"] == via_task["content"]);
  CHECK_FALSE(plain.contains("_meta"));
  CHECK(s.out.all([](const json& m) { return is_notification(m, "notifications/tasks/status"); }).size() == 1);
}

TEST_CASE("an isError result fails the task, a throwing handler fails it with the JSON-RPC error", "[mcp][tasks]") {
  Session s;
  s.server.add_tool(failing_tool());
  s.server.add_tool(throwing_tool());
  json failing = s.create_task("failing");
  json n = s.status_notification(failing["taskId"], "failed");
  CHECK(n["params"]["statusMessage"] == "quota exhausted");
  json result = s.request("tasks/result", {{"taskId", failing["taskId"]}})["result"];
  CHECK(result["isError"] == true);
  CHECK(result["content"][0]["text"] == "quota exhausted");

  json throwing = s.create_task("throwing");
  s.status_notification(throwing["taskId"], "failed");
  json r = s.request("tasks/result", {{"taskId", throwing["taskId"]}});
  CHECK(r["error"]["code"] == -32603);
  CHECK(r["error"]["message"].get<std::string>().find("kaput") == std::string::npos);
}

TEST_CASE("tasks/cancel stops a sleeping handler at once, a terminal task cannot be cancelled", "[mcp][tasks]") {
  std::atomic<int> finished{0};
  auto started = std::make_shared<mcp::CancellationFlag>();
  Session s;
  s.server.add_tool(sleeper_tool(finished, started));
  json task = s.create_task("sleeper", {{"ms", 60000}});
  REQUIRE(started->wait_for(5s));  // sleeping: before that a cancel means it never runs
  auto t0 = std::chrono::steady_clock::now();
  json cancelled = s.request("tasks/cancel", {{"taskId", task["taskId"]}})["result"];
  CHECK(cancelled["status"] == "cancelled");
  CHECK(cancelled["taskId"] == task["taskId"]);
  REQUIRE(s.server.shutdown(0ms, 5s));  // waits for the worker thread to end
  CHECK(std::chrono::steady_clock::now() - t0 < 1s);
  CHECK(finished == 1);
  CHECK(s.request("tasks/get", {{"taskId", task["taskId"]}})["result"]["status"] == "cancelled");
  json again = s.request("tasks/cancel", {{"taskId", task["taskId"]}});
  CHECK(again["error"]["code"] == -32602);
  json result = s.request("tasks/result", {{"taskId", task["taskId"]}})["result"];
  CHECK(result["isError"] == true);
  CHECK(result["_meta"][mcp::kRelatedTaskMetaKey]["taskId"] == task["taskId"]);
}

TEST_CASE("cancelling a completed task gives -32602 and it stays completed", "[mcp][tasks]") {
  Session s;
  s.server.add_tool(plain_tool("quick", "optional"));
  json task = s.create_task("quick");
  s.status_notification(task["taskId"], "completed");
  CHECK(s.request("tasks/cancel", {{"taskId", task["taskId"]}})["error"]["code"] == -32602);
  CHECK(s.request("tasks/get", {{"taskId", task["taskId"]}})["result"]["status"] == "completed");
}

TEST_CASE("ping is answered while a task runs and while tasks/result waits for it", "[mcp][tasks]") {
  auto gate = std::make_shared<mcp::CancellationFlag>();
  Session s;
  s.server.add_tool(gated_tool(gate));
  json task = s.create_task("gated", {{"x", 2}});
  CHECK(s.request("ping")["result"] == json::object());
  s.server.handle_line(req("pending", "tasks/result", {{"taskId", task["taskId"]}}));
  CHECK(s.request("ping")["result"] == json::object());
  CHECK(s.request("tasks/get", {{"taskId", task["taskId"]}})["result"]["status"] == "working");
  CHECK_FALSE(s.out.has_response("pending"));  // still blocked on the running task
  gate->cancel();
  json result = s.out.response("pending")["result"];
  CHECK(result["structuredContent"] == json{{"x", 2}});
  CHECK(result["_meta"][mcp::kRelatedTaskMetaKey]["taskId"] == task["taskId"]);
}

TEST_CASE("tasks/list pages through this session's tasks, ids are 32 hex chars and distinct", "[mcp][tasks]") {
  mcp::ServerOptions options;
  options.tasks.page_size = 2;
  Session s("2025-11-25", options);
  s.server.add_tool(plain_tool("quick", "optional"));
  std::set<std::string> created;
  for (int i = 0; i < 5; ++i) {
    std::string id = s.create_task("quick")["taskId"].get<std::string>();
    CHECK(std::regex_match(id, std::regex("[0-9a-f]{32}")));
    created.insert(id);
  }
  CHECK(created.size() == 5);
  std::set<std::string> listed;
  json cursor;
  int pages = 0;
  for (; pages < 10; ++pages) {
    json r = s.request("tasks/list", cursor.is_null() ? json::object() : json{{"cursor", cursor}})["result"];
    CHECK(r["tasks"].size() <= 2);
    for (const auto& t : r["tasks"]) listed.insert(t["taskId"].get<std::string>());
    if (!r.contains("nextCursor")) break;
    cursor = r["nextCursor"];
  }
  CHECK(pages == 2);  // 2 + 2 + 1
  CHECK(listed == created);
  CHECK(s.request("tasks/list", {{"cursor", "tasks-after:999"}})["error"]["code"] == -32602);
  CHECK(s.request("tasks/list", {{"cursor", "bogus"}})["error"]["code"] == -32602);
}

TEST_CASE("unknown task ids and malformed tasks/* params give -32602", "[mcp][tasks]") {
  Session s;
  const std::string unknown(32, 'a');
  for (std::string method : {"tasks/get", "tasks/result", "tasks/cancel"}) {
    CHECK(s.request(method, {{"taskId", unknown}})["error"]["code"] == -32602);
    CHECK(s.request(method, json::object())["error"]["code"] == -32602);
  }
}

TEST_CASE("task support per tool: forbidden, required, and older clients", "[mcp][tasks]") {
  SECTION("2025-11-25") {
    Session s;
    s.server.add_tool(plain_tool("never", "forbidden"));
    s.server.add_tool(plain_tool("always", "required"));
    json r = s.request("tools/call", {{"name", "never"}, {"task", json::object()}});
    CHECK(r["error"]["code"] == -32601);
    CHECK(s.request("tools/call", {{"name", "always"}})["error"]["code"] == -32601);
    json task = s.create_task("always");
    s.status_notification(task["taskId"], "completed");
    CHECK(s.request("tasks/result", {{"taskId", task["taskId"]}})["result"]["content"][0]["text"] == "task");
    CHECK(s.request("tools/call", {{"name", "never"}, {"task", 5}})["error"]["code"] == -32602);
    CHECK(s.request("tools/call", {{"name", "always"}, {"task", {{"ttl", "soon"}}}})["error"]["code"] == -32602);
  }
  SECTION("2025-06-18 ignores params.task and runs every tool plainly") {
    Session s("2025-06-18");
    s.server.add_tool(plain_tool("always", "required"));
    json r = s.request("tools/call", {{"name", "always"}, {"task", {{"ttl", 1000}}}})["result"];
    CHECK_FALSE(r.contains("task"));
    CHECK(r["content"][0]["text"] == "plain");
    CHECK(s.request("tools/call", {{"name", "always"}})["result"]["content"][0]["text"] == "plain");
  }
}

TEST_CASE("the granted ttl defaults to an hour and is capped at a day", "[mcp][tasks]") {
  Session s;
  s.server.add_tool(plain_tool("quick", "optional"));
  CHECK(s.create_task("quick")["ttl"] == 3600000);
  CHECK(s.create_task("quick", json::object(), {{"ttl", 10.0 * 86400000}})["ttl"] == 86400000);
}

TEST_CASE("shutdown cancels running tasks after the grace period and answers waiting tasks/result", "[mcp][tasks]") {
  std::atomic<int> finished{0};
  Session s;
  s.server.add_tool(sleeper_tool(finished));
  json task = s.create_task("sleeper", {{"ms", 60000}});
  s.server.handle_line(req("waiting", "tasks/result", {{"taskId", task["taskId"]}}));
  CHECK(s.server.calls_in_flight() == 2);  // the task, and the tasks/result waiting for it
  REQUIRE(s.server.shutdown(10ms, 5s));
  CHECK(finished == 1);
  s.status_notification(task["taskId"], "cancelled");
  CHECK(s.out.response("waiting")["result"]["isError"] == true);
}

TEST_CASE("TaskRegistry forgets a task once its ttl has passed", "[mcp][tasks]") {
  auto now = mcp::TaskRegistry::SteadyClock::now();
  std::vector<json> statuses;
  mcp::TaskRegistry registry(
      {}, [&](const json& t) { statuses.push_back(t); }, [&] { return now; });
  auto flag = std::make_shared<mcp::CancellationFlag>();
  json task = registry.create(std::chrono::milliseconds(5000), flag);
  const std::string id = task["taskId"].get<std::string>();
  CHECK(task["ttl"] == 5000);
  json outcome;
  registry.when_terminal(id, [&](const json& o) { outcome = o; });
  now += std::chrono::milliseconds(4999);
  CHECK(registry.get(id)["status"] == "working");
  CHECK(outcome.is_null());
  now += std::chrono::milliseconds(2);
  CHECK_THROWS_AS(registry.get(id), mcp::RpcError);
  CHECK(flag->is_cancelled());  // the work of an expired task stops
  CHECK(outcome["error"]["code"] == -32602);
  CHECK(registry.size() == 0);
  registry.finish(id, mcp::TaskStatus::completed, "", json{{"result", json::object()}});  // ignored
  CHECK(statuses.empty());
  CHECK(registry.list(json())["tasks"].empty());
}
