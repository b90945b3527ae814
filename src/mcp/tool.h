#pragma once
// A tool as the protocol layer sees it: the descriptor tools/list shows, and a handler.
#include <functional>
#include <optional>
#include <string>

#include "mcp/call_context.h"
#include "mcp/json_rpc.h"
#include "mcp/protocol_revision.h"

namespace mcp {

struct ToolResult {
  json content = json::array();           // ContentBlock[]
  std::optional<json> structured;         // structuredContent
  bool is_error = false;

  // A failure the model can act on: isError with one text block.
  static ToolResult error(const std::string& text);
  // The CallToolResult for a client of `revision`: content blocks its revision lacks
  // (resource_link before 2025-06-18, audio before 2025-03-26) are left out, and before
  // 2025-06-18 structuredContent travels as one more text block holding its JSON, so a client
  // of any revision gets the whole result.
  json to_json(const ProtocolRevision& revision = newest_revision()) const;
};

struct Tool {
  // The tools/list entry: name, title, description, inputSchema, outputSchema, annotations,
  // and execution.taskSupport ("forbidden" by default, "optional" or "required").
  json descriptor;
  std::function<ToolResult(const json& arguments, CallContext& ctx)> handler;

  std::string name() const { return descriptor.at("name").get<std::string>(); }
  // execution.taskSupport; anything but "optional" or "required" counts as "forbidden".
  std::string task_support() const;
};

}  // namespace mcp
