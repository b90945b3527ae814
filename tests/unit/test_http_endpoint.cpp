// The HTTP transport's pure parts and its routing: stateless header checks, listen addresses,
// event streams, and an Endpoint routing a real mcp::Server's output to the requests it belongs to.
#include <catch2/catch.hpp>

#include "http/endpoint.h"
#include "http/event_stream.h"
#include "http/listen_address.h"
#include "http/modern_headers.h"
#include "http/request_headers.h"

using http::json;

namespace {

json modern_meta() {
  return {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
          {"io.modelcontextprotocol/clientCapabilities", json::object()}};
}

http::HeaderLookup headers(std::map<std::string, std::string> h) {
  return [h = std::move(h)](std::string_view name) -> std::optional<std::string> {
    auto it = h.find(std::string(name));
    return it == h.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

json call(const json& id, const std::string& tool, json meta = modern_meta()) {
  return {{"jsonrpc", "2.0"},
          {"id", id},
          {"method", "tools/call"},
          {"params", {{"name", tool}, {"arguments", json::object()}, {"_meta", std::move(meta)}}}};
}

}  // namespace

TEST_CASE("a stateless POST's headers must match its body (-32020), its _meta must name a revision (-32602)",
          "[http]") {
  const json request = call(5, "get_balance");
  const std::map<std::string, std::string> good = {
      {"mcp-protocol-version", "2026-07-28"}, {"mcp-method", "tools/call"}, {"mcp-name", "get_balance"}};
  CHECK_FALSE(http::check_stateless_headers(request, headers(good)));
  for (const char* dropped : {"mcp-protocol-version", "mcp-method", "mcp-name"}) {
    auto h = good;
    h.erase(dropped);
    INFO(dropped);
    auto refusal = http::check_stateless_headers(request, headers(h));
    REQUIRE(refusal);
    CHECK(refusal->code == http::kHeaderMismatch);
    CHECK(refusal->http_status == 400);
  }
  for (auto [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"mcp-protocol-version", "2025-11-25"}, {"mcp-method", "tools/list"}, {"mcp-name", "get_Balance"}}) {
    auto h = good;
    h[key] = value;
    INFO(key);
    auto refusal = http::check_stateless_headers(request, headers(h));
    REQUIRE(refusal);
    CHECK(refusal->code == http::kHeaderMismatch);
  }
  auto b64 = good;
  b64["mcp-name"] = "=?base64?Z2V0X2JhbGFuY2U=?=";
  CHECK_FALSE(http::check_stateless_headers(request, headers(b64)));

  json bare = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", "server/discover"}, {"params", json::object()}};
  auto refusal = http::check_stateless_headers(bare, headers({{"mcp-protocol-version", "2026-07-28"}}));
  REQUIRE(refusal);
  CHECK(refusal->code == -32602);
  // tasks/get names its task in Mcp-Name.
  json get = {{"jsonrpc", "2.0"},
              {"id", 2},
              {"method", "tasks/get"},
              {"params", {{"taskId", "t-1"}, {"_meta", modern_meta()}}}};
  CHECK(http::check_stateless_headers(get,
                                      headers({{"mcp-protocol-version", "2026-07-28"}, {"mcp-method", "tasks/get"}})));
  CHECK_FALSE(http::check_stateless_headers(
      get, headers({{"mcp-protocol-version", "2026-07-28"}, {"mcp-method", "tasks/get"}, {"mcp-name", "t-1"}})));
}

TEST_CASE("header values in the base64 form decode, anything else stays as it is", "[http]") {
  CHECK(http::decode_header_value("plain") == "plain");
  CHECK(http::decode_header_value("=?base64?SGk=?=") == "Hi");
  CHECK(http::decode_header_value("=?base64?w6lsw6h2ZQ==?=") == "\xc3\xa9l\xc3\xa8ve");
  CHECK_FALSE(http::decode_header_value("=?base64?abc?="));
  CHECK_FALSE(http::decode_header_value("=?base64?!!!!?="));
}

TEST_CASE("a stateless answer's HTTP status: 404 unknown method, 400 protocol refusals, 200 otherwise", "[http]") {
  auto error = [](int code) {
    return json{{"jsonrpc", "2.0"}, {"id", 1}, {"error", {{"code", code}, {"message", "m"}}}};
  };
  const json request = call(1, "x");
  CHECK(http::status_for_stateless_answer(error(-32601), request) == 404);
  for (int code : {-32020, -32021, -32022, -32700, -32600})
    CHECK(http::status_for_stateless_answer(error(code), request) == 400);
  CHECK(http::status_for_stateless_answer(error(-32602), request) == 200);  // e.g. an unknown tool
  json no_caps = request;
  no_caps["params"]["_meta"].erase("io.modelcontextprotocol/clientCapabilities");
  CHECK(http::status_for_stateless_answer(error(-32602), no_caps) == 400);
  CHECK(http::status_for_stateless_answer({{"jsonrpc", "2.0"}, {"id", 1}, {"result", json::object()}}, request) == 200);
  CHECK(http::status_for_stateless_answer(error(-32603), request) == 200);
}

TEST_CASE("listen addresses: host and port, IPv6 in brackets, loopback when only a port is given", "[http]") {
  std::string problem;
  auto a = http::parse_listen_address("127.0.0.1:8808", problem);
  REQUIRE(a);
  CHECK(a->host == "127.0.0.1");
  CHECK(a->port == 8808);
  auto v6 = http::parse_listen_address("[::1]:0", problem);
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->port == 0);
  auto bare = http::parse_listen_address("9000", problem);
  REQUIRE(bare);
  CHECK(bare->host == "127.0.0.1");
  for (const char* bad : {"", "host", "host:", "host:70000", "host:-1", "::1:80", "[::1]", "[::1]80", "h:8x"}) {
    INFO(bad);
    CHECK_FALSE(http::parse_listen_address(bad, problem));
    CHECK_FALSE(problem.empty());
  }
}

