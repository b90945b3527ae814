// The modern era (2026-07-28) through a real mcp::Server: requests that name the version in
// their _meta are served without initialize, beside a legacy session on the same pipe.
#include <catch2/catch.hpp>

#include "mcp/request_era.h"
#include "mcp_capture.h"

using mcp::json;
using mcp_test::Capture;
using mcp_test::req;

namespace {

json modern_meta() {
  return json{{mcp::kProtocolVersionMeta, "2026-07-28"}, {mcp::kClientCapabilitiesMeta, json::object()}};
}

mcp::Tool titled_tool() {
  mcp::Tool t;
  t.descriptor = {{"name", "echo"},
                  {"title", "Echo"},
                  {"description", "echoes"},
                  {"inputSchema", {{"type", "object"}}},
                  {"execution", {{"taskSupport", "optional"}}}};
  t.handler = [](const json&, mcp::CallContext&) { return mcp::ToolResult::error("not called here"); };
  return t;
}

}  // namespace

TEST_CASE("server/discover answers a modern client with versions, capabilities and server info", "[mcp][modern]") {
  Capture out;
  mcp::ServerOptions opts;
  opts.name = "srv";
  opts.version = "9.9";
  mcp::Server server(opts, out.sink());
  server.handle_line(req(1, "server/discover", json{{"_meta", modern_meta()}}));
  json r = out.response(1)["result"];
  CHECK(r["resultType"] == "complete");
  CHECK(r["supportedVersions"] == json::array({"2026-07-28"}));
  CHECK(r["capabilities"].contains("tools"));
  CHECK(r["ttlMs"].get<long long>() >= 0);
  CHECK(r["cacheScope"] == "public");
  CHECK(r["_meta"][mcp::kServerInfoMeta]["name"] == "srv");

  // Without _meta it is no request of any era; with an unknown version, -32022 lists ours.
  server.handle_line(req(2, "server/discover"));
  CHECK(out.response(2)["error"]["code"] == -32602);
  json old = modern_meta();
  old[mcp::kProtocolVersionMeta] = "2030-01-01";
  server.handle_line(req(3, "server/discover", json{{"_meta", old}}));
  json e = out.response(3)["error"];
  CHECK(e["code"] == -32022);
  CHECK(e["data"]["supported"] == json::array({"2026-07-28"}));
  CHECK(e["data"]["requested"] == "2030-01-01");
}

TEST_CASE("a modern tools/list is cacheable and has no core-tasks field, and a legacy session is untouched",
          "[mcp][modern]") {
  Capture out;
  mcp::Server server(mcp::ServerOptions{}, out.sink());
  server.add_tool(titled_tool());

  server.handle_line(req(1, "tools/list", json{{"_meta", modern_meta()}}));
  json modern = out.response(1)["result"];
  CHECK(modern["resultType"] == "complete");
  CHECK(modern["cacheScope"] == "public");
  CHECK(modern["tools"][0]["title"] == "Echo");
  CHECK_FALSE(modern["tools"][0].contains("execution"));  // core tasks are not in 2026-07-28

  server.handle_line(req(2, "initialize", json{{"protocolVersion", "2025-11-25"}, {"capabilities", json::object()}}));
  CHECK(out.response(2)["result"]["protocolVersion"] == "2025-11-25");
  server.handle_line(req(3, "tools/list"));
  json legacy = out.response(3)["result"];
  CHECK_FALSE(legacy.contains("resultType"));
  CHECK(legacy["tools"][0].contains("execution"));

  // Methods the modern era removed, or not served in it yet, are -32601 there, never legacy answers.
  server.handle_line(req(4, "ping", json{{"_meta", modern_meta()}}));
  CHECK(out.response(4)["error"]["code"] == -32601);
}

