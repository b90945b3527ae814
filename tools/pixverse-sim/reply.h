#pragma once
// What the simulator answers to one /openapi request, before it is written to the socket.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace sim {

struct Reply {
  int http_status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::optional<std::int64_t> err_code;  // the envelope's ErrCode, if the body is an envelope
  std::vector<std::pair<std::string, std::string>> headers = {};  // extra response headers (Retry-After)
};

// {"ErrCode":code,"ErrMsg":msg,"Resp":resp} with HTTP 200 (business errors are HTTP 200).
Reply envelope(std::int64_t code, std::string_view msg, nlohmann::json resp = nullptr);
Reply success(nlohmann::json resp);
// A malformed request (wrong content type, body not a JSON object): HTTP 400 + envelope ErrCode 400.
Reply bad_request(std::string_view msg);
// Moderation rejection of an upload, as documented: HTTP 500, lower-case envelope.
Reply moderation_rejection(std::string_view msg);
// Unknown path (404) or wrong method (405): plain text, like a Go router.
Reply not_routed(int http_status);
// HTTP 429 from a rate limiter in front of the API: plain text, with `Retry-After: <seconds>`
// when `retry_after_s` is given.
Reply too_many_requests(std::optional<std::int64_t> retry_after_s);
// The same answer with numbers as some gateways send them: the envelope's ErrCode, and inside
// Resp every `status` and every id (`id`, `*_id`) that is an integer, as digit strings.
// A body that is not a JSON object is returned unchanged.
Reply with_digit_strings(Reply reply);

}  // namespace sim
