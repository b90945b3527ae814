#include "http/listen_address.h"

#include <charconv>

namespace http {

std::optional<ListenAddress> parse_listen_address(std::string_view text, std::string& problem) {
  ListenAddress out;
  std::string_view host, port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      problem = "an IPv6 address is written [address]:port, got \"" + std::string(text) + "\"";
      return std::nullopt;
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else if (const auto colon = text.rfind(':'); colon == std::string_view::npos) {
    port = text;  // "8808"
  } else {
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      problem = "an IPv6 address is written [address]:port, got \"" + std::string(text) + "\"";
      return std::nullopt;
    }
  }
  int value = -1;
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || ptr != port.data() + port.size() || value < 0 || value > 65535) {
    problem = "expected HOST:PORT with a port from 0 to 65535, got \"" + std::string(text) + "\"";
    return std::nullopt;
  }
  out.host = host.empty() ? "127.0.0.1" : std::string(host);
  out.port = value;
  return out;
}

}  // namespace http
