#pragma once
// Everything one tool invocation works with, and the handler for each kind of row.
#include <nlohmann/json.hpp>

#include "catalog/settings.h"
#include "catalog/tool_schema.h"
#include "catalog/tool_table.h"
#include "mcp/call_context.h"
#include "mcp/tool.h"
#include "pixverse/client.h"

namespace catalog {

// What the tools share for the life of the server.
struct Services {
  Settings settings;
  pixverse::Client client;
};

struct ToolCall {
  const ToolRow& row;
  const ToolSchema& schema;
  const nlohmann::json& args;  // validated, defaults applied
  Services& services;
  mcp::CallContext& ctx;
};

using ToolHandler = mcp::ToolResult (*)(const ToolCall&);
ToolHandler handler_for(ToolKind kind);

// A failed PixVerse call as a tool error the model can act on.
mcp::ToolResult api_error_result(const pixverse::ApiError& error);

}  // namespace catalog