TEST_CASE("an event stream keeps its newest messages for a resume and says when some were lost", "[http]") {
  http::EventStream s("abc.1", 3);
  CHECK(s.empty());
  for (int i = 1; i <= 5; ++i) s.push("m" + std::to_string(i));
  CHECK_FALSE(s.empty());
  auto all = s.wait_after(0, std::chrono::milliseconds(0));
  REQUIRE(all.messages.size() == 3);
  CHECK(all.messages.front().first == 3);
  CHECK(all.lost);
  auto tail = s.wait_after(4, std::chrono::milliseconds(0));
  REQUIRE(tail.messages.size() == 1);
  CHECK(tail.messages[0].second == "m5");
  CHECK_FALSE(tail.lost);
  CHECK_FALSE(tail.finished);
  s.finish();
  s.push("after the end");
  auto done = s.wait_after(5, std::chrono::seconds(5));  // returns at once: finished
  CHECK(done.finished);
  CHECK(done.messages.empty());
  CHECK(http::parse_event_id("abc.1-42") == std::pair<std::string, std::uint64_t>{"abc.1", 42});
  CHECK(http::parse_event_id("a-b-7").first == "a-b");
  for (const char* bad : {"", "-3", "abc-", "abc-x", "abc-1x", "abc"}) CHECK(http::parse_event_id(bad).first.empty());
}

namespace {

// A server with one tool that sends a progress notification, then answers.
std::unique_ptr<mcp::Server> echo_server(mcp::Server::RoutedSink sink) {
  auto server = std::make_unique<mcp::Server>(mcp::ServerOptions{}, std::move(sink));
  server->add_tool({json{{"name", "echo"}, {"description", "echo"}, {"inputSchema", {{"type", "object"}}}},
                    [](const json&, mcp::CallContext& ctx) {
                      ctx.progress(1, 2, "half");
                      mcp::ToolResult r;
                      r.content.push_back(json{{"type", "text"}, {"text", ctx.request_id().dump()}});
                      return r;
                    }});
  return server;
}

// A 2025-11-25 initialize (id 0) declaring `capabilities`.
json initialize_request(json capabilities) {
  return {{"jsonrpc", "2.0"},
          {"id", 0},
          {"method", "initialize"},
          {"params",
           {{"protocolVersion", "2025-11-25"},
            {"capabilities", std::move(capabilities)},
            {"clientInfo", {{"name", "t"}, {"version", "1"}}}}}};
}

// Every message of a POST's stream once it is finished.
std::vector<json> drain(const http::Endpoint::Posted& posted) {
  std::vector<json> out;
  std::uint64_t after = 0;
  for (;;) {
    auto slice = posted.stream->wait_after(after, std::chrono::seconds(10));
    for (auto& [seq, m] : slice.messages) {
      out.push_back(json::parse(m));
      after = seq;
    }
    if (slice.finished) return out;
  }
}

}  // namespace

