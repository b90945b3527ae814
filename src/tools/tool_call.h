#pragma once
// Everything one tool invocation works with, and the handler for each kind of row.
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "config/settings.h"
#include "jobs/recent_polls.h"
#include "jobs/registry_handle.h"
#include "mcp/call_context.h"
#include "mcp/tool.h"
#include "pixverse/client.h"
#include "schema/tool_schema.h"
#include "schema/tool_schema_on_demand.h"
#include "tools/tool_table.h"

namespace app {

class JobRegistry;

// What the tools share for the life of the server.
struct Services {
  Settings settings;
  pixverse::Client client;
  std::shared_ptr<const RegistryHandle> registry;                               // opened on first use
  std::shared_ptr<RecentPolls> recent_polls = std::make_shared<RecentPolls>();  // shared status answers
};

struct ToolCall {
  const ToolRow& row;
  const ToolSchema& schema;
  const nlohmann::json& args;  // validated, defaults applied
  Services& services;
  mcp::CallContext& ctx;
};

// The MCP handler of a table row, given arguments the schema's contract prepared: a tool that
// calls PixVerse first needs a usable API origin and a key (else an error saying how to fix it,
// nothing sent); then the row's kind of work; PixVerse ids in the result become text (id_text.h).
// Returns a result, or a step to resume later (mcp::ToolStep): only the job follower waits.
std::function<mcp::ToolStep(const nlohmann::json& arguments, mcp::CallContext& ctx)> tool_handler(
    const ToolRow& row, const std::shared_ptr<const ToolSchemaOnDemand>& schema,
    const std::shared_ptr<Services>& services);

// The tool error shown when PIXVERSE_API_KEY is not set.
std::string missing_key_message();

// A failed PixVerse call as a tool error the model can act on.
mcp::ToolResult api_error_result(const pixverse::ApiError& error);

// A successful result with structuredContent and one text block.
mcp::ToolResult structured_result(nlohmann::json data, const std::string& text);

}  // namespace app
