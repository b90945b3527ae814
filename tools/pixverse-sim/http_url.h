#pragma once
// Parsing of the URLs uploads accept (image_url, file_url) and small string helpers for them.
#include <optional>
#include <string>
#include <string_view>

namespace sim {

struct Url {
  std::string host;  // lower case; IPv6 in brackets
  int port = 80;
  std::string path;  // without query and fragment; "/" if empty
};

// An absolute http(s) URL without user info or control characters; nullopt otherwise.
std::optional<Url> parse_http_url(std::string_view url);
// True if the URL points at this simulator (127.0.0.1 / localhost on `port`).
bool is_own_url(const Url& url, int port);

std::string lower(std::string_view s);
bool ends_with(std::string_view s, std::string_view suffix);

}  // namespace sim
