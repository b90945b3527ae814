#pragma once
// IP address literals read the way the operating system's resolver reads them (POSIX:
// inet_pton), so that a check on the text (common/loopback.h) and the connection agree on the
// address. The POSIX implementation is platform/posix/ip_literal.cpp.
#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace platform {

// Strict dotted-quad IPv4 ("127.0.0.1"; not "127.1", "0x7f.0.0.1" or leading zeros): its four
// bytes in network order, or nullopt.
std::optional<std::array<std::uint8_t, 4>> parse_ipv4(const std::string& text);

// An IPv6 address in any RFC 4291 spelling, without brackets or zone ("::1",
// "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"): its 16 bytes in network order, or nullopt.
std::optional<std::array<std::uint8_t, 16>> parse_ipv6(const std::string& text);

}  // namespace platform
