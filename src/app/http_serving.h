#pragma once
// pixverse-mcp over Streamable HTTP (--http, PIXVERSE_HTTP_LISTEN): the same tools, resources
// and job registry as over stdio, for remote MCP clients. See the README, "Remote clients
// (Streamable HTTP)".
#include <memory>

#include "config/settings.h"
#include "jobs/registry_handle.h"
#include "tools/tool_call.h"

namespace app {

// Listens on settings.http_listen and serves until the process is asked to stop (SIGTERM,
// SIGINT), then shuts down in order: calls in flight finish or answer with their job. Writes
// "pixverse-mcp: serving MCP on <url>" to stderr once listening. Returns the exit code: 0, or
// 1 when the address cannot be used (the reason logged).
int serve_http(const Settings& settings, const std::shared_ptr<Services>& services,
               const std::shared_ptr<const RegistryHandle>& registry);

}  // namespace app
