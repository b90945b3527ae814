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

// nullopt if `body` is not JSON or has no integer error code in either casing.
std::optional<Envelope> parse_envelope(const std::string& body);

}  // namespace pixverse