TEST_CASE("initialize never negotiates the modern version", "[mcp][modern]") {
  Capture out;
  mcp::Server server(mcp::ServerOptions{}, out.sink());
  server.handle_line(req(1, "initialize", json{{"protocolVersion", "2026-07-28"}, {"capabilities", json::object()}}));
  CHECK(out.response(1)["result"]["protocolVersion"] == "2025-11-25");
}

TEST_CASE("a modern tools/call answers with resultType, and logs only at the level the request asked for",
          "[mcp][modern]") {
  Capture out;
  mcp::Server server(mcp::ServerOptions{}, out.sink());
  server.add_tool({json{{"name", "say"}, {"description", "logs, then echoes"}, {"inputSchema", {{"type", "object"}}}},
                   [](const json& args, mcp::CallContext& ctx) {
                     ctx.log(mcp::LogLevel::info, "say", "info line");
                     ctx.log(mcp::LogLevel::error, "say", "error line");
                     mcp::ToolResult r;
                     r.content.push_back(json{{"type", "text"}, {"text", "said"}});
                     r.structured = args;
                     return r;
                   }});

  json quiet = json{{"name", "say"}, {"arguments", {{"x", 1}}}, {"_meta", modern_meta()}};
  server.handle_line(req(1, "tools/call", quiet));
  json r = out.response(1)["result"];
  CHECK(r["resultType"] == "complete");
  CHECK(r["structuredContent"]["x"] == 1);
  CHECK(r["_meta"].contains(mcp::kServerInfoMeta));
  CHECK_FALSE(r.contains("ttlMs"));  // a call is not cacheable
  CHECK(out.all([](const json& m) { return mcp_test::is_notification(m, "notifications/message"); }).empty());

  json meta = modern_meta();
  meta[mcp::kLogLevelMeta] = "warning";
  server.handle_line(req(2, "tools/call", json{{"name", "say"}, {"arguments", json::object()}, {"_meta", meta}}));
  out.response(2);
  auto logs = out.all([](const json& m) { return mcp_test::is_notification(m, "notifications/message"); });
  REQUIRE(logs.size() == 1);  // error passes "warning", info does not
  CHECK(logs[0]["params"]["data"] == "error line");

  server.handle_line(req(3, "tools/call", json{{"name", "nope"}, {"_meta", modern_meta()}}));
  CHECK(out.response(3)["error"]["code"] == -32602);
}

namespace {

// One job resource; reading it counts the reads.
mcp::ResourceProvider one_resource() {
  mcp::ResourceProvider p;
  p.list = [](const std::optional<std::string>&) {
    return json{{"resources", {{{"uri", "pixverse://jobs/1"}, {"name", "job 1"}}}}};
  };
  p.read = [](const std::string& uri) -> std::optional<json> {
    if (uri != "pixverse://jobs/1") return std::nullopt;
    return json{{"contents", {{{"uri", uri}, {"mimeType", "application/json"}, {"text", "{}"}}}}};
  };
  p.templates = json::array({{{"uriTemplate", "pixverse://jobs/{video_id}"}, {"name", "jobs"}}});
  return p;
}

json with_meta(json params, json meta = modern_meta()) {
  params["_meta"] = std::move(meta);
  return params;
}

}  // namespace

