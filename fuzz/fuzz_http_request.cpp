// What a remote HTTP client controls before its body reaches the protocol layer: the Host and
// Origin checks, the bearer comparison, the SSE event id of a resume, header values in their
// base64 form, and a stateless POST's headers against its body. The input's first line is used
// as every header value, the rest as the body.
#include "fuzz_support.h"
#include "http/bearer.h"
#include "http/event_stream.h"
#include "http/listen_address.h"
#include "http/modern_headers.h"
#include "http/origin_policy.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::quiet();
  const std::string_view input = fuzz::text(data, size);
  const std::size_t newline = input.find('\n');
  const std::string header(input.substr(0, newline));
  const std::string body(newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1));

  http::OriginPolicy policy;
  policy.port = 8808;
  policy.extra_hosts = {"mcp.example.com"};
  policy.extra_origins = {"https://app.example.com"};
  const bool host_ok = http::host_allowed(header, policy);
  if (host_ok) fuzz::require(!header.empty(), "an empty Host allowed");
  (void)http::origin_allowed(std::optional<std::string_view>(header), policy);
  fuzz::require(!http::bearer_matches(header, ""), "a bearer that matches no token");
  fuzz::require(http::bearer_matches("Bearer " + header, header) == !header.empty() ||
                    header.find_first_of(" \t") != std::string::npos,
                "a token that does not match itself");

  std::string problem;
  if (auto address = http::parse_listen_address(header, problem)) {
    fuzz::require(address->port >= 0 && address->port <= 65535, "a listen port out of range");
    fuzz::require(!address->host.empty(), "a listen address without a host");
  } else {
    fuzz::require(!problem.empty(), "a refused listen address without a reason");
  }
  auto [stream, seq] = http::parse_event_id(header);
  if (!stream.empty()) fuzz::require(header.size() > stream.size() + 1, "an event id without its number");
  (void)seq;
  if (auto decoded = http::decode_header_value(header))
    fuzz::require(decoded->size() <= header.size(), "a decoded value longer than its text");

  const mcp::json message = mcp::json::parse(body, nullptr, false);
  if (message.is_discarded()) return 0;
  const http::HeaderLookup same = [&header](std::string_view) { return std::optional<std::string>(header); };
  const http::HeaderLookup none = [](std::string_view) { return std::optional<std::string>(); };
  (void)http::is_stateless_post(message, same);
  if (auto refusal = http::check_stateless_headers(message, same)) {
    fuzz::require(refusal->http_status == 400 && !refusal->message.empty(),
                  "a refusal that is not a 400 with a reason");
  }
  if (message.is_object() && message.contains("id") && message.contains("method") && message["method"].is_string())
    fuzz::require(http::check_stateless_headers(message, none).has_value(), "a request without headers accepted");
  (void)http::status_for_stateless_answer(message, message);
  return 0;
}
