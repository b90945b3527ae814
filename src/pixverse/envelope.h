#pragma once
// The response envelope every PixVerse answer uses: {"ErrCode","ErrMsg","Resp"}, or the
// lower-case {"err_code","err_msg","resp"} some error answers (HTTP 500) carry.
#include <cstddef>
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

// The largest JSON answer read from PixVerse (a job status or a list page is a few KiB): the
// client stops receiving past it, and parse_envelope refuses a longer body. Result files are
// downloads, with their own cap (Client::download).
inline constexpr std::size_t kMaxAnswerBytes = std::size_t{8} << 20;

// nullopt if `body` is not JSON, is longer than kMaxAnswerBytes, nests deeper than
// json_limits::kMaxDepth (common/json_limits.h) or has no error code in either casing. The code
// is read as a JSON integer or as a digit string ("0", "500069"): some gateways and proxies in
// front of the API send numbers as strings, and reading them beats calling the answer unreadable.
std::optional<Envelope> parse_envelope(const std::string& body);

// An integer sent as a JSON integer or as a string of decimal digits (an optional leading '-'),
// exactly (never through double); nullopt for anything else (floats, "", "5.0", " 5", overflow).
std::optional<std::int64_t> integer_value(const nlohmann::json& value);

// A PixVerse id (video_id, img_id, media_id, …) given as an integer, an integral number up to
// 2^53 or a string of digits, as an exact JSON integer (uint64); nullopt for anything else.
std::optional<nlohmann::json> as_id(const nlohmann::json& value);

// A member of an answer's object, read without trusting its shape: null when `object` is not an
// object (PixVerse or a proxy may send a string, an array or null as Resp) or lacks `key`.
const nlohmann::json& member(const nlohmann::json& object, const std::string& key);
// A string member, or `fallback` when it is absent or not a string.
std::string text_member(const nlohmann::json& object, const std::string& key, const std::string& fallback = {});

}  // namespace pixverse
