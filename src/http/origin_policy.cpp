#include "http/origin_policy.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace http {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// "name[:port]" or "[v6][:port]" → name (brackets removed, lower case, one trailing dot
// dropped) and port (-1 when absent); nullopt when malformed.
struct Authority {
  std::string name;
  int port = -1;
};

std::optional<Authority> parse_authority(std::string_view text) {
  Authority out;
  std::string_view name = text, port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    name = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::nullopt;
      port = rest.substr(1);
      if (port.empty()) return std::nullopt;
    }
  } else {
    const auto colon = text.rfind(':');
    if (colon != std::string_view::npos) {
      if (text.find(':') != colon) return std::nullopt;  // an unbracketed IPv6 literal
      name = text.substr(0, colon);
      port = text.substr(colon + 1);
      if (port.empty()) return std::nullopt;
    }
  }
  if (!port.empty()) {
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), out.port);
    if (error != std::errc() || end != port.data() + port.size() || out.port < 1 || out.port > 65535)
      return std::nullopt;
  }
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (name.empty()) return std::nullopt;
  for (unsigned char c : name)
    if (!(std::isalnum(c) || c == '-' || c == '.' || c == ':')) return std::nullopt;
  out.name = lower(name);
  return out;
}

bool is_loopback_name(const std::string& name) { return name == "localhost" || name == "127.0.0.1" || name == "::1"; }

bool listed(const std::vector<std::string>& list, const std::string& value) {
  return std::any_of(list.begin(), list.end(), [&](const std::string& item) { return lower(item) == value; });
}

// Whether `name` (a parsed Host's) is one of `hosts`, each read as a Host header is: a port written
// in the list ("mcp.example.com:443") is not part of the name, and brackets are not either. An
// entry that is no authority (a bare IPv6 address, the bound one) is compared as it is written.
bool listed_host(const std::vector<std::string>& hosts, const std::string& name) {
  return std::any_of(hosts.begin(), hosts.end(), [&](const std::string& entry) {
    const auto parsed = parse_authority(entry);
    return (parsed ? parsed->name : lower(entry)) == name;
  });
}

}  // namespace

bool valid_allowed_host(std::string_view entry) { return parse_authority(entry).has_value(); }

bool valid_allowed_origin(std::string_view entry) {
  const std::string origin = lower(entry);
  for (std::string_view scheme : {"http://", "https://"})
    if (origin.rfind(scheme, 0) == 0) return valid_allowed_host(std::string_view(origin).substr(scheme.size()));
  return false;
}

bool host_allowed(std::string_view host_header, const OriginPolicy& policy) {
  const auto host = parse_authority(host_header);
  if (!host) return false;
  if (listed_host(policy.extra_hosts, host->name)) return true;
  return is_loopback_name(host->name) && (host->port == -1 || host->port == policy.port);
}

bool origin_allowed(const std::optional<std::string_view>& origin_header, const OriginPolicy& policy) {
  if (!origin_header) return true;
  const std::string origin = lower(*origin_header);
  if (listed(policy.extra_origins, origin)) return true;
  for (std::string_view scheme : {"http://", "https://"}) {
    if (origin.rfind(scheme, 0) != 0) continue;
    const auto authority = parse_authority(std::string_view(origin).substr(scheme.size()));
    return authority && is_loopback_name(authority->name);
  }
  return false;  // "null", another scheme, or garbage
}

}  // namespace http