TEST_CASE("modern resources are cacheable results, private when they are the user's, and an unknown one is -32602",
          "[mcp][modern]") {
  Capture out;
  mcp::Server server(mcp::ServerOptions{}, out.sink());
  server.set_resource_provider(one_resource());

  server.handle_line(req(1, "resources/list", with_meta(json::object())));
  json list = out.response(1)["result"];
  CHECK(list["resultType"] == "complete");
  CHECK(list["resources"][0]["uri"] == "pixverse://jobs/1");
  CHECK(list["ttlMs"] == 0);  // jobs change as they run
  CHECK(list["cacheScope"] == "private");

  server.handle_line(req(2, "resources/read", with_meta(json{{"uri", "pixverse://jobs/1"}})));
  json read = out.response(2)["result"];
  CHECK(read["contents"][0]["text"] == "{}");
  CHECK(read["cacheScope"] == "private");
  CHECK(read["_meta"].contains(mcp::kServerInfoMeta));

  server.handle_line(req(3, "resources/templates/list", with_meta(json::object())));
  json templates = out.response(3)["result"];
  CHECK(templates["resourceTemplates"][0]["name"] == "jobs");
  CHECK(templates["cacheScope"] == "public");

  // The same unknown resource: -32002 for a legacy session, -32602 in 2026-07-28 (sep-2164).
  server.handle_line(req(4, "resources/read", with_meta(json{{"uri", "pixverse://jobs/2"}})));
  json modern = out.response(4)["error"];
  CHECK(modern["code"] == -32602);
  CHECK(modern["data"]["uri"] == "pixverse://jobs/2");
  server.handle_line(req(5, "initialize", json{{"protocolVersion", "2025-11-25"}, {"capabilities", json::object()}}));
  out.response(5);
  server.handle_line(req(6, "resources/read", json{{"uri", "pixverse://jobs/2"}}));
  CHECK(out.response(6)["error"]["code"] == -32002);
}

TEST_CASE("methods the modern era removed are -32601 in it, whatever a legacy session on the pipe negotiated",
          "[mcp][modern]") {
  Capture out;
  mcp::Server server(mcp::ServerOptions{}, out.sink());
  server.set_resource_provider(one_resource());
  server.handle_line(req(1, "initialize", json{{"protocolVersion", "2025-11-25"}, {"capabilities", json::object()}}));
  out.response(1);
  int id = 10;
  for (const char* method :
       {"ping", "logging/setLevel", "initialize", "resources/subscribe", "tasks/list", "tasks/result"}) {
    server.handle_line(req(id, method, with_meta(json{{"level", "info"}, {"uri", "pixverse://jobs/1"}})));
    json e = out.response(id)["error"];
    CHECK(e["code"] == -32601);
    CHECK(e["message"].get<std::string>().find(method) != std::string::npos);
    ++id;
  }
  // The legacy session still has them.
  server.handle_line(req(20, "ping"));
  CHECK(out.response(20)["result"] == json::object());
  server.handle_line(req(21, "tasks/list"));
  CHECK(out.response(21).contains("result"));
}

