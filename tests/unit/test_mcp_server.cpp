// The protocol layer in-process: a Server fed lines, its output captured. No PixVerse here.
#include <catch2/catch.hpp>

#include <atomic>
#include <sstream>
#include <thread>

#include "mcp/server.h"
#include "mcp/stdio_transport.h"
#include "mcp_capture.h"

using mcp::json;
using mcp_test::Capture;
using mcp_test::req;
using namespace std::chrono_literals;

namespace {

mcp::Tool echo_tool() {
  return {json{{"name", "echo"}, {"description", "echo"}, {"inputSchema", {{"type", "object"}}}},
          [](const json& args, mcp::CallContext&) {
            mcp::ToolResult r;
            r.content.push_back(json{{"type", "text"}, {"text", args.dump()}});
            r.structured = args;
            return r;
          }};
}

// A tool that reports progress until cancelled (or for `steps` steps).
mcp::Tool slow_tool(std::atomic<int>& finished) {
  return {json{{"name", "slow"}, {"description", "slow"}, {"inputSchema", {{"type", "object"}}}},
          [&finished](const json& args, mcp::CallContext& ctx) {
            int steps = args.value("steps", 1000);
            for (int i = 1; i <= steps; ++i) {
              ctx.progress(i, steps, "step " + std::to_string(i));
              ctx.progress(i - 0.5);  // not increasing: must be dropped
              if (!ctx.sleep_for(10ms)) break;
            }
            ++finished;
            return mcp::ToolResult::error(ctx.cancelled() ? "cancelled" : "done");
          }};
}

}  // namespace

TEST_CASE("tools/list pages with an opaque cursor", "[mcp]") {
  Capture out;
  mcp::ServerOptions opts;
  opts.tools_page_size = 2;
  mcp::Server server(opts, out.sink());
  for (int i = 0; i < 5; ++i) {
    auto t = echo_tool();
    t.descriptor["name"] = "t" + std::to_string(i);
    server.add_tool(t);
  }
  std::vector<std::string> names;
  json cursor;
  for (int page = 0; page < 5; ++page) {
    json params = cursor.is_null() ? json::object() : json{{"cursor", cursor}};
    server.handle_line(req(page, "tools/list", params));
    json r = out.response(page)["result"];
    for (auto& t : r["tools"]) names.push_back(t["name"].get<std::string>());
    if (!r.contains("nextCursor")) break;
    cursor = r["nextCursor"];
  }
  CHECK(names == std::vector<std::string>{"t0", "t1", "t2", "t3", "t4"});
  server.handle_line(req(99, "tools/list", json{{"cursor", "tools:999"}}));
  CHECK(out.response(99)["error"]["code"] == -32602);
}

TEST_CASE("a tool catalog is built on first need, once, and tools/list is the same text each time", "[mcp]") {
  Capture out;
  mcp::Server server({}, out.sink());
  std::atomic<int> loads{0};
  server.set_tool_catalog([&loads] {
    ++loads;
    return std::vector<mcp::Tool>{echo_tool()};
  });
  server.handle_line(req(1, "initialize",
                         json{{"protocolVersion", "2025-11-25"},
                              {"capabilities", json::object()},
                              {"clientInfo", {{"name", "t"}, {"version", "1"}}}}));
  out.response(1);
  CHECK(loads == 0);  // initialize needs no tool
  server.handle_line(req(2, "tools/list"));
  server.handle_line(req(3, "tools/list"));
  server.handle_line(req(4, "tools/call", json{{"name", "echo"}, {"arguments", {{"a", 1}}}}));
  CHECK(out.response(4)["result"]["structuredContent"] == json{{"a", 1}});
  CHECK(loads == 1);
  CHECK(out.response(2)["result"] == out.response(3)["result"]);
  CHECK(out.response(2)["result"]["tools"][0]["name"] == "echo");
  CHECK(out.response(2)["result"]["tools"][0]["description"] == "echo");  // the whole descriptor, kept as text
}

TEST_CASE("tools/call runs the handler and returns content and structuredContent", "[mcp]") {
  Capture out;
  mcp::Server server({}, out.sink());
  server.add_tool(echo_tool());
  server.handle_line(req(1, "tools/call", json{{"name", "echo"}, {"arguments", {{"a", 1}}}}));
  json r = out.response(1)["result"];
  CHECK(r["structuredContent"] == json{{"a", 1}});
  CHECK(r["content"][0]["type"] == "text");
  CHECK_FALSE(r.contains("isError"));
  server.handle_line(req(2, "tools/call", json{{"name", "echo"}, {"arguments", "nope"}}));
  CHECK(out.response(2)["error"]["code"] == -32602);
}

TEST_CASE("a slow call does not delay ping, and progress increases strictly", "[mcp]") {
  Capture out;
  std::atomic<int> finished{0};
  mcp::Server server({}, out.sink());
  server.add_tool(slow_tool(finished));
  server.handle_line(req(1, "tools/call",
                         json{{"name", "slow"}, {"arguments", {{"steps", 30}}}, {"_meta", {{"progressToken", "tok"}}}}));
  server.handle_line(req(2, "ping"));
  json pong = out.response(2);
  CHECK(pong["result"] == json::object());
  CHECK(finished == 0);  // the ping was answered while the tool was still working
  json done = out.response(1, 10s);
  CHECK(done["result"]["isError"] == true);
  std::vector<double> values;
  {
    std::lock_guard lock(out.m);
    for (const auto& m : out.messages)
      if (m.value("method", "") == "notifications/progress") {
        CHECK(m["params"]["progressToken"] == "tok");
        values.push_back(m["params"]["progress"].get<double>());
      }
  }
  REQUIRE(values.size() == 30);
  for (std::size_t i = 1; i < values.size(); ++i) CHECK(values[i] > values[i - 1]);
}

