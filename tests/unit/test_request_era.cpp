// The era of a request (mcp/request_era.h), decided from its own _meta, and how the modern era
// finishes results and errors (2026-07-28: basic/versioning, server/discover, caching).
#include <catch2/catch.hpp>

#include "mcp/request_era.h"

using nlohmann::json;

namespace {

json modern_params(json extra = json::object()) {
  json meta{{mcp::kProtocolVersionMeta, "2026-07-28"}, {mcp::kClientCapabilitiesMeta, json::object()}};
  for (auto& [k, v] : extra.items()) meta[k] = v;
  return json{{"_meta", meta}};
}

// The RpcError decide_era throws for these params.
mcp::RpcError refusal(const std::string& method, const json& params) {
  try {
    mcp::decide_era(method, params);
  } catch (const mcp::RpcError& e) {
    return e;
  }
  FAIL("decide_era accepted " << params.dump());
  return mcp::RpcError{0, ""};
}

}  // namespace

TEST_CASE("a request without protocolVersion in _meta is legacy, whatever else it carries", "[era]") {
  CHECK_FALSE(mcp::decide_era("tools/list", json::object()));
  CHECK_FALSE(mcp::decide_era("tools/call", json{{"name", "x"}, {"_meta", {{"progressToken", 1}}}}));
  CHECK_FALSE(mcp::decide_era("ping", json{{"_meta", "not an object"}}));
}

TEST_CASE("a modern request names its version, capabilities, client and log level in _meta", "[era]") {
  auto r = mcp::decide_era("tools/list", modern_params());
  REQUIRE(r);
  CHECK(r->version == "2026-07-28");
  CHECK(r->client_capabilities == json::object());
  CHECK_FALSE(r->client_info);
  CHECK_FALSE(r->log_level);  // no notifications/message unless asked for

  r = mcp::decide_era("tools/call", modern_params({{mcp::kClientInfoMeta, {{"name", "c"}, {"version", "1"}}},
                                                   {mcp::kLogLevelMeta, "warning"},
                                                   {mcp::kClientCapabilitiesMeta, {{"elicitation", json::object()}}}}));
  REQUIRE(r);
  CHECK(r->client_info->at("name") == "c");
  CHECK(r->log_level == mcp::LogLevel::warning);
  CHECK(r->client_capabilities.contains("elicitation"));
}

TEST_CASE("a modern request missing or misstating a required _meta field is refused with -32602", "[era]") {
  json no_caps{{"_meta", {{mcp::kProtocolVersionMeta, "2026-07-28"}}}};
  CHECK(refusal("tools/list", no_caps).code == mcp::kInvalidParams);
  CHECK_THAT(refusal("tools/list", no_caps).what(), Catch::Contains(mcp::kClientCapabilitiesMeta));
  CHECK(refusal("tools/list", modern_params({{mcp::kClientCapabilitiesMeta, "all"}})).code == mcp::kInvalidParams);
  CHECK(refusal("tools/list", json{{"_meta", {{mcp::kProtocolVersionMeta, 20260728}}}}).code == mcp::kInvalidParams);
  CHECK(refusal("tools/list", modern_params({{mcp::kLogLevelMeta, "loud"}})).code == mcp::kInvalidParams);
  CHECK(refusal("tools/list", modern_params({{mcp::kClientInfoMeta, "me"}})).code == mcp::kInvalidParams);
  // server/discover exists only in the modern era: without _meta it is not a legacy request.
  CHECK(refusal("server/discover", json::object()).code == mcp::kInvalidParams);
}

TEST_CASE("an unknown version is -32022 with the supported list and the requested version", "[era]") {
  for (const char* asked : {"2027-01-01", "2025-11-25", ""}) {
    INFO(asked);
    const auto e = refusal("server/discover", modern_params({{mcp::kProtocolVersionMeta, asked}}));
    CHECK(e.code == mcp::kUnsupportedProtocolVersion);
    REQUIRE(e.data);
    CHECK(e.data->at("supported") == json::array({"2026-07-28"}));
    CHECK(e.data->at("requested") == asked);
  }
}

TEST_CASE("a version string of absurd length is echoed cut, never whole", "[era]") {
  const std::string huge(1 << 20, '9');
  const auto e = refusal("tools/list", modern_params({{mcp::kProtocolVersionMeta, huge}}));
  CHECK(e.code == mcp::kUnsupportedProtocolVersion);
  CHECK(std::string(e.what()).size() < 200);
  CHECK(e.data->at("requested").get<std::string>().size() < 100);
}

TEST_CASE("modern results carry resultType, the server's info, and cache fields where cacheable", "[era]") {
  const json info{{"name", "pixverse-mcp"}, {"version", "0.1.0"}};
  json r = mcp::modern_result("tools/list", json{{"tools", json::array()}}, info, {60000, true});
  CHECK(r["resultType"] == "complete");
  CHECK(r["ttlMs"] == 60000);
  CHECK(r["cacheScope"] == "public");
  CHECK(r["_meta"][mcp::kServerInfoMeta] == info);

  r = mcp::modern_result("tools/call", json{{"content", json::array()}, {"_meta", {{"k", 1}}}}, info, {60000, true});
  CHECK_FALSE(r.contains("ttlMs"));  // not a cacheable method
  CHECK_FALSE(r.contains("cacheScope"));
  CHECK(r["_meta"]["k"] == 1);  // what the handler put there stays
  CHECK(r["_meta"].contains(mcp::kServerInfoMeta));

  r = mcp::modern_result("resources/read", json{{"resultType", "input_required"}}, info, {-5, false});
  CHECK(r["resultType"] == "input_required");  // a handler's own type is kept
  CHECK(r["ttlMs"] == 0);                      // never negative
  CHECK(r["cacheScope"] == "private");

  for (const char* m : {"tools/list", "prompts/list", "resources/list", "resources/templates/list", "resources/read",
                        "server/discover"})
    CHECK(mcp::is_cacheable(m));
  CHECK_FALSE(mcp::is_cacheable("tools/call"));
}

TEST_CASE("the modern era never sends -32002: resource not found becomes -32602", "[era]") {
  auto e = mcp::modern_error(mcp::RpcError{mcp::kResourceNotFound, "no such resource", json{{"uri", "x"}}});
  CHECK(e.code == mcp::kInvalidParams);
  CHECK(std::string(e.what()) == "no such resource");
  CHECK(e.data->at("uri") == "x");
  CHECK(mcp::modern_error(mcp::RpcError{mcp::kMethodNotFound, "m"}).code == mcp::kMethodNotFound);
}
