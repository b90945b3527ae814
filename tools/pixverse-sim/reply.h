#pragma once
// What the simulator answers to one /openapi request, before it is written to the socket.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace sim {

struct Reply {
  int http_status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::optional<std::int64_t> err_code;  // the envelope's ErrCode, if the body is an envelope
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

}  // namespace sim
