// The stdio transport and the whole protocol layer: bytes → mcp::LineSplitter → Server::handle_line
// (read_message, lifecycle, batches, tools/call on a worker thread, tasks, cancellation,
// logging/setLevel, pagination, the 2026-07-28 era and its tasks extension) with one trivial
// tool. The sink discards what the server writes after checking that each message is one line
// of valid JSON.
#include <nlohmann/json.hpp>

#include "fuzz_support.h"
#include "mcp/server.h"
#include "mcp/stdio_transport.h"

namespace {

mcp::Tool echo_tool() {
  mcp::Tool tool;
  tool.descriptor = {{"name", "echo"},
                     {"description", "Echoes its arguments."},
                     {"inputSchema", {{"type", "object"}}},
                     {"execution", {{"taskSupport", "optional"}}}};
  tool.handler = [](const nlohmann::json& arguments, mcp::CallContext& ctx) {
    if (arguments.contains("throw")) throw std::runtime_error("the tool failed");
    if (ctx.wants_progress()) ctx.progress(1, 2, "half way");
    ctx.log(mcp::LogLevel::info, "echo", arguments);
    if (arguments.contains("error")) return mcp::ToolResult::error("asked to fail");
    mcp::ToolResult result;
    result.content.push_back({{"type", "text"}, {"text", arguments.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)}});
    result.structured = arguments;
    return result;
  };
  return tool;
}

void check_line(const std::string& line) {
  fuzz::require(line.find('\n') == std::string::npos, "a message spans lines");
  fuzz::require(nlohmann::json::accept(line), "a message is not valid JSON");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::quiet();
  if (size == 0) return 0;
  // The first byte: how the bytes arrive (chunks of 1..128 bytes) and the line limit.
  const std::size_t chunk = (data[0] & 0x7F) + 1u;
  const std::size_t max_line = data[0] & 0x80 ? 96 : std::size_t{1} << 20;
  std::string_view bytes = fuzz::text(data + 1, size - 1);

  mcp::ServerOptions options;
  options.name = "fuzz";
  options.tools_page_size = 1;
  options.max_concurrent_calls = 16;
  options.tasks.max_tasks = 16;
  options.tasks.page_size = 2;
  mcp::Server server(options, check_line);
  server.add_tool(echo_tool());
  mcp::Tool second = echo_tool();
  second.descriptor["name"] = "second";
  second.descriptor["execution"]["taskSupport"] = "required";
  server.add_tool(std::move(second));

  mcp::LineSplitter splitter(max_line);
  auto on_line = [&](std::string_view line) { server.handle_line(line); };
  auto on_oversized = [&] { server.reject_oversized_line(max_line, splitter.oversized_head()); };
  while (!bytes.empty()) {
    const std::string_view piece = bytes.substr(0, chunk);
    splitter.feed(piece, on_line, on_oversized);
    bytes.remove_prefix(piece.size());
  }
  splitter.finish(on_line);
  // Calls in flight finish (the tool never blocks): nothing may outlive the server.
  fuzz::require(server.shutdown(std::chrono::seconds(5), std::chrono::seconds(5)), "calls still running after 10 s");
  return 0;
}
