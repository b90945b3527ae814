#include "mcp/resources.h"

#include <stdexcept>

namespace mcp {

namespace {

std::optional<std::string> cursor_of(const json& params) {
  auto cursor = params.find("cursor");
  if (cursor == params.end() || cursor->is_null()) return std::nullopt;
  if (!cursor->is_string()) throw RpcError{kInvalidParams, "invalid params: \"cursor\" must be a string"};
  return cursor->get<std::string>();
}

json list_resources(const ResourceProvider& provider, const json& params) {
  if (!provider.list) return json{{"resources", json::array()}};
  try {
    return provider.list(cursor_of(params));
  } catch (const std::invalid_argument& e) {
    throw RpcError{kInvalidParams, std::string("invalid params: ") + e.what()};
  }
}

json list_templates(const ResourceProvider& provider, const json& params) {
  // The whole list fits in one page, so no cursor of ours exists to come back.
  if (cursor_of(params)) throw RpcError{kInvalidParams, "invalid params: unknown cursor"};
  return json{{"resourceTemplates", provider.templates.is_array() ? provider.templates : json::array()}};
}

json read_resource(const ResourceProvider& provider, const json& params) {
  auto uri = params.find("uri");
  if (uri == params.end() || !uri->is_string() || uri->get<std::string>().empty())
    throw RpcError{kInvalidParams, "invalid params: resources/read needs a string \"uri\""};
  std::optional<json> contents = provider.read ? provider.read(uri->get<std::string>()) : std::nullopt;
  if (!contents) throw RpcError{kResourceNotFound, "Resource not found", json{{"uri", *uri}}};
  return std::move(*contents);
}

}  // namespace

json answer_resource_request(const ResourceProvider& provider, const std::string& method, const json& params,
                             const ProtocolRevision& revision) {
  json out;
  if (method == "resources/list") out = list_resources(provider, params);
  else if (method == "resources/templates/list") out = list_templates(provider, params);
  else if (method == "resources/read") return read_resource(provider, params);
  else throw RpcError{kMethodNotFound, "method not found: " + method};
  if (!revision.titles)
    for (const char* key : {"resources", "resourceTemplates"})
      if (auto entries = out.find(key); entries != out.end() && entries->is_array())
        for (auto& entry : *entries)
          if (entry.is_object()) entry.erase("title");
  return out;
}

}  // namespace mcp
