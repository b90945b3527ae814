#pragma once
// MCP resources as the protocol layer sees them: a provider registered from outside, and the
// answers to resources/list, resources/templates/list and resources/read built from it.
#include <functional>
#include <optional>
#include <string>

#include "mcp/json_rpc.h"
#include "mcp/protocol_revision.h"

namespace mcp {

struct ResourceProvider {
  // resources/list: {"resources": [...], "nextCursor"?: "..."}. `cursor` is what the client
  // sent back from an earlier nextCursor; throw std::invalid_argument when it is not one.
  std::function<json(const std::optional<std::string>& cursor)> list;
  // resources/read: {"contents": [...]}, or nullopt when `uri` names no resource.
  std::function<std::optional<json>(const std::string& uri)> read;
  // resources/templates/list: the resourceTemplates array, sent whole (it is short).
  json templates = json::array();
};

// The result of one resources/* request, or RpcError (-32602 bad params or cursor, -32002
// unknown uri, -32601 unknown method). May do disk I/O: call off the reader thread.
// Fitted to `revision`: entries carry no "title" before 2025-06-18.
json answer_resource_request(const ResourceProvider& provider, const std::string& method, const json& params,
                             const ProtocolRevision& revision = newest_revision());

}  // namespace mcp
