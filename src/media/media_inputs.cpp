#include "media/media_inputs.h"

#include <cmath>
#include <map>

#include "pixverse/envelope.h"

namespace app {
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
bool needs_upload(const json& v) { return v.is_string() && !pixverse::as_id(v); }

// An array whose media are limited together ("max_total_seconds").
struct MediaGroup {
  std::string field;
  double max_total_seconds;
};

// One media-capable value of the arguments.
struct Visit {
  std::string field;
  json::json_pointer ptr;
  MediaKind kind;
  MediaLimits limits;
  int group;  // index into the groups, -1 = none
  const json* value;
};

// Visits every media-capable value of `args` (by the schema's properties, items, and the
// properties of items), with a JSON pointer to it and the group it belongs to.
void walk(const json& schema, const json& value, const std::string& field, const json::json_pointer& ptr, int group,
          std::vector<MediaGroup>& groups, std::vector<Visit>& out) {
  if (!schema.is_object()) return;
  if (auto kind = media_kind(schema)) {
    out.push_back({field, ptr, *kind, media_limits(*kind, schema.value("x-media-limits", json())), group, &value});
    return;
  }
  if (auto limits = schema.find("x-media-limits"); limits != schema.end() && limits->contains("max_total_seconds")) {
    groups.push_back({field, limits->at("max_total_seconds").get<double>()});
    group = static_cast<int>(groups.size()) - 1;
  }
  if (value.is_object())
    if (auto props = schema.find("properties"); props != schema.end() && props->is_object())
      for (const auto& [key, sub] : props->items())
        if (value.contains(key))
          walk(sub, value[key], field.empty() ? key : field + "." + key, ptr / key, group, groups, out);
  if (value.is_array())
    if (auto items = schema.find("items"); items != schema.end())
      for (std::size_t i = 0; i < value.size(); ++i)
        walk(*items, value[i], field + "[" + std::to_string(i) + "]", ptr / i, group, groups, out);
}

std::string seconds_text(double s) {
  std::string t = std::to_string(std::round(s * 100) / 100);
  t.erase(t.find_last_not_of('0') + 1);
  if (!t.empty() && t.back() == '.') t.pop_back();
  return t;
}

}  // namespace

std::vector<MediaSlot> media_slots(const json& input_schema, const json& args) {
  std::vector<MediaGroup> groups;
  std::vector<Visit> visits;
  walk(input_schema, args, "", json::json_pointer(), -1, groups, visits);
  std::vector<MediaSlot> out;
  for (const auto& v : visits)
    if (needs_upload(*v.value)) out.push_back({v.field, v.kind, v.value->get<std::string>(), v.limits});
  return out;
}

common::Expected<ResolvedInputs> resolve_media_inputs(const json& input_schema, const json& args,
                                                      const pixverse::Client& client, const FileAccess* access) {
  std::vector<MediaGroup> groups;
  std::vector<Visit> visits;
  walk(input_schema, args, "", json::json_pointer(), -1, groups, visits);
  using Key = std::pair<int, std::string>;  // one upload per distinct source of a kind
  const std::string not_sent = " Nothing was sent to generate.";

  // 1. Every local source read and checked against the limits of every input it is given to,
  //    before anything is uploaded.
  std::map<Key, PreparedMedia> prepared;
  for (const auto& v : visits) {
    if (!needs_upload(*v.value)) continue;
    const std::string source = v.value->get<std::string>();
    const Key key{static_cast<int>(v.kind), source};
    auto it = prepared.find(key);
    if (it == prepared.end()) {
      auto p = prepare_media(v.kind, source, v.limits, access);
      if (!p) return common::Unexpected{v.field + ": " + p.error() + not_sent};
      prepared.emplace(key, std::move(*p));
    } else if (it->second.file) {
      if (auto problem = check_media_limits(*it->second.file, v.kind, v.limits, shown_source(source)))
        return common::Unexpected{v.field + ": " + *problem + ". Nothing was uploaded." + not_sent};
    }
  }

  // 2. Limits of media taken together (only local files state their playing time here).
  for (std::size_t g = 0; g < groups.size(); ++g) {
    double total = 0;
    std::string parts;
    for (const auto& v : visits) {
      if (v.group != static_cast<int>(g) || !needs_upload(*v.value)) continue;
      const auto& p = prepared.at({static_cast<int>(v.kind), v.value->get<std::string>()});
      if (!p.file || !p.file->seconds) continue;
      total += *p.file->seconds;
      parts += (parts.empty() ? "" : " + ") + seconds_text(*p.file->seconds) + " s";
    }
    if (total > groups[g].max_total_seconds)  // no tolerance, as for one file (media_file.cpp)
      return common::Unexpected{groups[g].field + ": the videos play " + parts + " = " + seconds_text(total) +
                                " s together; PixVerse takes at most " + seconds_text(groups[g].max_total_seconds) +
                                " s in total here (trim them first). Nothing was uploaded." + not_sent};
  }

  // 3. The uploads, in the order of the arguments.
  ResolvedInputs r{args, json::array()};
  std::map<Key, UploadedMedia> done;
  for (const auto& v : visits) {
    if (!needs_upload(*v.value)) continue;
    const Key key{static_cast<int>(v.kind), v.value->get<std::string>()};
    auto it = done.find(key);
    if (it == done.end()) {
      auto up = upload_prepared(client, std::move(prepared.at(key)));
      if (!up) {
        std::string failure = v.field + ": " + up.error();
        if (!r.uploads.empty()) failure += " Already uploaded (reusable, nothing was lost): " + r.uploads.dump() + ".";
        return common::Unexpected{failure + not_sent};
      }
      it = done.emplace(key, std::move(*up)).first;
      r.uploads.push_back(json{{"field", v.field},
                               {"kind", to_string(v.kind)},
                               {"source", it->second.source},
                               {"id", it->second.id},
                               {"url", it->second.url}});
    }
    r.args[v.ptr] = it->second.id;
  }
  return r;
}

}  // namespace app
