// Field rules of the endpoints that edit one video (source_video_id or video_media_id): lip sync,
// sound effect, modify, restyle, mask selection, swap, mimic.
#include <algorithm>

#include "endpoint_rules.h"
#include "job_store.h"
#include "rule_checks.h"
#include "video_source.h"

namespace sim {
namespace {

using nlohmann::json;

const std::vector<std::string_view> kEditQualities = {"360p", "540p", "720p"};

// The two video-source fields every editing endpoint starts with.
std::vector<FieldRule> with_video_source(std::vector<FieldRule> fields) {
  fields.insert(fields.begin(), {FieldRule{.name = "source_video_id", .type = FieldType::Id},
                                 FieldRule{.name = "video_media_id", .type = FieldType::Id}});
  return fields;
}

SourceVideo source_of(const json& body, const ValidationContext& ctx) {
  return find_video_source(body, *ctx.store).value();  // check_video_source ran first
}

std::optional<ValidationError> check_image(const json& body, const ValidationContext& ctx) {
  return check_images_exist({body.at("img_id").get<std::uint64_t>()}, "img_id", ctx);
}

// ---- mimic -------------------------------------------------------------------------------

// The Mimic guide: uploads up to 100 MB and 30 s.
std::optional<ValidationError> mimic_source_rules(const json& body, const ValidationContext& ctx) {
  static constexpr SourceLimits kMimic{.endpoint = "mimic", .max_ms = 30000, .under = false, .max_bytes = 100 * kMiB};
  return check_video_source_within(body, ctx, kMimic);
}

// ---- lip sync ----------------------------------------------------------------------------

constexpr std::size_t kMaxTtsChars = 200;

std::optional<ValidationError> lip_sync_audio_rules(const json& body, const ValidationContext& ctx) {
  const bool audio = has_value(body, "audio_media_id");
  const bool speaker = has_text(body, "lip_sync_tts_speaker_id"), content = has_text(body, "lip_sync_tts_content");
  if (audio && (speaker || content))
    return invalid_param("audio_media_id and lip_sync_tts_speaker_id + lip_sync_tts_content are mutually exclusive: "
                         "send one audio source");
  if (!audio && !speaker && !content)
    return invalid_param("either audio_media_id or lip_sync_tts_speaker_id + lip_sync_tts_content must be provided");
  if (audio) {
    auto found = find_audio_media(body.at("audio_media_id").get<std::uint64_t>(), *ctx.store);
    if (!found) return found.error();
    return std::nullopt;
  }
  if (!speaker) return invalid_param("lip_sync_tts_content must be paired with lip_sync_tts_speaker_id");
  if (!content) return invalid_param("lip_sync_tts_speaker_id must be paired with lip_sync_tts_content");
  const auto id = body.at("lip_sync_tts_speaker_id").get<std::string>();
  if (!is_tts_speaker(id))
    return invalid_param("The specified speaker ID is invalid or not supported: '" + id +
                         "' (see /openapi/v2/video/lip_sync/tts_list)");
  const auto chars = utf8_chars(body.at("lip_sync_tts_content").get<std::string>());
  if (chars > kMaxTtsChars)
    return invalid_param("TTS text must be within 200 characters (got " + std::to_string(chars) + ")");
  return std::nullopt;
}

// ---- modify ------------------------------------------------------------------------------

std::optional<ValidationError> modify_input_rules(const json& body, const ValidationContext& ctx) {
  if (has_value(body, "img_ids"))
    if (auto err = check_images_exist(ids_of(body.at("img_ids")), "img_ids", ctx)) return err;
  if (!has_value(body, "mask_ids")) return std::nullopt;
  const SourceVideo src = source_of(body, ctx);
  for (const auto& m : body.at("mask_ids")) {
    const auto id = m.get<std::string>();
    auto mask = ctx.store->mask(id);
    if (!mask)
      return invalid_param("couldn't find a matching mask_id: '" + id +
                           "' (mask ids come from /openapi/v2/video/mask/selection)");
    if (mask->video_id != src.id)
      return invalid_param("mask_id '" + id + "' was selected on video " + std::to_string(mask->video_id) + ", not on " +
                           src.field + " " + std::to_string(src.id));
  }
  return std::nullopt;
}

// ---- restyle -----------------------------------------------------------------------------

constexpr std::int64_t kMaxRestyleSourceMs = 16000;

std::optional<ValidationError> restyle_choice_rules(const json& body, const ValidationContext& ctx) {
  const bool id = has_value(body, "restyle_id"), prompt = has_text(body, "restyle_prompt");
  if (id == prompt)
    return invalid_param(std::string("Either \"restyle_id\" or \"restyle_prompt\" must be provided") +
                         (id ? ", not both" : ""));
  if (id && !find_restyle(body.at("restyle_id").get<std::uint64_t>()))
    return invalid_param("restyle_id " + body.at("restyle_id").dump() +
                         " is not in the restyle list (see /openapi/v2/video/restyle/list)");
  const SourceVideo src = source_of(body, ctx);
  if (src.duration_ms > kMaxRestyleSourceMs)
    return invalid_param("restyle: the source video must be at most 16 s long (" + src.field + " " +
                         std::to_string(src.id) + " is " + std::to_string(src.duration_ms / 1000) + "." +
                         std::to_string(src.duration_ms % 1000 / 100) + " s)");
  return std::nullopt;
}

// ---- mask selection / swap ---------------------------------------------------------------

constexpr std::int64_t kFramesPerSecond = 24;

std::optional<ValidationError> mask_source_rules(const json& body, const ValidationContext& ctx) {
  const SourceVideo src = source_of(body, ctx);
  if (src.ext != "mp4" && src.ext != "mov")
    return invalid_param("mask selection needs an H.264/H.265 mp4 or mov video (" + src.field + " " +
                         std::to_string(src.id) + " is " + src.ext + ")");
  const std::int64_t last_frame = (src.duration_ms * kFramesPerSecond + 999) / 1000;
  if (has_value(body, "keyframe_id") && body.at("keyframe_id").get<std::int64_t>() > last_frame)
    return invalid_param("keyframe_id " + body.at("keyframe_id").dump() + " is beyond the last frame of the video (" +
                         std::to_string(last_frame) + ")");
  return std::nullopt;
}

std::optional<ValidationError> swap_mask_rules(const json& body, const ValidationContext& ctx) {
  if (auto err = check_image(body, ctx)) return err;
  const SourceVideo src = source_of(body, ctx);
  const auto id = body.at("mask_id").get<std::string>();
  const auto keyframe = body.at("keyframe_id").get<std::int64_t>();
  auto mask = ctx.store->mask(id);
  if (!mask)
    return invalid_param("couldn't find a matching mask_id: '" + id +
                         "' (mask ids come from /openapi/v2/video/mask/selection)");
  if (mask->video_id != src.id || mask->keyframe_id != keyframe)
    return invalid_param("mask_id '" + id + "' belongs to video " + std::to_string(mask->video_id) + " at keyframe_id " +
                         std::to_string(mask->keyframe_id) + ", not to " + src.field + " " + std::to_string(src.id) +
                         " at keyframe_id " + std::to_string(keyframe) +
                         " (source, keyframe_id and mask_id must refer to the same video)");
  return std::nullopt;
}

}  // namespace

const EndpointRules& lip_sync_rules() {
  static const EndpointRules rules{.name = "lip_sync",
                                   .fields = with_video_source({
                                       {.name = "audio_media_id", .type = FieldType::Id},
                                       {.name = "lip_sync_tts_speaker_id", .type = FieldType::String},
                                       {.name = "lip_sync_tts_content", .type = FieldType::String},
                                   }),
                                   .extra = {&check_video_source, &lip_sync_audio_rules}};
  return rules;
}

const EndpointRules& sound_effect_rules() {
  static const EndpointRules rules{.name = "sound_effect",
                                   .fields = with_video_source({
                                       {.name = "sound_effect_content", .type = FieldType::String, .max_chars = 2048},
                                       {.name = "original_sound_switch", .type = FieldType::Boolean},
                                       {.name = "model", .type = FieldType::String},  // "reserved for future use"
                                       // the official MCP sends it
                                       {.name = "seed", .type = FieldType::Integer, .min = 0, .max = 2147483647},
                                   }),
                                   .extra = {&check_video_source}};
  return rules;
}

const EndpointRules& modify_rules() {
  static const EndpointRules rules{
      .name = "modify",
      .fields = with_video_source({
          {.name = "prompt", .type = FieldType::String, .required = true, .max_chars = 5000},
          {.name = "img_ids", .type = FieldType::IdArray, .max_items = 3},
          {.name = "mask_ids", .type = FieldType::StringArray, .max_items = 3},
          {.name = "keyframe_ids", .type = FieldType::IntOrIntArray, .min = 0},
          {.name = "quality", .type = FieldType::String, .required = true, .one_of = kEditQualities},
      }),
      .extra = {&check_video_source, &modify_input_rules}};
  return rules;
}

const EndpointRules& restyle_rules() {
  static const EndpointRules rules{.name = "restyle",
                                   .fields = with_video_source({
                                       {.name = "restyle_id", .type = FieldType::Id},
                                       {.name = "restyle_prompt", .type = FieldType::String, .max_chars = 5000},
                                       {.name = "seed", .type = FieldType::Integer, .min = 0, .max = 2147483647},
                                   }),
                                   .extra = {&check_video_source, &restyle_choice_rules}};
  return rules;
}

const EndpointRules& mask_selection_rules() {
  static const EndpointRules rules{
      .name = "mask_selection",
      .fields = with_video_source({{.name = "keyframe_id", .type = FieldType::Integer, .min = 0}}),
      .extra = {&check_video_source, &mask_source_rules}};
  return rules;
}

const EndpointRules& swap_rules() {
  static const EndpointRules rules{
      .name = "swap",
      .fields = with_video_source({
          {.name = "keyframe_id", .type = FieldType::Integer, .required = true, .min = 0},
          {.name = "mask_id", .type = FieldType::String, .required = true},
          {.name = "img_id", .type = FieldType::Id, .required = true},
          {.name = "quality", .type = FieldType::String, .required = true, .one_of = kEditQualities},
          {.name = "original_sound_switch", .type = FieldType::Boolean},
      }),
      .extra = {&check_video_source, &swap_mask_rules}};
  return rules;
}

const EndpointRules& mimic_rules() {
  static const EndpointRules rules{
      .name = "mimic",
      .fields = with_video_source({
          {.name = "img_id", .type = FieldType::Id, .required = true},
          // the Mimic guide: no 1080p
          {.name = "quality", .type = FieldType::String, .required = true, .one_of = kEditQualities},
      }),
      .extra = {&mimic_source_rules, &check_image}};
  return rules;
}

}  // namespace sim
