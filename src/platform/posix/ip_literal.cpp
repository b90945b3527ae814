// platform/ip_literal.h on POSIX: inet_pton(3).
#include "platform/ip_literal.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

namespace platform {

std::optional<std::array<std::uint8_t, 4>> parse_ipv4(const std::string& text) {
  in_addr address{};
  if (inet_pton(AF_INET, text.c_str(), &address) != 1) return std::nullopt;
  std::array<std::uint8_t, 4> bytes{};
  std::memcpy(bytes.data(), &address.s_addr, bytes.size());  // s_addr is in network order
  return bytes;
}

std::optional<std::array<std::uint8_t, 16>> parse_ipv6(const std::string& text) {
  in6_addr address{};
  if (inet_pton(AF_INET6, text.c_str(), &address) != 1) return std::nullopt;
  std::array<std::uint8_t, 16> bytes{};
  std::memcpy(bytes.data(), address.s6_addr, bytes.size());
  return bytes;
}

}  // namespace platform