TEST_CASE("the stateless endpoint gives each request an id of its own and routes its progress to it", "[http]") {
  http::Endpoint endpoint(http::Endpoint::Ids::own, echo_server, "s", 64);
  json meta = modern_meta();
  meta["progressToken"] = "tok";
  // Two clients that both count from 1.
  json first = call(1, "echo", meta), second = call(1, "echo", meta);
  auto a = endpoint.post(first.dump(), first);
  auto b = endpoint.post(second.dump(), second);
  REQUIRE(a.stream);
  REQUIRE(b.stream);
  CHECK(a.ids != b.ids);
  for (const auto* posted : {&a, &b}) {
    auto messages = drain(*posted);
    REQUIRE(messages.size() == 2);
    CHECK(messages[0]["method"] == "notifications/progress");
    CHECK(messages[0]["params"]["progressToken"] == "tok");
    CHECK(messages[1]["id"] == 1);  // the client's own id back
    // The tool saw the server-side id, which is this POST's.
    CHECK(messages[1]["result"]["content"][0]["text"] == posted->ids[0].dump());
  }
  // A notification-only body has nothing to answer; a cheap request is answered at once.
  json note = {{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", 99}}}};
  CHECK_FALSE(endpoint.post(note.dump(), note).stream);
  json discover = {
      {"jsonrpc", "2.0"}, {"id", "d"}, {"method", "server/discover"}, {"params", {{"_meta", modern_meta()}}}};
  auto d = endpoint.post(discover.dump(), discover);
  REQUIRE(d.stream);
  CHECK(d.answered);
  CHECK(drain(d).back()["id"] == "d");
  CHECK_FALSE(endpoint.standalone_stream());  // the stateless era has no GET stream
}

TEST_CASE("a session endpoint keeps client ids, and sends what belongs to no request to its GET stream", "[http]") {
  http::Endpoint endpoint(http::Endpoint::Ids::client, echo_server, "sess", 64);
  const json init = initialize_request({{"roots", json::object()}});
  auto opened = endpoint.post(init.dump(), init);
  REQUIRE(opened.answered);
  CHECK(drain(opened).back()["result"]["protocolVersion"] == "2025-11-25");
  json initialized = {{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}};
  CHECK_FALSE(endpoint.post(initialized.dump(), initialized).stream);
  // The server asks for the client's roots: a request of its own, on the session's stream.
  auto standalone = endpoint.standalone_stream();
  auto slice = standalone->wait_after(0, std::chrono::seconds(10));
  REQUIRE(slice.messages.size() == 1);
  CHECK(json::parse(slice.messages[0].second)["method"] == "roots/list");

  json c = {{"jsonrpc", "2.0"},
            {"id", "c-1"},
            {"method", "tools/call"},
            {"params", {{"name", "echo"}, {"arguments", json::object()}}}};
  auto posted = endpoint.post(c.dump(), c);
  auto messages = drain(posted);
  CHECK(messages.back()["id"] == "c-1");
  CHECK(messages.back()["result"]["content"][0]["text"] == "\"c-1\"");
  CHECK(endpoint.find_stream(posted.stream->id()) == posted.stream);  // kept for a resume
}

TEST_CASE("a server told not to ask for roots never sends roots/list, even to a client that has them", "[http]") {
  http::Endpoint endpoint(
      http::Endpoint::Ids::client,
      [](mcp::Server::RoutedSink sink) {
        mcp::ServerOptions options;
        options.ask_client_roots = false;
        return std::make_unique<mcp::Server>(options, std::move(sink));
      },
      "sess", 64);
  const json init = initialize_request({{"roots", {{"listChanged", true}}}});
  REQUIRE(endpoint.post(init.dump(), init).answered);
  json initialized = {{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}};
  endpoint.post(initialized.dump(), initialized);
  json changed = {{"jsonrpc", "2.0"}, {"method", "notifications/roots/list_changed"}};
  endpoint.post(changed.dump(), changed);
  // roots/list would have been written while those notifications were handled.
  CHECK(endpoint.standalone_stream()->wait_after(0, std::chrono::milliseconds(0)).messages.empty());
}

TEST_CASE("request headers are read strictly: media types, Accept, and how the body's length is said", "[http]") {
  CHECK(http::media_type(" Application/JSON ; charset=utf-8") == "application/json");
  CHECK(http::media_type("text/plain; x=application/json") == "text/plain");
  CHECK(http::takes("").json);
  CHECK_FALSE(http::takes("").sse);
  CHECK(http::takes("application/json, text/event-stream").sse);
  CHECK(http::takes("*/*").json);
  CHECK_FALSE(http::takes("application/json-seq").json);
  CHECK_FALSE(http::takes("text/event-stream").json);
  auto framed = [](httplib::Headers headers) {
    httplib::Request req;
    req.headers = std::move(headers);
    return http::framing_problem(req);
  };
  CHECK_FALSE(framed({{"Content-Length", "12"}}));
  CHECK_FALSE(framed({{"Transfer-Encoding", "Chunked"}}));
  CHECK(framed({{"Content-Length", "+12"}}));
  CHECK(framed({{"Content-Length", "5"}, {"Content-Length", "6"}}));
  CHECK(framed({{"Transfer-Encoding", "gzip, chunked"}}));
  CHECK(framed({{"Transfer-Encoding", "chunked"}, {"Content-Length", "5"}}));
  CHECK(http::printable("a\rb\n") == "a?b?");
  CHECK(http::printable("h\xFF\xC3\xA9") == "h???");  // header values are ASCII: other bytes are not echoed
  CHECK(http::printable(std::string(300, 'x')).size() == 200);
}

TEST_CASE("a call the client cancels ends its POST's stream, which then carries no response", "[http]") {
  http::Endpoint endpoint(
      http::Endpoint::Ids::client,
      [](mcp::Server::RoutedSink sink) {
        auto server = std::make_unique<mcp::Server>(mcp::ServerOptions{}, std::move(sink));
        server->add_tool({json{{"name", "wait"}, {"description", "wait"}, {"inputSchema", {{"type", "object"}}}},
                          [](const json&, mcp::CallContext& ctx) {
                            ctx.sleep_for(std::chrono::seconds(60));  // until cancelled
                            mcp::ToolResult r;
                            r.content.push_back(json{{"type", "text"}, {"text", "done"}});
                            return r;
                          }});
        return server;
      },
      "sess", 64);
  const json init = initialize_request(json::object());
  REQUIRE(endpoint.post(init.dump(), init).answered);
  json c = {{"jsonrpc", "2.0"},
            {"id", 7},
            {"method", "tools/call"},
            {"params", {{"name", "wait"}, {"arguments", json::object()}}}};
  auto posted = endpoint.post(c.dump(), c);
  REQUIRE(posted.stream);
  REQUIRE_FALSE(posted.answered);
  CHECK_FALSE(posted.stream->wait_after(0, std::chrono::milliseconds(0)).finished);

  json cancel = {{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", 7}}}};
  CHECK_FALSE(endpoint.post(cancel.dump(), cancel).stream);
  // Finished by the time the notification was handled: this returns at once, not after 30 s.
  auto slice = posted.stream->wait_after(0, std::chrono::seconds(30));
  CHECK(slice.finished);
  for (const auto& [seq, message] : slice.messages) CHECK_FALSE(json::parse(message).contains("id"));
}
