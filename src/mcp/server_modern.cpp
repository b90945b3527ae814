// Requests of the modern era (2026-07-28), which carry their protocol version and the client's
// capabilities in their own _meta (mcp/request_era.h). Work in progress: server/discover,
// tools/list and tools/call are served; the other methods answer -32601 until they take a
// RequestScope (the revision, log level and capabilities of the request, not the session's).
#include <spdlog/spdlog.h>

#include "mcp/server.h"

namespace mcp {
namespace {

// The catalog and the server's description never change while it runs, and are the same for
// every client: cacheable by anyone for an hour.
constexpr CachePolicy kStaticResult{.ttl_ms = 3'600'000, .shared = true};

}  // namespace

bool Server::log_enabled(const RequestScope& scope, LogLevel level) const {
  if (!scope.modern) return log_enabled(level);
  return scope.modern->log_level && level >= *scope.modern->log_level;
}

json Server::finish_response(const RequestScope& scope, const std::string& method, json response) const {
  if (!scope.modern) return response;
  if (auto result = response.find("result"); result != response.end())
    *result = modern_result(method, std::move(*result), server_info(*scope.revision), kStaticResult);
  else if (auto error = response.find("error"); error != response.end() && error->value("code", 0) == kResourceNotFound)
    (*error)["code"] = kInvalidParams;  // as modern_error: -32002 is not sent in the modern era
  return response;
}

json Server::on_discover() const {
  json versions = json::array();
  for (auto v : modern_versions()) versions.push_back(std::string(v));
  json capabilities{{"tools", json::object()}};
  if (resources_) capabilities["resources"] = json::object();
  json result{{"supportedVersions", std::move(versions)}, {"capabilities", std::move(capabilities)}};
  if (!options_.instructions.empty()) result["instructions"] = options_.instructions;
  return result;
}

void Server::handle_modern_request(const json& id, const std::string& method, const json& params,
                                   const ModernRequest& request) {
  const ProtocolRevision& revision = *revision_named(request.version);
  const RequestScope scope{&revision, request};
  try {
    if (method == "tools/call") return start_tool_call(id, params, scope);  // answers from a worker
    json result;
    if (method == "server/discover") result = on_discover();
    else if (method == "tools/list") result = json::parse(tools_list_text(revision, params));
    else throw RpcError{kMethodNotFound, "method not found in " + request.version + ": " + method};
    send(make_result(id, modern_result(method, std::move(result), server_info(revision), kStaticResult)));
  } catch (const RpcError& e) {
    send(make_error(id, modern_error(e)));
  } catch (const std::exception& e) {
    spdlog::error("{} failed: {}", method, e.what());
    send(make_error(id, kInternalError, "internal error"));
  }
}

}  // namespace mcp
