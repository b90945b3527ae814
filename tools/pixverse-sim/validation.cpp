#include "validation.h"

#include <algorithm>

#include "model_rules.h"

namespace sim {
namespace {

using nlohmann::json;

std::string type_name(FieldType t) {
  switch (t) {
    case FieldType::String: return "string";
    case FieldType::Integer: return "integer";
    case FieldType::Id: return "integer (uint64)";
    case FieldType::Boolean: return "boolean";
    case FieldType::IdArray: return "array of integers (uint64)";
  }
  return "?";
}

std::string describe(const json& v) {
  if (v.is_number_float()) return "float " + v.dump();
  if (v.is_number_integer()) return "integer " + v.dump();
  if (v.is_string()) {
    std::string s = v.dump();
    return "string " + (s.size() > 40 ? s.substr(0, 37) + "...\"" : s);
  }
  return v.type_name();
}

bool fits_int64(const json& v) {
  return !v.is_number_unsigned() || v.get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX);
}

bool type_ok(FieldType t, const json& v) {
  switch (t) {
    case FieldType::String: return v.is_string();
    case FieldType::Integer: return v.is_number_integer() && fits_int64(v);
    case FieldType::Id: return v.is_number_unsigned();
    case FieldType::Boolean: return v.is_boolean();
    case FieldType::IdArray:
      return v.is_array() && std::all_of(v.begin(), v.end(), [](const json& e) { return e.is_number_unsigned(); });
  }
  return false;
}

std::size_t utf8_chars(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::optional<ValidationError> invalid(std::string msg) { return ValidationError{400017, std::move(msg)}; }

std::optional<ValidationError> check_value(const FieldRule& r, const json& v) {
  const std::string name(r.name);
  if (r.type == FieldType::String) {
    auto s = v.get<std::string>();
    if (!r.one_of.empty() && std::find(r.one_of.begin(), r.one_of.end(), s) == r.one_of.end())
      return invalid(name + " '" + s + "' is not supported (allowed: " + join(r.one_of) + ")");
    if (r.max_chars && utf8_chars(s) > r.max_chars)
      return invalid(name + " is too long: " + std::to_string(utf8_chars(s)) + " characters (max " +
                     std::to_string(r.max_chars) + ")");
  } else if (r.type == FieldType::Integer) {
    auto n = v.get<std::int64_t>();
    if ((r.min && n < *r.min) || (r.max && n > *r.max))
      return invalid(name + " must be between " + (r.min ? std::to_string(*r.min) : "-inf") + " and " +
                     (r.max ? std::to_string(*r.max) : "inf") + " (got " + std::to_string(n) + ")");
  } else if (r.type == FieldType::Id) {
    if (r.min && v.get<std::uint64_t>() < static_cast<std::uint64_t>(*r.min))
      return invalid(name + " must be a positive id (got " + v.dump() + ")");
  }
  return std::nullopt;
}

// ---- per-model rules shared by text- and image-to-video -----------------------------------

struct Gate {
  std::string_view field;
  bool ModelInfo::*flag;
  bool template_unlocks;  // allowed on any model when template_id is set
};

constexpr Gate kGates[] = {
    {"generate_audio_switch", &ModelInfo::audio_switch, false},
    {"generate_multi_clip_switch", &ModelInfo::multi_clip, false},
    {"sound_effect_switch", &ModelInfo::legacy_audio, true},
    {"sound_effect_content", &ModelInfo::legacy_audio, true},
    {"lip_sync_tts_switch", &ModelInfo::legacy_audio, true},
    {"lip_sync_tts_content", &ModelInfo::legacy_audio, true},
    {"lip_sync_tts_speaker_id", &ModelInfo::legacy_audio, true},
    {"camera_movement", &ModelInfo::camera_movement, false},
};

std::optional<ValidationError> check_model_rules(const json& body, bool with_aspect_ratio) {
  const auto model_id = body.at("model").get<std::string>();
  const ModelInfo& m = *find_model(model_id);  // the enum check already passed
  const auto quality = body.at("quality").get<std::string>();
  const auto duration = body.at("duration").get<std::int64_t>();
  if (!duration_allowed(m, duration, quality)) {
    std::string at = quality == "1080p" ? " at 1080p" : "";
    return invalid("duration " + std::to_string(duration) + " is not supported" + at + " by model " + model_id +
                   " (allowed" + at + ": " + allowed_durations_text(m, quality) + ")");
  }
  if (with_aspect_ratio) {
    auto ar = body.at("aspect_ratio").get<std::string>();
    auto allowed = aspect_ratios_for(m);
    if (std::find(allowed.begin(), allowed.end(), ar) == allowed.end())
      return invalid("aspect_ratio " + ar + " is not supported by model " + model_id + " (allowed: " + join(allowed) +
                     ")");
  }
  if (has_value(body, "motion_mode") && body["motion_mode"].get<std::string>() == "fast") {
    if (!m.fast_motion)
      return invalid("motion_mode fast is not supported by model " + model_id +
                     " (supported by: " + models_with(&ModelInfo::fast_motion) + ")");
    if (duration != 5) return invalid("motion_mode fast requires duration 5 (got " + std::to_string(duration) + ")");
    if (quality == "1080p") return invalid("motion_mode fast is not available at 1080p");
  }
  const bool has_template = has_value(body, "template_id");
  for (const Gate& g : kGates) {
    if (!has_value(body, g.field) || m.*g.flag || (g.template_unlocks && has_template)) continue;
    return invalid(std::string(g.field) + " is not supported by model " + model_id + " (supported by: " +
                   models_with(g.flag) + (g.template_unlocks ? "; any model with template_id" : "") + ")");
  }
  if (has_template && has_value(body, "camera_movement"))
    return invalid("camera_movement cannot be combined with template_id");
  return std::nullopt;
}

std::optional<ValidationError> t2v_model_rules(const json& body, const ValidationContext&) {
  return check_model_rules(body, true);
}

std::optional<ValidationError> i2v_model_rules(const json& body, const ValidationContext&) {
  return check_model_rules(body, false);
}

std::optional<ValidationError> i2v_image_rules(const json& body, const ValidationContext& ctx) {
  const bool one = has_value(body, "img_id"), many = has_value(body, "img_ids");
  if (one && many) return invalid("img_id and img_ids are mutually exclusive (img_ids is for multi-image templates)");
  if (!one && !many) return ValidationError{400011, "img_id is required"};
  std::vector<std::uint64_t> ids;
  if (one) ids.push_back(body["img_id"].get<std::uint64_t>());
  if (many) {
    if (!has_value(body, "template_id")) return invalid("img_ids is only allowed together with template_id");
    if (body["img_ids"].empty()) return invalid("img_ids must not be empty");
    for (const auto& e : body["img_ids"]) ids.push_back(e.get<std::uint64_t>());
  }
  for (auto id : ids)
    if (!ctx.image_exists || !ctx.image_exists(id))
      return ValidationError{400032, "couldn't find a matching img_id: " + std::to_string(id) +
                                         " (use an img_id returned by /openapi/v2/image/upload)"};
  return std::nullopt;
}

std::vector<std::string_view> model_ids() {
  std::vector<std::string_view> ids;
  for (const auto& m : all_models()) ids.push_back(m.id);
  return ids;
}

std::vector<std::string_view> all_aspect_ratios() {
  return aspect_ratios_for(*find_model("v6"));
}

// Fields shared by text- and image-to-video.
std::vector<FieldRule> generation_fields() {
  return {
      {"prompt", FieldType::String, true, {}, {}, {}, 5000},
      {"model", FieldType::String, true, model_ids()},
      {"duration", FieldType::Integer, true},
      {"quality", FieldType::String, true, qualities()},
      {"seed", FieldType::Integer, false, {}, 0, 2147483647},
      {"negative_prompt", FieldType::String, false, {}, {}, {}, 2048},
      {"motion_mode", FieldType::String, false, {"normal", "fast"}},
      {"style", FieldType::String, false, {"anime", "3d_animation", "clay", "comic", "cyberpunk"}},
      {"camera_movement", FieldType::String, false,
       {"horizontal_left", "horizontal_right", "vertical_up", "vertical_down", "zoom_in", "zoom_out", "crane_up",
        "quickly_zoom_in", "quickly_zoom_out", "smooth_zoom_in", "camera_rotation", "robo_arm", "super_dolly_out",
        "whip_pan", "hitchcock", "left_follow", "right_follow", "pan_left", "pan_right", "fix_bg", "auto_camera"}},
      {"template_id", FieldType::Id, false, {}, 1},
      {"generate_audio_switch", FieldType::Boolean},
      {"generate_multi_clip_switch", FieldType::Boolean},
      {"thinking_type", FieldType::String, false, {"enabled", "disabled", "auto"}},
      {"sound_effect_switch", FieldType::Boolean},
      {"sound_effect_content", FieldType::String, false, {}, {}, {}, 2048},
      {"lip_sync_tts_switch", FieldType::Boolean},
      {"lip_sync_tts_content", FieldType::String, false, {}, {}, {}, 200},
      {"lip_sync_tts_speaker_id", FieldType::String},
      {"water_mark", FieldType::Boolean},
  };
}

}  // namespace

bool has_value(const json& body, std::string_view field) {
  auto it = body.find(field);
  return it != body.end() && !it->is_null();
}

std::optional<ValidationError> validate(const EndpointRules& rules, const json& body, const ValidationContext& ctx,
                                        std::vector<std::string>* unknown_fields) {
  if (unknown_fields) {
    for (const auto& [key, value] : body.items()) {
      bool known = std::any_of(rules.fields.begin(), rules.fields.end(), [&](const FieldRule& r) { return r.name == key; });
      if (!known) unknown_fields->push_back(key);
    }
  }
  for (const auto& r : rules.fields) {
    if (has_value(body, r.name) && !type_ok(r.type, body[std::string(r.name)]))
      return ValidationError{400013, "invalid binding request: " + std::string(r.name) + " must be " +
                                         type_name(r.type) + ", got " + describe(body[std::string(r.name)])};
  }
  for (const auto& r : rules.fields) {
    if (!r.required) continue;
    if (!has_value(body, r.name)) return ValidationError{400011, std::string(r.name) + " is required"};
    const json& v = body[std::string(r.name)];
    if (v.is_string() && v.get<std::string>().empty())
      return ValidationError{400011, std::string(r.name) + " is required (got an empty string)"};
  }
  for (const auto& r : rules.fields) {
    if (!has_value(body, r.name)) continue;
    if (auto err = check_value(r, body[std::string(r.name)])) return err;
  }
  for (ExtraRule rule : rules.extra)
    if (auto err = rule(body, ctx)) return err;
  return std::nullopt;
}

const EndpointRules& text_to_video_rules() {
  static const EndpointRules rules = [] {
    EndpointRules r{"text_to_video", generation_fields(), {&t2v_model_rules}};
    r.fields.insert(r.fields.begin() + 4, FieldRule{"aspect_ratio", FieldType::String, true, all_aspect_ratios()});
    return r;
  }();
  return rules;
}

const EndpointRules& image_to_video_rules() {
  static const EndpointRules rules = [] {
    EndpointRules r{"image_to_video", generation_fields(), {&i2v_image_rules, &i2v_model_rules}};
    r.fields.insert(r.fields.begin(), {FieldRule{"img_id", FieldType::Id}, FieldRule{"img_ids", FieldType::IdArray}});
    return r;
  }();
  return rules;
}

}  // namespace sim
