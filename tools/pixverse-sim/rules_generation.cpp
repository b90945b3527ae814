// Field rules of the generation endpoints that take a model, duration and quality from one
// image or video: text-to-video, image-to-video (incl. templates), transition, extend.
#include <algorithm>

#include "endpoint_rules.h"
#include "rule_checks.h"

namespace sim {
namespace {

using nlohmann::json;

const std::vector<Gate>& generation_gates() {
  static const std::vector<Gate> gates = {
      {.field = "generate_audio_switch", .models = models_where(&ModelInfo::audio_switch)},
      {.field = "generate_multi_clip_switch", .models = models_where(&ModelInfo::multi_clip)},
      {.field = "thinking_type", .models = models_where(&ModelInfo::thinking)},
      {.field = "sound_effect_switch", .models = models_where(&ModelInfo::legacy_audio), .template_unlocks = true},
      {.field = "sound_effect_content", .models = models_where(&ModelInfo::legacy_audio), .template_unlocks = true},
      {.field = "lip_sync_tts_switch", .models = models_where(&ModelInfo::legacy_audio), .template_unlocks = true},
      {.field = "lip_sync_tts_content", .models = models_where(&ModelInfo::legacy_audio), .template_unlocks = true},
      {.field = "lip_sync_tts_speaker_id", .models = models_where(&ModelInfo::legacy_audio), .template_unlocks = true},
      {.field = "camera_movement", .models = models_where(&ModelInfo::camera_movement)},
  };
  return gates;
}

std::optional<ValidationError> check_generation_model(const json& body, bool with_aspect_ratio) {
  if (auto err = check_duration(body)) return err;
  if (with_aspect_ratio)
    if (auto err = check_aspect_ratio(body)) return err;
  if (auto err = check_fast_motion(body, body.at("duration").get<std::int64_t>())) return err;
  if (auto err = check_gates(body, generation_gates())) return err;
  if (has_value(body, "template_id") && has_value(body, "camera_movement"))
    return invalid_param("camera_movement cannot be combined with template_id");
  return std::nullopt;
}

std::optional<ValidationError> t2v_model_rules(const json& body, const ValidationContext&) {
  return check_generation_model(body, true);
}

std::optional<ValidationError> i2v_model_rules(const json& body, const ValidationContext&) {
  return check_generation_model(body, false);
}

std::optional<ValidationError> video_template_rules(const json& body, const ValidationContext&) {
  auto found = find_activated_template(body, TemplateKind::Video);
  if (!found) return found.error();
  return std::nullopt;
}

std::optional<ValidationError> i2v_image_rules(const json& body, const ValidationContext& ctx) {
  const bool one = has_value(body, "img_id"), many = has_value(body, "img_ids");
  if (one && many) return invalid_param("img_id and img_ids are mutually exclusive (img_ids is for multi-image templates)");
  if (!one && !many) return ValidationError{400011, "img_id is required"};
  std::vector<std::uint64_t> ids;
  if (one) ids.push_back(body["img_id"].get<std::uint64_t>());
  if (many) {
    if (!has_value(body, "template_id")) return invalid_param("img_ids is only allowed together with template_id");
    if (body["img_ids"].empty()) return invalid_param("img_ids must not be empty");
    ids = ids_of(body["img_ids"]);
  }
  return check_images_exist(ids, one ? "img_id" : "img_ids", ctx);
}

// An activated video template, with as many images as it takes: img_id for one, img_ids for more.
std::optional<ValidationError> i2v_template_rules(const json& body, const ValidationContext&) {
  auto found = find_activated_template(body, TemplateKind::Video);
  if (!found) return found.error();
  const TemplateInfo* t = *found;
  if (!t) return std::nullopt;
  const std::string name = "template_id " + std::to_string(t->id) + " (" + std::string(t->name) + ")";
  if (t->images == 1) {
    if (has_value(body, "img_ids")) return invalid_param(name + " takes one image: send img_id, not img_ids");
    return std::nullopt;
  }
  const std::string count = std::to_string(t->images);
  if (has_value(body, "img_id")) return invalid_param(name + " takes " + count + " images: send them in img_ids");
  if (body.at("img_ids").size() != static_cast<std::size_t>(t->images))
    return invalid_param(name + " takes " + count + " images in img_ids (got " +
                         std::to_string(body.at("img_ids").size()) + ")");
  return std::nullopt;
}

// Transition, extend and effect templates take prompts of at most 2048 characters (the other
// generation endpoints 5000).
constexpr std::size_t kShortPrompt = 2048;

// Image-to-video with a template_id is the template endpoint: its prompt is a short one.
std::optional<ValidationError> template_prompt_rules(const json& body, const ValidationContext&) {
  if (!has_value(body, "template_id")) return std::nullopt;
  const auto chars = utf8_chars(body.at("prompt").get<std::string>());
  if (chars <= kShortPrompt) return std::nullopt;
  return invalid_param("prompt is too long: " + std::to_string(chars) + " characters (max 2048 with template_id)");
}

// Fields shared by text- and image-to-video.
std::vector<FieldRule> generation_fields() {
  return {
      {.name = "prompt", .type = FieldType::String, .required = true, .max_chars = 5000},
      {.name = "model", .type = FieldType::String, .required = true, .one_of = model_ids()},
      {.name = "duration", .type = FieldType::Integer, .required = true},
      {.name = "quality", .type = FieldType::String, .required = true, .one_of = qualities()},
      {.name = "seed", .type = FieldType::Integer, .min = 0, .max = 2147483647},
      {.name = "negative_prompt", .type = FieldType::String, .max_chars = 2048},
      {.name = "motion_mode", .type = FieldType::String, .one_of = {"normal", "fast"}},
      {.name = "style", .type = FieldType::String, .one_of = style_values()},
      {.name = "camera_movement",
       .type = FieldType::String,
       .one_of = {"horizontal_left", "horizontal_right", "vertical_up",     "vertical_down",    "zoom_in",
                  "zoom_out",        "crane_up",         "quickly_zoom_in", "quickly_zoom_out", "smooth_zoom_in",
                  "camera_rotation", "robo_arm",         "super_dolly_out", "whip_pan",         "hitchcock",
                  "left_follow",     "right_follow",     "pan_left",        "pan_right",        "fix_bg",
                  "auto_camera"}},
      {.name = "template_id", .type = FieldType::Id, .min = 1},
      {.name = "generate_audio_switch", .type = FieldType::Boolean},
      {.name = "generate_multi_clip_switch", .type = FieldType::Boolean},
      {.name = "thinking_type", .type = FieldType::String, .one_of = {"enabled", "disabled", "auto"}},
      {.name = "sound_effect_switch", .type = FieldType::Boolean},
      {.name = "sound_effect_content", .type = FieldType::String, .max_chars = 2048},
      {.name = "lip_sync_tts_switch", .type = FieldType::Boolean},
      {.name = "lip_sync_tts_content", .type = FieldType::String, .max_chars = 200},
      {.name = "lip_sync_tts_speaker_id", .type = FieldType::String},
      {.name = "water_mark", .type = FieldType::Boolean},
  };
}

// ---- transition --------------------------------------------------------------------------

std::optional<ValidationError> transition_image_rules(const json& body, const ValidationContext& ctx) {
  if (auto err = check_images_exist({body.at("first_frame_img").get<std::uint64_t>()}, "first_frame_img", ctx))
    return err;
  return check_images_exist({body.at("last_frame_img").get<std::uint64_t>()}, "last_frame_img", ctx);
}

std::optional<ValidationError> transition_model_rules(const json& body, const ValidationContext&) {
  static const std::vector<Gate> gates = {
      {.field = "generate_audio_switch", .models = models_where(&ModelInfo::audio_switch)},
      {.field = "sound_effect_switch", .models = models_where(&ModelInfo::legacy_audio)},
      {.field = "sound_effect_content", .models = models_where(&ModelInfo::legacy_audio)},
      {.field = "lip_sync_tts_switch", .models = models_where(&ModelInfo::legacy_audio)},
      {.field = "lip_sync_tts_content", .models = models_where(&ModelInfo::legacy_audio)},
      {.field = "lip_sync_tts_speaker_id", .models = models_where(&ModelInfo::legacy_audio)},
  };
  if (auto err = check_duration(body)) return err;
  if (auto err = check_fast_motion(body, body.at("duration").get<std::int64_t>())) return err;
  return check_gates(body, gates);
}

// ---- extend ------------------------------------------------------------------------------

// Uploaded sources under 40 s (the V6 extend), up to 50 MB.
std::optional<ValidationError> extend_source_rules(const json& body, const ValidationContext& ctx) {
  static constexpr SourceLimits kExtend{.endpoint = "extend", .max_ms = 40000, .under = true, .max_bytes = 50 * kMiB};
  return check_video_source_within(body, ctx, kExtend);
}

std::optional<ValidationError> extend_model_rules(const json& body, const ValidationContext&) {
  static const std::vector<Gate> gates = {{.field = "generate_audio_switch", .models = {"v5.5", "v6"}}};
  if (auto err = check_duration(body)) return err;
  if (auto err = check_fast_motion(body, body.at("duration").get<std::int64_t>())) return err;
  return check_gates(body, gates);
}

}  // namespace

const EndpointRules& text_to_video_rules() {
  static const EndpointRules rules = [] {
    EndpointRules r{
        .name = "text_to_video", .fields = generation_fields(), .extra = {&t2v_model_rules, &video_template_rules}};
    r.fields.insert(r.fields.begin() + 4, FieldRule{.name = "aspect_ratio",
                                                    .type = FieldType::String,
                                                    .required = true,
                                                    .one_of = aspect_ratios_for(*find_model("v6"))});
    return r;
  }();
  return rules;
}

const EndpointRules& image_to_video_rules() {
  static const EndpointRules rules = [] {
    EndpointRules r{.name = "image_to_video",
                    .fields = generation_fields(),
                    .extra = {&i2v_image_rules, &i2v_template_rules, &template_prompt_rules, &i2v_model_rules}};
    r.fields.insert(r.fields.begin(), {FieldRule{.name = "img_id", .type = FieldType::Id},
                                       FieldRule{.name = "img_ids", .type = FieldType::IdArray}});
    return r;
  }();
  return rules;
}

const EndpointRules& transition_rules() {
  static const EndpointRules rules{
      .name = "transition",
      .fields =
          {
              {.name = "first_frame_img", .type = FieldType::Id, .required = true},
              {.name = "last_frame_img", .type = FieldType::Id, .required = true},
              {.name = "prompt", .type = FieldType::String, .required = true, .max_chars = kShortPrompt},
              {.name = "model", .type = FieldType::String, .required = true, .one_of = model_ids()},
              {.name = "duration", .type = FieldType::Integer, .required = true},
              {.name = "quality", .type = FieldType::String, .required = true, .one_of = qualities()},
              {.name = "motion_mode", .type = FieldType::String, .one_of = {"normal", "fast"}},
              {.name = "seed", .type = FieldType::Integer, .min = 0, .max = 2147483647},
              {.name = "negative_prompt", .type = FieldType::String, .max_chars = 2048},
              {.name = "style", .type = FieldType::String, .one_of = style_values()},
              {.name = "generate_audio_switch", .type = FieldType::Boolean},
              {.name = "sound_effect_switch", .type = FieldType::Boolean},
              {.name = "sound_effect_content", .type = FieldType::String, .max_chars = 2048},
              {.name = "lip_sync_tts_switch", .type = FieldType::Boolean},
              {.name = "lip_sync_tts_content", .type = FieldType::String, .max_chars = 200},
              {.name = "lip_sync_tts_speaker_id", .type = FieldType::String},
          },
      .extra = {&transition_image_rules, &transition_model_rules}};
  return rules;
}

const EndpointRules& extend_rules() {
  static const EndpointRules rules{
      .name = "extend",
      .fields =
          {
              {.name = "source_video_id", .type = FieldType::Id},
              {.name = "video_media_id", .type = FieldType::Id},
              {.name = "prompt", .type = FieldType::String, .required = true, .max_chars = kShortPrompt},
              {.name = "model",
               .type = FieldType::String,
               .required = true,
               .one_of = models_where(&ModelInfo::extend)},
              {.name = "duration", .type = FieldType::Integer, .required = true},
              {.name = "quality", .type = FieldType::String, .required = true, .one_of = qualities()},
              // the official spec requires it
              {.name = "seed", .type = FieldType::Integer, .required = true, .min = 0, .max = 2147483647},
              {.name = "motion_mode", .type = FieldType::String, .one_of = {"normal", "fast"}},
              {.name = "style", .type = FieldType::String, .one_of = style_values()},
              {.name = "generate_audio_switch", .type = FieldType::Boolean},
              {.name = "template_id", .type = FieldType::Id, .min = 1},
              {.name = "negative_prompt", .type = FieldType::String, .max_chars = 2048},
              {.name = "water_mark", .type = FieldType::Boolean},
          },
      .extra = {&extend_source_rules, &extend_model_rules, &video_template_rules}};
  return rules;
}

}  // namespace sim
