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
