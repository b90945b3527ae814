#include "http/modern_headers.h"

#include <openssl/evp.h>

#include "mcp/protocol_revision.h"
#include "mcp/request_era.h"

namespace http {
namespace {

const mcp::json* meta_of(const mcp::json& message) {
  if (!message.is_object()) return nullptr;
  auto params = message.find("params");
  if (params == message.end() || !params->is_object()) return nullptr;
  auto meta = params->find("_meta");
  return meta != params->end() && meta->is_object() ? &*meta : nullptr;
}

// The body field Mcp-Name mirrors for `method`, or nullptr when the method has none.
const char* name_field(std::string_view method) {
  if (method == "tools/call" || method == "prompts/get") return "name";
  if (method == "resources/read") return "uri";
  if (method == "tasks/get" || method == "tasks/update" || method == "tasks/cancel") return "taskId";
  return nullptr;
}

Refusal mismatch(const std::string& what) { return Refusal{400, kHeaderMismatch, "header mismatch: " + what}; }

}  // namespace

bool is_stateless_post(const mcp::json& message, const HeaderLookup& header) {
  if (message.is_object() && message.contains("params") && mcp::names_revision_in_meta(message["params"])) return true;
  auto version = header("mcp-protocol-version");
  return version && mcp::find_revision(*version) == nullptr;
}

std::optional<std::string> decode_header_value(std::string_view value) {
  constexpr std::string_view kOpen = "=?base64?", kClose = "?=";
  if (value.size() < kOpen.size() + kClose.size() || value.substr(0, kOpen.size()) != kOpen ||
      value.substr(value.size() - kClose.size()) != kClose)
    return std::string(value);
  std::string_view b64 = value.substr(kOpen.size(), value.size() - kOpen.size() - kClose.size());
  if (b64.size() % 4 != 0) return std::nullopt;
  std::string out(b64.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(b64.data()), static_cast<int>(b64.size()));
  if (n < 0) return std::nullopt;
  std::size_t len = static_cast<std::size_t>(n);
  // EVP_DecodeBlock counts the padding as zero bytes.
  for (std::size_t i = b64.size(); i > 0 && b64[i - 1] == '='; --i) --len;
  out.resize(len);
  return out;
}

std::optional<Refusal> check_stateless_headers(const mcp::json& message, const HeaderLookup& header) {
  if (!message.is_object() || !message.contains("method") || !message["method"].is_string())
    return std::nullopt;  // the server answers a malformed message itself
  const std::string method = message["method"].get<std::string>();
  const mcp::json* meta = meta_of(message);
  const bool is_request = message.contains("id");
  if (meta == nullptr || !meta->contains(mcp::kProtocolVersionMeta)) {
    if (!is_request) return std::nullopt;
    return Refusal{
        400, mcp::kInvalidParams,
        std::string("invalid params: a request without a session must name its revision in params._meta[\"") +
            mcp::kProtocolVersionMeta + "\"] (2026-07-28)"};
  }
  auto version = header("mcp-protocol-version");
  const mcp::json& meta_version = (*meta)[mcp::kProtocolVersionMeta];
  if (!version) return mismatch("the MCP-Protocol-Version header is missing");
  if (!meta_version.is_string() || meta_version.get<std::string>() != *version)
    return mismatch("MCP-Protocol-Version says \"" + *version + "\", params._meta says " + meta_version.dump());
  auto method_header = header("mcp-method");
  if (!method_header) {
    if (!is_request) return std::nullopt;  // a notification: answered 202 either way
    return mismatch("the Mcp-Method header is missing");
  }
  if (*method_header != method)
    return mismatch("Mcp-Method says \"" + *method_header + "\", the body \"" + method + "\"");
  if (const char* field = name_field(method)) {
    auto name_header = header("mcp-name");
    if (!name_header) return mismatch("the Mcp-Name header is missing (" + method + " names its " + field + ")");
    auto decoded = decode_header_value(*name_header);
    const mcp::json& params = message["params"];
    auto body_value = params.find(field);
    if (!decoded || body_value == params.end() || !body_value->is_string() ||
        body_value->get<std::string>() != *decoded)
      return mismatch(std::string("Mcp-Name differs from params.") + field);
  }
  return std::nullopt;
}

int status_for_stateless_answer(const mcp::json& response, const mcp::json& request) {
  if (!response.is_object() || !response.contains("error")) return 200;
  const int code = response["error"].value("code", 0);
  if (code == mcp::kMethodNotFound) return 404;
  if (code == kHeaderMismatch || code == mcp::kMissingRequiredClientCapability ||
      code == mcp::kUnsupportedProtocolVersion || code == mcp::kParseError || code == mcp::kInvalidRequest)
    return 400;
  if (code == mcp::kInvalidParams) {
    const mcp::json* meta = meta_of(request);
    if (meta == nullptr || !meta->contains(mcp::kProtocolVersionMeta) || !meta->contains(mcp::kClientCapabilitiesMeta))
      return 400;
  }
  return 200;
}

}  // namespace http
