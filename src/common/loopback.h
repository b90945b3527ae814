#pragma once
// Whether a host is this machine's loopback interface: the server sends the API key over plain
// http only to such a host (pixverse/base_url.h), and the simulator binds only to one. Decided
// by the address, never by how a name is spelt: a DNS name other than "localhost" may resolve
// anywhere ("127.0.0.1.nip.io", "localhost.example.com"), and so may "localhost." (the trailing
// dot sends it to DNS instead of the hosts file).
#include <cctype>
#include <string>
#include <string_view>

#include "platform/ip_literal.h"

namespace common {

// True for:
//   "localhost", in any letter case;
//   an IPv4 address in 127.0.0.0/8 (RFC 1122 §3.2.1.3) in strict dotted-quad form, as inet_pton
//   reads it: "127.0.0.1", "127.8.9.10";
//   the IPv6 loopback address in any spelling, bare or bracketed as URLs write it: "::1",
//   "[::1]", "[0:0:0:0:0:0:0:1]".
// False for everything else, among them "0.0.0.0" (every interface), "localhost.",
// "127.0.0.1.evil.com", "127.1" and "0x7f.0.0.1" (shorthands some resolvers read, inet_pton does
// not), "127.0.0.01" (leading zeros: octal to some readers), "[127.0.0.1]", IPv4-mapped
// "::ffff:127.0.0.1", a zone ("::1%lo"), "" and any text with a NUL in it.
inline bool is_loopback_host(std::string_view host) {
  constexpr std::string_view kLocalhost = "localhost";
  if (host.size() == kLocalhost.size()) {
    bool same = true;
    for (std::size_t i = 0; i < host.size(); ++i)
      same = same && std::tolower(static_cast<unsigned char>(host[i])) == kLocalhost[i];
    if (same) return true;
  }
  // Longer than any address literal, or a NUL that would end the C string's reading early.
  if (host.size() > 64 || host.find('\0') != std::string_view::npos) return false;
  const bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
  const std::string text(bracketed ? host.substr(1, host.size() - 2) : host);
  if (auto v6 = platform::parse_ipv6(text)) {
    constexpr std::array<std::uint8_t, 16> kLoopback{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    return *v6 == kLoopback;
  }
  if (bracketed) return false;  // brackets are for IPv6 only
  const auto v4 = platform::parse_ipv4(text);
  return v4 && (*v4)[0] == 127;
}

}  // namespace common
