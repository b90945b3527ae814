#include "reply.h"

namespace sim {

Reply envelope(std::int64_t code, std::string_view msg, nlohmann::json resp) {
  nlohmann::json j = {{"ErrCode", code}, {"ErrMsg", std::string(msg)}, {"Resp", std::move(resp)}};
  Reply r;
  r.body = j.dump();
  r.err_code = code;
  return r;
}

Reply success(nlohmann::json resp) { return envelope(0, "success", std::move(resp)); }

Reply bad_request(std::string_view msg) {
  Reply r = envelope(400, msg);
  r.http_status = 400;
  return r;
}

Reply moderation_rejection(std::string_view msg) {
  nlohmann::json j = {{"err_code", 500052}, {"err_msg", std::string(msg)}, {"resp", ""}};
  Reply r;
  r.http_status = 500;
  r.body = j.dump();
  r.err_code = 500052;
  return r;
}

Reply too_many_requests(std::optional<std::int64_t> retry_after_s) {
  Reply r;
  r.http_status = 429;
  r.content_type = "text/plain";
  r.body = "429 Too Many Requests";
  if (retry_after_s) r.headers.emplace_back("Retry-After", std::to_string(*retry_after_s));
  return r;
}

namespace {

bool is_id_key(const std::string& key) {
  return key == "id" || (key.size() > 3 && key.compare(key.size() - 3, 3, "_id") == 0);
}

void numbers_to_strings(nlohmann::json& value) {
  if (value.is_array()) {
    for (auto& item : value) numbers_to_strings(item);
    return;
  }
  if (!value.is_object()) return;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if ((it.key() == "status" || is_id_key(it.key())) && it->is_number_integer()) *it = it->dump();
    else numbers_to_strings(*it);
  }
}

}  // namespace

Reply with_digit_strings(Reply reply) {
  nlohmann::json j = nlohmann::json::parse(reply.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return reply;
  for (const char* key : {"ErrCode", "err_code"})
    if (auto it = j.find(key); it != j.end() && it->is_number_integer()) *it = it->dump();
  for (const char* key : {"Resp", "resp"})
    if (auto it = j.find(key); it != j.end()) numbers_to_strings(*it);
  reply.body = j.dump();
  return reply;
}

Reply not_routed(int http_status) {
  Reply r;
  r.http_status = http_status;
  r.content_type = "text/plain";
  r.body = http_status == 405 ? "405 method not allowed" : "404 page not found";
  return r;
}

}  // namespace sim