TEST_CASE("notifications/cancelled stops the handler and suppresses the response", "[mcp]") {
  Capture out;
  std::atomic<int> finished{0};
  mcp::Server server({}, out.sink());
  server.add_tool(slow_tool(finished));
  server.handle_line(req(7, "tools/call", json{{"name", "slow"}, {"_meta", {{"progressToken", 7}}}}));
  out.wait_for([](const json& m) { return m.value("method", "") == "notifications/progress"; });
  auto t0 = std::chrono::steady_clock::now();
  server.handle_line(json{{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", {{"requestId", 7}}}}.dump());
  REQUIRE(server.shutdown(0ms, 5s));  // waits for the worker to end
  CHECK(std::chrono::steady_clock::now() - t0 < 1s);
  CHECK(finished == 1);
  std::lock_guard lock(out.m);
  for (const auto& m : out.messages) CHECK_FALSE((m.contains("id") && m["id"] == 7));
}

TEST_CASE("a request id in flight cannot be reused", "[mcp]") {
  Capture out;
  std::atomic<int> finished{0};
  mcp::Server server({}, out.sink());
  server.add_tool(slow_tool(finished));
  server.handle_line(req("dup", "tools/call", json{{"name", "slow"}, {"arguments", {{"steps", 100}}}}));
  server.handle_line(req("dup", "tools/call", json{{"name", "slow"}, {"arguments", {{"steps", 1}}}}));
  json first = out.response("dup");
  CHECK(first["error"]["code"] == -32600);
  server.shutdown(0ms, 5s);
}

TEST_CASE("logging/setLevel gates notifications/message", "[mcp]") {
  Capture out;
  mcp::Server server({}, out.sink());
  server.add_tool({json{{"name", "log"}, {"inputSchema", {{"type", "object"}}}}, [](const json&, mcp::CallContext& ctx) {
                     ctx.log(mcp::LogLevel::debug, "t", "debug-line");
                     ctx.log(mcp::LogLevel::error, "t", "error-line");
                     return mcp::ToolResult{};
                   }});
  server.handle_line(req(1, "logging/setLevel", json{{"level", "error"}}));
  server.handle_line(req(2, "tools/call", json{{"name", "log"}}));
  out.response(2);
  server.handle_line(req(3, "logging/setLevel", json{{"level", "debug"}}));
  server.handle_line(req(4, "tools/call", json{{"name", "log"}}));
  out.response(4);
  int debug = 0, error = 0;
  std::lock_guard lock(out.m);
  for (const auto& m : out.messages)
    if (m.value("method", "") == "notifications/message") (m["params"]["data"] == "debug-line" ? debug : error)++;
  CHECK(debug == 1);
  CHECK(error == 2);
}

TEST_CASE("LineSplitter handles split reads, CRLF and over-long lines", "[mcp][transport]") {
  mcp::LineSplitter splitter(10);
  std::vector<std::string> lines;
  int oversized = 0;
  auto on_line = [&](std::string_view l) { lines.emplace_back(l); };
  auto on_over = [&] { ++oversized; };
  splitter.feed("ab", on_line, on_over);
  splitter.feed("c\nde\n", on_line, on_over);
  splitter.feed("0123456789ABCDEF", on_line, on_over);  // too long, no newline yet
  splitter.feed("GHIJ\nok\n", on_line, on_over);         // the rest of it is skipped
  splitter.feed("tail", on_line, on_over);
  splitter.finish(on_line);
  CHECK(lines == std::vector<std::string>{"abc", "de", "ok", "tail"});
  CHECK(oversized == 1);
}

TEST_CASE("serve_stream answers every request of a piped session, in order per request", "[mcp][transport]") {
  std::ostringstream os;
  std::istringstream is(req(1, "ping") + "\n" + req(2, "initialize", json{{"protocolVersion", "2025-06-18"}}) + "\n");
  {
    mcp::Server server({}, mcp::line_sink(os));
    mcp::serve_stream(server, is);
    server.shutdown(1s, 1s);
  }
  std::istringstream lines(os.str());
  std::string l1, l2;
  std::getline(lines, l1);
  std::getline(lines, l2);
  CHECK(json::parse(l1)["id"] == 1);
  CHECK(json::parse(l2)["result"]["protocolVersion"] == "2025-06-18");
}

TEST_CASE("a handler that throws gets -32603 and the server keeps serving", "[mcp]") {
  Capture out;
  mcp::Server server({}, out.sink());
  server.add_tool({json{{"name", "boom"}, {"inputSchema", {{"type", "object"}}}},
                   [](const json&, mcp::CallContext&) -> mcp::ToolResult { throw std::runtime_error("kaput"); }});
  server.handle_line(req(1, "tools/call", json{{"name", "boom"}}));
  json r = out.response(1);
  CHECK(r["error"]["code"] == -32603);
  CHECK(r["error"]["message"].get<std::string>().find("kaput") == std::string::npos);  // internals stay in the log
  server.handle_line(req(2, "ping"));
  CHECK(out.response(2)["result"] == json::object());
}