TEST_CASE("a modern call gets progress for its own token and stops on notifications/cancelled", "[mcp][modern]") {
  Capture out;
  mcp::Server server(mcp::ServerOptions{}, out.sink());
  server.add_tool({json{{"name", "slow"}, {"description", "slow"}, {"inputSchema", {{"type", "object"}}}},
                   [](const json&, mcp::CallContext& ctx) {
                     for (int i = 1; i <= 1000; ++i) {
                       ctx.progress(i, 1000, "step");
                       if (!ctx.sleep_for(std::chrono::milliseconds(10))) break;
                     }
                     return mcp::ToolResult::error(ctx.cancelled() ? "cancelled" : "done");
                   }});
  json meta = modern_meta();
  meta["progressToken"] = "p1";
  server.handle_line(req("call", "tools/call", json{{"name", "slow"}, {"_meta", meta}}));
  json progress = out.wait_for([](const json& m) { return mcp_test::is_notification(m, "notifications/progress"); });
  CHECK(progress["params"]["progressToken"] == "p1");
  CHECK(progress["params"]["message"] == "step");
  server.handle_line(
      json{{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", "call"}}}}.dump());
  REQUIRE(server.shutdown(std::chrono::milliseconds(0), std::chrono::seconds(5)));
  CHECK(out.all([](const json& m) { return m.contains("id") && m["id"] == "call"; }).empty());
}

TEST_CASE("a modern call does not inherit the roots a legacy session on the pipe declared", "[mcp][modern]") {
  Capture out;
  mcp::Server server(mcp::ServerOptions{}, out.sink());
  server.add_tool(
      {json{{"name", "roots"}, {"description", "tells whether roots are known"}, {"inputSchema", {{"type", "object"}}}},
       [](const json&, mcp::CallContext& ctx) {
         return mcp::ToolResult::error(ctx.roots() ? "roots known" : "no roots");
       }});
  server.handle_line(
      req(1, "initialize", json{{"protocolVersion", "2025-11-25"}, {"capabilities", {{"roots", json::object()}}}}));
  out.response(1);
  server.handle_line(req(2, "tools/call", with_meta(json{{"name", "roots"}})));
  CHECK(out.response(2)["result"]["content"][0]["text"] == "no roots");
  // No roots/list went out for it: a modern request gets no server-to-client request.
  CHECK(out.all([](const json& m) { return m.value("method", "") == "roots/list"; }).empty());
}

TEST_CASE("edges of the modern form: batches, notifications, ill-typed tokens and extensions, legacy versions in _meta",
          "[mcp][modern]") {
  Capture out;
  mcp::Server server(mcp::ServerOptions{}, out.sink());
  server.add_tool({json{{"name", "echo"},
                        {"description", "echoes"},
                        {"inputSchema", {{"type", "object"}}},
                        {"execution", {{"taskSupport", "optional"}}}},
                   [](const json&, mcp::CallContext&) { return mcp::ToolResult::error("echoed"); }});
  server.handle_line(
      req(1, "initialize", json{{"protocolVersion", "2025-03-26"}, {"capabilities", {{"roots", json::object()}}}}));
  out.response(1);
  server.handle_line(json{{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}.dump());
  out.wait_for([](const json& m) { return m.value("method", "") == "roots/list"; });  // asked once, at initialized
  const auto roots_requests = [&] {
    return out.all([](const json& m) { return m.is_object() && m.value("method", "") == "roots/list"; }).size();
  };
  const std::size_t asked = roots_requests();

  // 2026-07-28 has no batches: a modern member of a legacy session's batch is refused alone.
  json batch =
      json::array({json::parse(req(2, "tools/list")), json::parse(req(3, "tools/list", with_meta(json::object())))});
  server.handle_line(batch.dump());
  json answers = out.wait_for([](const json& m) { return m.is_array(); });
  REQUIRE(answers.size() == 2);
  for (const json& a : answers) {
    if (a["id"] == 2) CHECK(a.contains("result"));
    if (a["id"] == 3) CHECK(a["error"]["code"] == -32600);
  }

  // A notification in the 2026 form never makes the server ask the client anything.
  server.handle_line(
      json{{"jsonrpc", "2.0"}, {"method", "notifications/roots/list_changed"}, {"params", with_meta(json::object())}}
          .dump());
  server.handle_line(req(4, "tools/list", with_meta(json::object())));  // a request after it, to order the check
  out.response(4);
  CHECK(roots_requests() == asked);

  // progressToken is a string or a number (ProgressToken), in either era.
  json meta = modern_meta();
  meta["progressToken"] = json{{"a", 1}};
  server.handle_line(req(5, "tools/call", json{{"name", "echo"}, {"_meta", meta}}));
  CHECK(out.response(5)["error"]["code"] == -32602);

  // An extension declared with anything but its settings object is not declared: no task.
  json odd = modern_meta();
  odd[mcp::kClientCapabilitiesMeta] = {{"extensions", {{mcp::kTasksExtension, true}}}};
  server.handle_line(req(6, "tools/call", json{{"name", "echo"}, {"_meta", odd}}));
  CHECK(out.response(6)["result"]["resultType"] == "complete");

  // A legacy version named in _meta: -32022, and the message says how that version is served.
  json legacy = modern_meta();
  legacy[mcp::kProtocolVersionMeta] = "2025-11-25";
  server.handle_line(req(7, "tools/list", with_meta(json::object(), legacy)));
  json e = out.response(7)["error"];
  CHECK(e["code"] == -32022);
  CHECK(e["message"].get<std::string>().find("served after initialize") != std::string::npos);
}
