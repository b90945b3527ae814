#pragma once
// Which browsers and names may reach the HTTP transport: the DNS-rebinding and cross-origin
// checks the Streamable HTTP transport requires (MCP 2025-11-25 basic/transports, "Security
// Warning": servers MUST validate Origin; bind to localhost when local). A page on any site can
// make a browser send requests to 127.0.0.1; a DNS name the attacker controls can even point at
// it. So a request is served only when its Host names this server and its Origin, if any, is
// a local page or one the operator listed.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace http {

struct OriginPolicy {
  int port = 0;  // the port the server listens on
  // Names (not origins) the server is reached by besides the loopback ones, as the operator
  // set them: the public name behind a reverse proxy, "mcp.example.com". Compared without case;
  // any port passes, and a port written in an entry ("mcp.example.com:443") is ignored.
  std::vector<std::string> extra_hosts;
  // Origins of pages allowed to call it besides local ones: "https://app.example.com".
  std::vector<std::string> extra_origins;
};

// Whether a Host header ("localhost:8808", "127.0.0.1", "[::1]:8808", "mcp.example.com")
// names this server: a loopback name (localhost, 127.0.0.1, ::1) with the server's port or
// none, or one of `extra_hosts` with any port. Case and one trailing dot are ignored. An empty
// or malformed header is refused.
bool host_allowed(std::string_view host_header, const OriginPolicy& policy);

// Whether a request with this Origin header may be served: none (not a browser) is allowed;
// "null" (a sandboxed or file page) is not; an http(s) origin whose host is a loopback name
// (any port: local tools such as the MCP Inspector run on their own) or an exact match of
// `extra_origins` is. Anything else — another site — is refused (the transport answers 403).
bool origin_allowed(const std::optional<std::string_view>& origin_header, const OriginPolicy& policy);

// Whether an operator's PIXVERSE_HTTP_ALLOWED_HOSTS entry can ever match a Host header: a name
// or address with an optional port ("mcp.example.com", "10.0.0.5:8808", "[fd00::1]").
bool valid_allowed_host(std::string_view entry);

// Whether an operator's PIXVERSE_HTTP_ALLOWED_ORIGINS entry can ever match an Origin header:
// "http://" or "https://", then a host as above, and nothing more (an origin has no path, not
// even "/"; RFC 6454 §6.2).
bool valid_allowed_origin(std::string_view entry);

}  // namespace http
