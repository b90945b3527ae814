// MCP resources in the protocol layer: a provider registered from outside.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "mcp/server.h"
#include "mcp_capture.h"

using mcp::json;
using mcp_test::Capture;
using mcp_test::req;
using namespace std::chrono_literals;

namespace {

// Three resources, two per page; reading "file:///slow" waits for `gate`.
mcp::ResourceProvider provider(std::shared_ptr<mcp::CancellationFlag> gate) {
  mcp::ResourceProvider p;
  p.list = [](const std::optional<std::string>& cursor) {
    json all = json::array();
    for (std::string name : {"a", "b", "slow"}) all.push_back({{"uri", "file:///" + name}, {"name", name}});
    std::size_t from = 0;
    if (cursor) {
      if (*cursor != "page2") throw std::invalid_argument("unknown cursor");
      from = 2;
    }
    json page{{"resources", json(all.begin() + static_cast<long>(from),
                                 all.begin() + static_cast<long>(std::min<std::size_t>(from + 2, all.size())))}};
    if (from == 0) page["nextCursor"] = "page2";
    return page;
  };
  p.read = [gate](const std::string& uri) -> std::optional<json> {
    if (uri == "file:///slow") gate->wait_for(10s);
    if (uri != "file:///a" && uri != "file:///slow") return std::nullopt;
    return json{{"contents", {{{"uri", uri}, {"mimeType", "text/plain"}, {"text", "hello " + uri}}}}};
  };
  p.templates = json::array({{{"uriTemplate", "file:///{name}"}, {"name", "files"}}});
  return p;
}

json initialize(mcp::Server& server, Capture& out, const std::string& version) {
  server.handle_line(req("init", "initialize", json{{"protocolVersion", version}}));
  return out.response("init")["result"]["capabilities"];
}

}  // namespace

TEST_CASE("without a provider there is no resources capability and resources/* are unknown", "[mcp][resources]") {
  Capture out;
  mcp::Server server({}, out.sink());
  CHECK_FALSE(initialize(server, out, "2025-11-25").contains("resources"));
  server.handle_line(req(1, "resources/list"));
  server.handle_line(req(2, "resources/read", {{"uri", "file:///a"}}));
  server.handle_line(req(3, "resources/templates/list"));
  for (int id = 1; id <= 3; ++id) CHECK(out.response(id)["error"]["code"] == -32601);
}

TEST_CASE("a provider serves resources/list with paging, templates and read", "[mcp][resources]") {
  auto gate = std::make_shared<mcp::CancellationFlag>();
  gate->cancel();  // nothing waits in this test
  for (std::string version : {"2025-11-25", "2025-03-26"}) {
    Capture out;
    mcp::Server server({}, out.sink());
    server.set_resource_provider(provider(gate));
    CHECK(initialize(server, out, version)["resources"] == json::object());

    server.handle_line(req(1, "resources/list"));
    json first = out.response(1)["result"];
    CHECK(first["resources"].size() == 2);
    REQUIRE(first["nextCursor"] == "page2");
    server.handle_line(req(2, "resources/list", {{"cursor", first["nextCursor"]}}));
    json second = out.response(2)["result"];
    CHECK(second["resources"][0]["name"] == "slow");
    CHECK_FALSE(second.contains("nextCursor"));
    server.handle_line(req(3, "resources/list", {{"cursor", "nope"}}));
    CHECK(out.response(3)["error"]["code"] == -32602);

    server.handle_line(req(4, "resources/templates/list"));
    CHECK(out.response(4)["result"]["resourceTemplates"][0]["uriTemplate"] == "file:///{name}");

    server.handle_line(req(5, "resources/read", {{"uri", "file:///a"}}));
    CHECK(out.response(5)["result"]["contents"][0]["text"] == "hello file:///a");
    server.handle_line(req(6, "resources/read", {{"uri", "file:///missing"}}));
    json missing = out.response(6)["error"];
    CHECK(missing["code"] == -32002);
    CHECK(missing["message"] == "Resource not found");
    CHECK(missing["data"]["uri"] == "file:///missing");
    server.handle_line(req(7, "resources/read"));
    CHECK(out.response(7)["error"]["code"] == -32602);
    server.handle_line(req(8, "resources/subscribe", {{"uri", "file:///a"}}));
    CHECK(out.response(8)["error"]["code"] == -32601);  // not declared
  }
}

TEST_CASE("a slow resources/read does not hold up ping", "[mcp][resources]") {
  auto gate = std::make_shared<mcp::CancellationFlag>();
  Capture out;
  mcp::Server server({}, out.sink());
  server.set_resource_provider(provider(gate));
  server.handle_line(req("slow", "resources/read", {{"uri", "file:///slow"}}));
  server.handle_line(req("ping", "ping"));
  CHECK(out.response("ping")["result"] == json::object());
  CHECK_FALSE(out.has_response("slow"));  // still waiting for the gate
  CHECK(server.calls_in_flight() == 1);
  gate->cancel();
  CHECK(out.response("slow")["result"]["contents"][0]["uri"] == "file:///slow");
}
