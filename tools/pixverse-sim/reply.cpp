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

Reply not_routed(int http_status) {
  Reply r;
  r.http_status = http_status;
  r.content_type = "text/plain";
  r.body = http_status == 405 ? "405 method not allowed" : "404 page not found";
  return r;
}

}  // namespace sim
