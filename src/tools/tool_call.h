#pragma once
// Everything one tool invocation works with, and the handler for each kind of row.
#include <memory>
#include <nlohmann/json.hpp>

#include "jobs/recent_polls.h"
#include "config/settings.h"
#include "schema/tool_schema.h"
#include "tools/tool_table.h"
#include "mcp/call_context.h"
#include "mcp/tool.h"
#include "pixverse/client.h"

namespace app {

class JobRegistry;

// What the tools share for the life of the server.
struct Services {
  Settings settings;
  pixverse::Client client;
  std::shared_ptr<JobRegistry> registry;  // null if it could not be opened…
  std::string registry_unavailable;       // …and then why (the file, the reason), for results
  std::shared_ptr<RecentPolls> recent_polls = std::make_shared<RecentPolls>();  // shared status answers
};

struct ToolCall {
  const ToolRow& row;
  const ToolSchema& schema;
  const nlohmann::json& args;  // validated, defaults applied
  Services& services;
  mcp::CallContext& ctx;
};

// A handler's result, or a step to resume later (mcp::ToolStep): only the job follower waits.
using ToolHandler = mcp::ToolStep (*)(const ToolCall&);
ToolHandler handler_for(ToolKind kind);

// A failed PixVerse call as a tool error the model can act on.
mcp::ToolResult api_error_result(const pixverse::ApiError& error);

// A successful result with structuredContent and one text block.
mcp::ToolResult structured_result(nlohmann::json data, const std::string& text);

}  // namespace app
