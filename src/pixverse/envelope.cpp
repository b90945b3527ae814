#include "pixverse/envelope.h"

#include <charconv>

#include "common/json_limits.h"

namespace pixverse {
namespace {

const nlohmann::json* field(const nlohmann::json& body, const char* upper, const char* lower) {
  if (auto it = body.find(upper); it != body.end()) return &*it;
  if (auto it = body.find(lower); it != body.end()) return &*it;
  return nullptr;
}

}  // namespace

std::optional<std::int64_t> integer_value(const nlohmann::json& value) {
  if (value.is_number_unsigned()) {
    if (value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<std::int64_t>(value.get<std::uint64_t>());
  }
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (!value.is_string()) return std::nullopt;
  const auto& text = value.get_ref<const std::string&>();
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

std::optional<Envelope> parse_envelope(const std::string& body) {
  // Ids are int64: nlohmann parses integers exactly (never through double). Size and depth are
  // bounded before parsing: the answer is input from the network.
  nlohmann::json j = json_limits::parse_bounded(body, kMaxAnswerBytes);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  const auto* code_field = field(j, "ErrCode", "err_code");
  if (code_field == nullptr) return std::nullopt;
  auto code = integer_value(*code_field);
  if (!code) return std::nullopt;
  Envelope e;
  e.code = *code;
  if (const auto* msg = field(j, "ErrMsg", "err_msg"); msg != nullptr && msg->is_string())
    e.message = msg->get<std::string>();
  if (const auto* resp = field(j, "Resp", "resp"); resp != nullptr) e.resp = *resp;
  return e;
}

const nlohmann::json& member(const nlohmann::json& object, const std::string& key) {
  static const nlohmann::json absent;
  if (!object.is_object()) return absent;
  auto it = object.find(key);
  return it == object.end() ? absent : *it;
}

std::string text_member(const nlohmann::json& object, const std::string& key, const std::string& fallback) {
  const auto& value = member(object, key);
  return value.is_string() ? value.get<std::string>() : fallback;
}

std::optional<nlohmann::json> as_id(const nlohmann::json& value) {
  if (value.is_number_unsigned()) return value;
  if (value.is_number_integer()) {
    if (value.get<std::int64_t>() < 0) return std::nullopt;
    return value;
  }
  if (value.is_number_float()) {  // 5.0 is an integer to JSON Schema; send it as one
    double d = value.get<double>();
    if (d < 0 || d > 9007199254740992.0 || d != static_cast<double>(static_cast<std::uint64_t>(d))) return std::nullopt;
    return nlohmann::json(static_cast<std::uint64_t>(d));
  }
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    std::uint64_t n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
    return nlohmann::json(n);
  }
  return std::nullopt;
}

}  // namespace pixverse
