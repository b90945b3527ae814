// Who may reach the HTTP transport: Host and Origin (DNS rebinding, other sites' pages) and
// the operator's bearer token.
#include <catch2/catch.hpp>

#include "http/bearer.h"
#include "http/origin_policy.h"

using http::OriginPolicy;

namespace {

OriginPolicy local(int port = 8808) {
  OriginPolicy p;
  p.port = port;
  return p;
}

}  // namespace

TEST_CASE("Host must name this server: a loopback name with its port, or a name the operator listed", "[http]") {
  const auto p = local();
  for (const char* ok : {"localhost:8808", "LOCALHOST:8808", "localhost.:8808", "127.0.0.1:8808", "[::1]:8808",
                         "localhost", "127.0.0.1", "[::1]"}) {
    INFO(ok);
    CHECK(http::host_allowed(ok, p));
  }
  // Rebinding: a name the attacker controls that resolves to 127.0.0.1; another port; junk.
  for (const char* refused :
       {"evil.example.com:8808", "evil.example.com", "localhost:8809", "127.0.0.2:8808", "localhost.evil.com:8808", "",
        ":8808", "localhost:", "localhost:0", "localhost:99999", "localhost:80a", "::1:8808", "[::1", "[::1]x",
        "local host:8808", "localhost\r\n:8808", "127.0.0.1:8808@evil.com"}) {
    INFO(refused);
    CHECK_FALSE(http::host_allowed(refused, p));
  }
  OriginPolicy proxied = local();
  proxied.extra_hosts = {"MCP.example.com"};
  CHECK(http::host_allowed("mcp.example.com", proxied));
  CHECK(http::host_allowed("mcp.example.com:443", proxied));
  CHECK_FALSE(http::host_allowed("example.com", proxied));
  // Entries are read as Host headers are: a port written in one is not part of the name.
  OriginPolicy listed = local();
  listed.extra_hosts = {"mcp.example.com:443", "[2001:db8::1]:8808", "2001:db8::2"};
  for (const char* ok : {"mcp.example.com", "mcp.example.com:8443", "[2001:db8::1]", "[2001:db8::2]:8808"}) {
    INFO(ok);
    CHECK(http::host_allowed(ok, listed));
  }
  CHECK_FALSE(http::host_allowed("evil.mcp.example.com", listed));
  CHECK_FALSE(http::host_allowed("[2001:db8::3]", listed));
}

TEST_CASE("Origin: none or a local page passes, another site or a null origin is refused", "[http]") {
  const auto p = local();
  CHECK(http::origin_allowed(std::nullopt, p));  // not a browser
  for (const char* ok : {"http://localhost:6274", "http://127.0.0.1:8808", "https://localhost", "http://[::1]:3000",
                         "HTTP://LOCALHOST:6274"}) {
    INFO(ok);
    CHECK(http::origin_allowed(std::string_view(ok), p));
  }
  for (const char* refused :
       {"null", "https://evil.example.com", "http://localhost.evil.com", "file://", "chrome-extension://abc", "",
        "http://", "ws://localhost:8808", "http://127.0.0.1.nip.io"}) {
    INFO(refused);
    CHECK_FALSE(http::origin_allowed(std::string_view(refused), p));
  }
  OriginPolicy listed = local();
  listed.extra_origins = {"https://app.example.com"};
  CHECK(http::origin_allowed(std::string_view("https://app.example.com"), listed));
  CHECK_FALSE(http::origin_allowed(std::string_view("https://app.example.com.evil.com"), listed));
}

TEST_CASE("the operator's allowed hosts and origins are checked before serving: each must be able to match", "[http]") {
  for (const char* good : {"mcp.example.com", "mcp.example.com:443", "10.0.0.5", "[fd00::1]", "[fd00::1]:8808"})
    CHECK(http::valid_allowed_host(good));
  for (const char* bad : {"bad host", "", "mcp.example.com/", "https://mcp.example.com", "fd00::1", "x:99999"})
    CHECK_FALSE(http::valid_allowed_host(bad));
  for (const char* good : {"https://app.example.com", "http://localhost:3000", "HTTPS://App.Example.com"})
    CHECK(http::valid_allowed_origin(good));
  for (const char* bad : {"not an origin", "app.example.com", "https://app.example.com/", "ftp://x", "null"})
    CHECK_FALSE(http::valid_allowed_origin(bad));
}

TEST_CASE("the bearer token must match exactly, with the scheme in any case", "[http]") {
  const std::string token = "s3cret-token";
  CHECK(http::bearer_matches("Bearer s3cret-token", token));
  CHECK(http::bearer_matches("bearer   s3cret-token", token));
  for (const char* refused : {"Bearer s3cret-toke", "Bearer s3cret-token2", "Bearer S3CRET-TOKEN", "Basic s3cret-token",
                              "Bearers3cret-token", "Bearer", "Bearer ", "", "s3cret-token"}) {
    INFO(refused);
    CHECK_FALSE(http::bearer_matches(refused, token));
  }
  CHECK_FALSE(http::bearer_matches("Bearer ", ""));  // no token set: nothing matches
}
