#include "mcp/request_era.h"

#include <algorithm>

#include "common/shortened.h"
#include "mcp/protocol_revision.h"

namespace mcp {

const std::vector<std::string_view>& modern_versions() {
  static const std::vector<std::string_view> versions{"2026-07-28"};
  return versions;
}

bool names_revision_in_meta(const json& params) {
  const auto meta = params.find("_meta");
  return meta != params.end() && meta->is_object() && meta->contains(kProtocolVersionMeta);
}

std::optional<ModernRequest> decide_era(const std::string& method, const json& params) {
  if (!names_revision_in_meta(params)) {
    if (method == "server/discover")
      throw RpcError{kInvalidParams, std::string("invalid params: server/discover needs _meta with \"") +
                                         kProtocolVersionMeta + "\" and \"" + kClientCapabilitiesMeta + "\""};
    return std::nullopt;  // legacy: the session's revision applies
  }
  const auto meta = params.find("_meta");
  const auto version = meta->find(kProtocolVersionMeta);
  if (!version->is_string())
    throw RpcError{kInvalidParams,
                   std::string("invalid params: _meta \"") + kProtocolVersionMeta + "\" must be a string"};
  ModernRequest request;
  request.version = version->get<std::string>();
  const auto& supported = modern_versions();
  if (std::find(supported.begin(), supported.end(), request.version) == supported.end()) {
    json list = json::array();
    for (auto v : supported) list.push_back(std::string(v));
    // A legacy revision is served, but through initialize, not named per request. A version
    // string of absurd length is echoed cut (revisions are dates: 10 characters).
    const std::string shown = common::shortened(request.version, 64);
    const std::string hint =
        find_revision(request.version) ? " (" + shown + " is served after initialize, not named in _meta)" : "";
    throw RpcError{kUnsupportedProtocolVersion, "unsupported protocol version: " + shown + hint,
                   json{{"supported", list}, {"requested", shown}}};
  }
  const auto caps = meta->find(kClientCapabilitiesMeta);
  if (caps == meta->end() || !caps->is_object())
    throw RpcError{kInvalidParams,
                   std::string("invalid params: _meta \"") + kClientCapabilitiesMeta + "\" is required (an object)"};
  request.client_capabilities = *caps;
  if (auto info = meta->find(kClientInfoMeta); info != meta->end()) {
    if (!info->is_object())
      throw RpcError{kInvalidParams,
                     std::string("invalid params: _meta \"") + kClientInfoMeta + "\" must be an object"};
    request.client_info = *info;
  }
  if (auto level = meta->find(kLogLevelMeta); level != meta->end()) {
    request.log_level = level->is_string() ? parse_log_level(level->get<std::string>()) : std::nullopt;
    if (!request.log_level)
      throw RpcError{kInvalidParams, std::string("invalid params: _meta \"") + kLogLevelMeta +
                                         "\" must be a log level (debug, info, notice, warning, error, critical, "
                                         "alert, emergency)"};
  }
  return request;
}

bool is_cacheable(std::string_view method) {
  return method == "tools/list" || method == "prompts/list" || method == "resources/list" ||
         method == "resources/templates/list" || method == "resources/read" || method == "server/discover";
}

json modern_result(std::string_view method, json result, const json& server_info, const CachePolicy& cache) {
  if (!result.is_object()) result = json::object();
  if (!result.contains("resultType")) result["resultType"] = "complete";
  if (is_cacheable(method)) {
    result["ttlMs"] = std::max(0LL, cache.ttl_ms);
    result["cacheScope"] = cache.shared ? "public" : "private";
  }
  json& meta = result["_meta"];
  if (!meta.is_object()) meta = json::object();
  meta[kServerInfoMeta] = server_info;
  return result;
}

int modern_error_code(int code) { return code == kResourceNotFound ? kInvalidParams : code; }

RpcError modern_error(RpcError error) {
  error.code = modern_error_code(error.code);
  return error;
}

}  // namespace mcp
