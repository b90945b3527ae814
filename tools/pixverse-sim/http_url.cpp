#include "http_url.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace sim {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::optional<Url> parse_http_url(std::string_view url) {
  if (std::any_of(url.begin(), url.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7F; })) return std::nullopt;
  Url out;
  auto sep = url.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  auto scheme = lower(url.substr(0, sep));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  out.port = scheme == "https" ? 443 : 80;
  auto rest = url.substr(sep + 3);
  auto auth_end = rest.find_first_of("/?#");
  auto authority = rest.substr(0, auth_end);
  auto tail = auth_end == std::string_view::npos ? std::string_view() : rest.substr(auth_end);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  std::string_view host = authority, port;
  if (authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(0, close + 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return std::nullopt;
      port = authority.substr(close + 2);
    }
  } else {
    auto colon = authority.find(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
    }
    if (host.empty() ||
        !std::all_of(host.begin(), host.end(), [](unsigned char c) { return std::isalnum(c) || c == '.' || c == '-'; }))
      return std::nullopt;
  }
  if (authority.find(':') != std::string_view::npos && authority.front() != '[' && port.empty()) return std::nullopt;
  if (!port.empty()) {
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), out.port);
    if (ec != std::errc() || end != port.data() + port.size() || out.port < 1 || out.port > 65535) return std::nullopt;
  }
  out.host = lower(host);
  out.path = std::string(tail.substr(0, tail.find_first_of("?#")));
  if (out.path.empty()) out.path.push_back('/');  // not = "/": GCC 12 -O2 reports a false -Wrestrict there
  return out;
}

bool is_own_url(const Url& url, int port) {
  return (url.host == "127.0.0.1" || url.host == "localhost") && url.port == port;
}

}  // namespace sim
