#include "catalog/media_inputs.h"

#include <functional>
#include <map>

#include "catalog/tool_schema.h"

namespace catalog {
namespace {

using nlohmann::json;

std::optional<MediaKind> media_kind(const json& schema) {
  auto it = schema.find("x-media");
  if (it == schema.end() || !it->is_string()) return std::nullopt;
  const auto& k = it->get_ref<const std::string&>();
  if (k == "video") return MediaKind::video;
  if (k == "audio") return MediaKind::audio;
  return MediaKind::image;
}

// A value that still needs an upload: a string that is not a string of digits.
bool needs_upload(const json& v) { return v.is_string() && !as_id(v); }

// Visits every media-capable value of `args` (by the schema's properties, items, and the
// properties of items), with a JSON pointer to it.
void walk(const json& schema, const json& value, const std::string& field, const json::json_pointer& ptr,
          const std::function<void(const std::string&, const json::json_pointer&, MediaKind, const json&)>& visit) {
  if (!schema.is_object()) return;
  if (auto kind = media_kind(schema)) {
    visit(field, ptr, *kind, value);
    return;
  }
  if (value.is_object())
    if (auto props = schema.find("properties"); props != schema.end() && props->is_object())
      for (const auto& [key, sub] : props->items())
        if (value.contains(key)) walk(sub, value[key], field.empty() ? key : field + "." + key, ptr / key, visit);
  if (value.is_array())
    if (auto items = schema.find("items"); items != schema.end())
      for (std::size_t i = 0; i < value.size(); ++i)
        walk(*items, value[i], field + "[" + std::to_string(i) + "]", ptr / i, visit);
}

}  // namespace

std::vector<MediaSlot> media_slots(const json& input_schema, const json& args) {
  std::vector<MediaSlot> out;
  walk(input_schema, args, "", json::json_pointer(), [&](const std::string& field, const json::json_pointer&, MediaKind kind, const json& v) {
    if (needs_upload(v)) out.push_back({field, kind, v.get<std::string>()});
  });
  return out;
}

std::variant<ResolvedInputs, std::string> resolve_media_inputs(const json& input_schema, const json& args,
                                                               const pixverse::Client& client) {
  ResolvedInputs r{args, json::array()};
  std::map<std::pair<int, std::string>, UploadedMedia> done;  // one upload per distinct source
  std::string failure;
  walk(input_schema, args, "", json::json_pointer(),
       [&](const std::string& field, const json::json_pointer& ptr, MediaKind kind, const json& v) {
         if (!failure.empty() || !needs_upload(v)) return;
         const std::string source = v.get<std::string>();
         auto key = std::pair{static_cast<int>(kind), source};
         auto it = done.find(key);
         if (it == done.end()) {
           auto up = upload_media(client, kind, source);
           if (auto* problem = std::get_if<std::string>(&up)) {
             failure = field + ": " + *problem;
             return;
           }
           it = done.emplace(key, std::get<UploadedMedia>(up)).first;
           r.uploads.push_back(json{{"field", field}, {"kind", to_string(kind)}, {"source", it->second.source},
                                    {"id", it->second.id}, {"url", it->second.url}});
         }
         r.args[ptr] = it->second.id;
       });
  if (!failure.empty()) {
    if (!r.uploads.empty()) failure += " Already uploaded (reusable, nothing was lost): " + r.uploads.dump() + ".";
    return failure + " Nothing was sent to generate.";
  }
  return r;
}

}  // namespace catalog
