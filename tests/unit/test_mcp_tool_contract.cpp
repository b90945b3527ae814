// mcp::ToolContract: the server checks a tool's arguments before its handler and its
// structuredContent after it, so no handler validates for itself. No PixVerse here.
#include <catch2/catch.hpp>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <atomic>
#include <memory>
#include <sstream>

#include "mcp/server.h"
#include "mcp_capture.h"

using mcp::json;
using mcp_test::Capture;
using mcp_test::req;

namespace {

// Needs an integer "n"; the handler gets n doubled (what prepare_arguments returns, not what was
// sent). A structuredContent is valid when it has an integer "n".
struct DoublingContract : mcp::ToolContract {
  common::Expected<json> prepare_arguments(const json& arguments) const override {
    auto n = arguments.find("n");
    if (n == arguments.end() || !n->is_number_integer()) return common::Unexpected{"n: must be an integer"};
    return json{{"n", 2 * n->get<int>()}};
  }
  std::string check_structured(const json& structured) const override {
    return structured.contains("n") && structured["n"].is_number_integer() ? "" : "n: is required";
  }
};

// Returns {"n": …} as structuredContent, or {"m": …} (breaking the contract) when told.
mcp::Tool contracted_tool(std::atomic<int>& calls) {
  return mcp::Tool{.descriptor = json{{"name", "double"}, {"inputSchema", {{"type", "object"}}}},
                   .handler =
                       [&calls](const json& args, mcp::CallContext&) {
                         ++calls;
                         mcp::ToolResult r;
                         r.content.push_back(json{{"type", "text"}, {"text", args.dump()}});
                         r.structured = args.at("n").get<int>() == 14 ? json{{"m", 14}} : args;
                         return r;
                       },
                   .contract = std::make_shared<DoublingContract>()};
}

}  // namespace

TEST_CASE("the handler gets the arguments its contract prepared", "[mcp][contract]") {
  Capture out;
  std::atomic<int> calls{0};
  mcp::Server server({}, out.sink());
  server.add_tool(contracted_tool(calls));
  server.handle_line(req(1, "tools/call", json{{"name", "double"}, {"arguments", {{"n", 3}}}}));
  json r = out.response(1)["result"];
  CHECK(r["structuredContent"] == json{{"n", 6}});
  CHECK_FALSE(r.contains("isError"));
  CHECK(calls == 1);
}

TEST_CASE("refused arguments are a tool error naming the tool, and the handler never runs", "[mcp][contract]") {
  Capture out;
  std::atomic<int> calls{0};
  mcp::ServerOptions options;
  options.refused_arguments_note = "Nothing was sent.";
  mcp::Server server(options, out.sink());
  server.add_tool(contracted_tool(calls));
  server.handle_line(req(1, "tools/call", json{{"name", "double"}, {"arguments", {{"n", "three"}}}}));
  json r = out.response(1)["result"];
  CHECK(r["isError"] == true);
  CHECK(r["content"][0]["text"] == "Invalid arguments for double: n: must be an integer. Nothing was sent.");
  CHECK(calls == 0);
}

TEST_CASE("a result that breaks its contract is logged, and still delivered", "[mcp][contract]") {
  auto stream = std::make_shared<std::ostringstream>();
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(
      std::make_shared<spdlog::logger>("contract", std::make_shared<spdlog::sinks::ostream_sink_mt>(*stream)));
  Capture out;
  std::atomic<int> calls{0};
  {
    mcp::Server server({}, out.sink());
    server.add_tool(contracted_tool(calls));
    server.handle_line(req(1, "tools/call", json{{"name", "double"}, {"arguments", {{"n", 7}}}}));
    CHECK(out.response(1)["result"]["structuredContent"] == json{{"m", 14}});
  }  // the server's workers have finished: the log is complete
  spdlog::set_default_logger(previous);
  CHECK(stream->str().find("double: structuredContent does not match outputSchema: n: is required") !=
        std::string::npos);
}

TEST_CASE("a tool without a contract gets its arguments as sent", "[mcp][contract]") {
  Capture out;
  mcp::Server server({}, out.sink());
  server.add_tool(mcp::Tool{.descriptor = json{{"name", "raw"}, {"inputSchema", {{"type", "object"}}}},
                            .handler = [](const json& args, mcp::CallContext&) {
                              mcp::ToolResult r;
                              r.structured = args;
                              return r;
                            }});
  server.handle_line(req(1, "tools/call", json{{"name", "raw"}, {"arguments", {{"n", "three"}}}}));
  CHECK(out.response(1)["result"]["structuredContent"] == json{{"n", "three"}});
}
