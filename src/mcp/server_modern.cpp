// Requests of the modern era (2026-07-28), which carry their protocol version and the client's
// capabilities in their own _meta (mcp/request_era.h). Work in progress: server/discover and
// tools/list are served; the other methods answer -32601 until they are wired to a request
// scope (the revision, log level and capabilities of the request instead of the session's).
#include <spdlog/spdlog.h>

#include "mcp/server.h"

namespace mcp {
namespace {

// The catalog and the server's description never change while it runs, and are the same for
// every client: cacheable by anyone for an hour.
constexpr CachePolicy kStaticResult{.ttl_ms = 3'600'000, .shared = true};

}  // namespace

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
  try {
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
