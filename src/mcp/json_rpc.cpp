#include "mcp/json_rpc.h"

namespace mcp {

json parse_json_text(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) return json(json::value_t::discarded);
  return json::parse(text, nullptr, /*allow_exceptions=*/false);
}

json make_result(const json& id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json make_error(const json& id, int code, const std::string& message, std::optional<json> data) {
  json error{{"code", code}, {"message", message}};
  if (data) error["data"] = std::move(*data);
  json out{{"jsonrpc", "2.0"}};
  if (!id.is_null()) out["id"] = id;
  out["error"] = std::move(error);
  return out;
}

json make_error(const json& id, const RpcError& error) { return make_error(id, error.code, error.what(), error.data); }

json make_response(const json& id, json outcome) {
  outcome["jsonrpc"] = "2.0";
  outcome["id"] = id;
  return outcome;
}

json make_notification(const std::string& method, json params) {
  return json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

bool is_valid_request_id(const json& id) {
  return id.is_string() || id.is_number_integer();  // number_unsigned counts as integer
}

std::string to_wire(const json& message) {
  return message.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string result_to_wire(const json& id, const std::string& result_wire) {
  return R"({"id":)" + to_wire(id) + R"(,"jsonrpc":"2.0","result":)" + result_wire + "}";  // to_wire's key order
}

}  // namespace mcp
