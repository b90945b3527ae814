#pragma once
// The address the operator tells the HTTP transport to listen on (--http, PIXVERSE_HTTP_LISTEN).
#include <optional>
#include <string>
#include <string_view>

namespace http {

struct ListenAddress {
  std::string host;  // "127.0.0.1", "::1", "0.0.0.0", "localhost" (brackets removed)
  int port = 0;      // 0..65535; 0 takes a free port
};

// "127.0.0.1:8808", "localhost:8808", "[::1]:8808", "0.0.0.0:0" → host and port; a bare
// ":8808" or "8808" means loopback (127.0.0.1). nullopt with `problem` set for anything else.
std::optional<ListenAddress> parse_listen_address(std::string_view text, std::string& problem);

}  // namespace http
