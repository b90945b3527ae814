// Server: what differs between the eras, kept in one file. A request's era is decided once
// (scope_of); its result and error are finished for its revision (finish_result,
// finish_error); everything between is the same code for both.
#include <spdlog/spdlog.h>

#include "mcp/server.h"

namespace mcp {
namespace {

// How long, and for whom, a client may keep a cacheable modern result (2026-07-28: ttlMs and
// cacheScope). The catalog, the server's description and the resource templates never change
// while it runs and are the same for every client: anyone may keep them for an hour. The job
// resources are the user's and change as jobs run: private, and stale at once.
CachePolicy cache_policy(const std::string& method) {
  if (method == "resources/list" || method == "resources/read") return CachePolicy{.ttl_ms = 0, .shared = false};
  return CachePolicy{.ttl_ms = 3'600'000, .shared = true};
}

}  // namespace

Server::RequestScope Server::scope_of(const std::string& method, const json& params) const {
  if (auto modern = decide_era(method, params))
    return RequestScope{revision_named(modern->version), std::move(modern), nullptr};
  return RequestScope{revision_, std::nullopt, roots_.supported() ? &roots_ : nullptr};
}

bool Server::log_enabled(const RequestScope& scope, LogLevel level) const {
  if (!scope.modern) return log_enabled(level);
  return scope.modern->log_level && level >= *scope.modern->log_level;
}

json Server::finish_result(const ProtocolRevision& revision, const std::string& method, json result) const {
  if (!revision.stateless) return result;
  return modern_result(method, std::move(result), server_info(revision), cache_policy(method));
}

RpcError Server::finish_error(const ProtocolRevision& revision, RpcError error) const {
  return revision.stateless ? modern_error(std::move(error)) : error;
}

json Server::finish_response(const ProtocolRevision& revision, const std::string& method, json response) const {
  if (!revision.stateless) return response;
  if (auto result = response.find("result"); result != response.end())
    *result = finish_result(revision, method, std::move(*result));
  else if (auto error = response.find("error");
           error != response.end() && error->value("code", json()).is_number_integer())
    (*error)["code"] = modern_error_code((*error)["code"].get<int>());
  return response;
}

json Server::on_discover() const {
  json versions = json::array();
  for (auto v : modern_versions()) versions.push_back(std::string(v));
  json capabilities{{"tools", json::object()}};
  if (resources_) capabilities["resources"] = json::object();
  // Logs go out for requests that ask (their _meta logLevel); long calls may become tasks.
  capabilities["logging"] = json::object();
  capabilities["extensions"] = {{kTasksExtension, json::object()}};
  json result{{"supportedVersions", std::move(versions)}, {"capabilities", std::move(capabilities)}};
  if (!options_.instructions.empty()) result["instructions"] = options_.instructions;
  return result;
}

}  // namespace mcp
