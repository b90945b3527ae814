#pragma once
// Registers every row of the tool table with an MCP server: the tool's schema is its contract
// (the server validates arguments and results with it), the row's handler does the work.
#include <memory>
#include <string>
#include <vector>

#include "mcp/server.h"
#include "tools/tool_call.h"

namespace app {

// One mcp::Tool per tool_table() row of the toolsets services->settings.toolsets selects
// (PIXVERSE_TOOLSETS): its published descriptor, its contract (the tool's schema, built on its
// first call) and its handler. Expands every selected schema: a few milliseconds.
std::vector<mcp::Tool> build_tools(const std::shared_ptr<Services>& services);
// Gives `server` that catalog, built on first need (mcp::Server::set_tool_catalog).
void register_tools(mcp::Server& server, const std::shared_ptr<Services>& services);

// The server's identity and instructions, as initialize announces them (name "pixverse-mcp").
mcp::ServerOptions server_options();

// The PixVerse client's configuration from the settings (origin, key, CA bundle, and the
// User-Agent "pixverse-mcp/<version>"); timeouts and retries keep ClientConfig's defaults.
pixverse::ClientConfig client_config(const Settings& settings);

// The `instructions` sent at initialize: how the tools fit together, for a model.
std::string server_instructions();

}  // namespace app
