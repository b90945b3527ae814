#pragma once
// URLs as the client reads them: split into scheme, host, origin and path (the API's base URL
// and the result files' download links), and PIXVERSE_BASE_URL checked and normalised before
// anything is sent to it.
#include <optional>
#include <string>

namespace pixverse {

inline constexpr const char* kDefaultBaseUrl = "https://app-api.pixverse.ai";

// An absolute http(s) URL in parts. Scheme and host are lowercased (RFC 3986 §3.1, §3.2.2 make
// them case-insensitive); an IPv6 host keeps its brackets ("[::1]").
struct HttpUrl {
  std::string scheme;  // "http" or "https"
  std::string host;    // a DNS name, an IPv4 literal, or a bracketed IPv6 literal
  std::string origin;  // scheme://host[:port], lowercased; the port as written
  std::string path;    // from the first '/' after the host, with any query; "" when there is none
};
// nullopt for anything else: another scheme, no "://", a host with other characters, a port
// outside 1–65535, a fragment ('#'), a URL over 16 KiB or an origin over 512 bytes.
std::optional<HttpUrl> split_url(const std::string& url);

// PIXVERSE_BASE_URL as users write it: the origin (https://host[:port], or http:// for
// loopback only: the simulator), optionally followed by the API prefix /openapi/v2 (several
// clients configure https://app-api.pixverse.ai/openapi/v2), and trailing slashes. `origin` is
// what requests are built on (scheme://host[:port], the paths carry /openapi/v2/…); `problem` is
// a configuration error saying what to write instead (then `origin` is empty). Loopback is
// common::is_loopback_host (common/loopback.h): the API key travels in a header, so plain http
// goes only to this machine.
struct BaseUrl {
  std::string origin;
  std::optional<std::string> problem;
};
BaseUrl read_base_url(const std::string& url);
// read_base_url(url).problem.
std::optional<std::string> check_base_url(const std::string& url);

}  // namespace pixverse
