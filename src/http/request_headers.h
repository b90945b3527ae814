#pragma once
// What an HTTP request's headers say, read strictly: the media type a header names, what the
// client accepts, whether the body's length is stated unambiguously. Used by the transport's
// checks before a body is read (http_transport.cpp).
#include <httplib.h>

#include <optional>
#include <string>

namespace http {

// "Application/JSON; charset=utf-8" → "application/json": parameters dropped, trimmed, lower case.
std::string media_type(const std::string& content_type);

// Why the way a request says where its body ends is ambiguous, or nullopt. A proxy in front may
// read such a request differently (RFC 9112 section 6.3 asks for 400 and a close): more than one
// Content-Length or one that is not a number, a Transfer-Encoding other than one "chunked", or both.
std::optional<std::string> framing_problem(const httplib::Request& req);

// Whether the request says it has a body (a Content-Length other than 0, or a transfer coding).
bool has_body(const httplib::Request& req);

// What a client takes, from the media types its Accept header lists: SSE only when it says so;
// JSON when it says so, says anything (*/*, application/*) or says nothing.
struct Takes {
  bool json = false;
  bool sse = false;
};
Takes takes(const std::string& accept);

// A header value as a log line may show it: control characters and bytes past ASCII replaced, at
// most 200 bytes.
std::string printable(std::string text);

}  // namespace http
