#include "pixverse/base_url.h"

#include <cctype>
#include <regex>
#include <string_view>

#include "common/loopback.h"

namespace pixverse {
namespace {

// URLs longer than this are refused unread (a CDN link with a signed query is a few hundred
// bytes); the origin part is much shorter still (a DNS name is at most 253 bytes).
constexpr std::size_t kMaxUrlBytes = std::size_t{16} * 1024;
constexpr std::size_t kMaxOriginBytes = 512;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::optional<HttpUrl> split_url(const std::string& url) {
  if (url.size() > kMaxUrlBytes) return std::nullopt;
  // Only scheme://host[:port] goes through the regex: libstdc++'s matcher recurses once per
  // character it repeats over, so a long path must not. The host has no '/', so the first '/'
  // after "://" starts the path.
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return std::nullopt;
  const auto path_at = url.find('/', scheme_end + 3);
  const std::string origin = lower(url.substr(0, path_at));
  if (origin.size() > kMaxOriginBytes) return std::nullopt;
  static const std::regex re(R"(^(https?)://(\[[0-9a-f:.]+\]|[a-z0-9.\-]+)(:([0-9]{1,5}))?$)");
  std::smatch m;
  if (!std::regex_match(origin, m, re)) return std::nullopt;
  if (m[4].matched) {
    const int port = std::stoi(m[4].str());
    if (port < 1 || port > 65535) return std::nullopt;
  }
  std::string path = path_at == std::string::npos ? std::string() : url.substr(path_at);
  if (path.find('#') != std::string::npos) return std::nullopt;  // a fragment is never sent
  return HttpUrl{m[1].str(), m[2].str(), origin, std::move(path)};
}

BaseUrl read_base_url(const std::string& url) {
  constexpr std::string_view kApiPrefix = "/openapi/v2";
  const std::string example = std::string(kDefaultBaseUrl) + " (or " + kDefaultBaseUrl + std::string(kApiPrefix) + ")";
  auto u = split_url(url);
  if (!u) return {"", "PIXVERSE_BASE_URL (or --base-url) must look like " + example + ", got \"" + url + "\""};
  if (u->scheme == "http" && !common::is_loopback_host(u->host))
    return {"",
            "PIXVERSE_BASE_URL (or --base-url) must use https:// (plain http:// is only allowed for a "
            "loopback address: 127.0.0.1, [::1] or localhost), got \"" +
                url + "\""};
  std::string_view path = u->path;
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (!path.empty() && path != kApiPrefix)
    return {"", "PIXVERSE_BASE_URL (or --base-url) must be the API origin, like " + example +
                    ", without any other path; got \"" + url + "\" (write " + u->origin + ")"};
  // The scheme's own port is the same origin without it (RFC 6454 §4): one spelling, so the
  // job registry keys one host's jobs the same way however PIXVERSE_BASE_URL writes it.
  std::string origin = u->origin;
  const std::string default_port = u->scheme == "https" ? ":443" : ":80";
  if (origin.size() > default_port.size() &&
      origin.compare(origin.size() - default_port.size(), default_port.size(), default_port) == 0)
    origin.resize(origin.size() - default_port.size());
  return {origin, std::nullopt};
}

std::optional<std::string> check_base_url(const std::string& url) { return read_base_url(url).problem; }

}  // namespace pixverse
