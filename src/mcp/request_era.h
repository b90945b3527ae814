#pragma once
// Which era of MCP a request speaks, decided in one place per message (2026-07-28,
// basic/versioning: one process may serve both). A legacy request (2024-11-05 … 2025-11-25)
// relies on the session `initialize` opened; a modern one (2026-07-28) carries everything in
// its own `params._meta`:
//   "io.modelcontextprotocol/protocolVersion": "2026-07-28"   required
//   "io.modelcontextprotocol/clientCapabilities": {…}         required
//   "io.modelcontextprotocol/clientInfo": {…}                 optional
//   "io.modelcontextprotocol/logLevel": "info"                optional: notifications/message
//                                                              only for requests that ask
// Handlers never branch on the era: the server decides it here, answers with the request's
// own revision, and finishes results and errors for the era (modern_result, modern_error).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/json_rpc.h"
#include "mcp/log_level.h"

namespace mcp {

inline constexpr const char* kProtocolVersionMeta = "io.modelcontextprotocol/protocolVersion";
inline constexpr const char* kClientCapabilitiesMeta = "io.modelcontextprotocol/clientCapabilities";
inline constexpr const char* kClientInfoMeta = "io.modelcontextprotocol/clientInfo";
inline constexpr const char* kLogLevelMeta = "io.modelcontextprotocol/logLevel";
inline constexpr const char* kServerInfoMeta = "io.modelcontextprotocol/serverInfo";

// The modern revisions this server serves, newest first.
const std::vector<std::string_view>& modern_versions();

// -32022 (2026-07-28, basic/versioning): the request names a version this server does not
// serve; data = {"supported": [...], "requested": "<version>"}.
inline constexpr int kUnsupportedProtocolVersion = -32022;
// -32021 (2026-07-28, basic/versioning): the request needs a client capability its _meta did not
// declare; data = {"requiredCapabilities": <ClientCapabilities naming what is missing>}.
inline constexpr int kMissingRequiredClientCapability = -32021;

// What a modern request said about itself.
struct ModernRequest {
  std::string version;
  json client_capabilities = json::object();
  std::optional<json> client_info;
  std::optional<LogLevel> log_level;  // none: send no notifications/message for this request
};

// Whether a message's params name a revision in their _meta (the 2026 form), whatever else is
// right or wrong with them: what decide_era checks first, and what a notification is read by.
bool names_revision_in_meta(const json& params);

// The era of one request: std::nullopt for legacy (no protocolVersion in `params._meta`), a
// ModernRequest for modern. Throws RpcError: -32602 when a modern request lacks or misstates a
// required `_meta` field (and for server/discover without `_meta`: it exists only in the
// modern era), -32022 for a version not in modern_versions().
std::optional<ModernRequest> decide_era(const std::string& method, const json& params);

// Whether a modern result of `method` is cacheable and so MUST carry ttlMs and cacheScope
// (2026-07-28: tools/list, prompts/list, resources/list, resources/templates/list,
// resources/read, server/discover).
bool is_cacheable(std::string_view method);

// How long, and for whom, a client may keep a cacheable result.
struct CachePolicy {
  long long ttl_ms = 0;  // milliseconds, ≥ 0
  bool shared = false;   // cacheScope "public" when true, "private" otherwise
};

// A handler's result as the modern era sends it: resultType "complete" unless the handler
// set one, ttlMs/cacheScope on cacheable methods (from `cache`), and the server's info in
// `_meta` (io.modelcontextprotocol/serverInfo), keeping what `_meta` already holds.
json modern_result(std::string_view method, json result, const json& server_info, const CachePolicy& cache);

// An error code as the modern era sends it: -32002 (legacy "resource not found") MUST NOT be
// sent in 2026-07-28 and becomes -32602; every other code is kept.
int modern_error_code(int code);
// modern_error_code applied to an error, message and data kept.
RpcError modern_error(RpcError error);

}  // namespace mcp
