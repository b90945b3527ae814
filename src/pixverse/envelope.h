#pragma once
// The response envelope every PixVerse answer uses: {"ErrCode","ErrMsg","Resp"}, or the
// lower-case {"err_code","err_msg","resp"} some error answers (HTTP 500) carry.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace pixverse {

struct Envelope {
  std::int64_t code = 0;
  std::string message;
  nlohmann::json resp;  // null when absent
};

// nullopt if `body` is not JSON or has no error code in either casing. The code is read as a
// JSON integer or as a digit string ("0", "500069"): some gateways and proxies in front of the
// API send numbers as strings, and reading them beats calling the answer unreadable.
std::optional<Envelope> parse_envelope(const std::string& body);

// An integer sent as a JSON integer or as a string of decimal digits (an optional leading '-'),
// exactly (never through double); nullopt for anything else (floats, "", "5.0", " 5", overflow).
std::optional<std::int64_t> integer_value(const nlohmann::json& value);

}  // namespace pixverse
