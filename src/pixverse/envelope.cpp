#include "pixverse/envelope.h"

namespace pixverse {
namespace {

const nlohmann::json* field(const nlohmann::json& body, const char* upper, const char* lower) {
  if (auto it = body.find(upper); it != body.end()) return &*it;
  if (auto it = body.find(lower); it != body.end()) return &*it;
  return nullptr;
}

}  // namespace

std::optional<Envelope> parse_envelope(const std::string& body) {
  // Ids are int64: nlohmann parses integers exactly (never through double).
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  const auto* code = field(j, "ErrCode", "err_code");
  if (code == nullptr || !code->is_number_integer()) return std::nullopt;
  Envelope e;
  e.code = code->get<std::int64_t>();
  if (const auto* msg = field(j, "ErrMsg", "err_msg"); msg != nullptr && msg->is_string())
    e.message = msg->get<std::string>();
  if (const auto* resp = field(j, "Resp", "resp"); resp != nullptr) e.resp = *resp;
  return e;
}

}  // namespace pixverse
