// Field rules of the endpoints built from several images: fusion (reference-to-video),
// multi-transition (keyframes) and image templates.
#include <algorithm>
#include <cctype>
#include <set>

#include "endpoint_rules.h"
#include "job_store.h"
#include "rule_checks.h"
#include "video_source.h"

namespace sim {
namespace {

using nlohmann::json;

// ---- fusion ------------------------------------------------------------------------------

constexpr std::size_t kMaxRefNameBytes = 30;

std::size_t max_references(std::string_view model) { return model == "v4.5" || model == "v5" ? 3 : 7; }

bool ends_reference(const std::string& prompt, std::size_t end) {
  return end == prompt.size() || std::isspace(static_cast<unsigned char>(prompt[end]));
}

// Every '@' must start a known ref_name followed by a space (or the end of the prompt).
std::optional<ValidationError> check_prompt_references(const std::string& prompt,
                                                       const std::vector<std::string>& names) {
  for (auto at = prompt.find('@'); at != std::string::npos; at = prompt.find('@', at + 1)) {
    const std::string* matched = nullptr;  // the longest name at this position
    bool well_ended = false;
    for (const auto& n : names) {
      if (prompt.compare(at + 1, n.size(), n) != 0) continue;
      const bool ends = ends_reference(prompt, at + 1 + n.size());
      if (!matched || (ends && !well_ended) || (ends == well_ended && n.size() > matched->size())) {
        matched = &n;
        well_ended = ends;
      }
    }
    if (!matched) {
      std::size_t end = at + 1;
      while (end < prompt.size() && !std::isspace(static_cast<unsigned char>(prompt[end]))) ++end;
      std::string known;
      for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
      return invalid_param("prompt references @" + prompt.substr(at + 1, end - at - 1) +
                           ", which is not the ref_name of any reference (known: " + known + ")");
    }
    if (!well_ended)
      return invalid_param("prompt: @" + *matched + " must be followed by a space or the end of the prompt");
  }
  return std::nullopt;
}

// Omni mode (V6): up to 10 image references and up to 2 reference videos of at most 15 s
// together; the output is then as long as the references (duration 0).
constexpr std::size_t kMaxOmniImages = 10;
constexpr std::int64_t kMaxReferenceVideoMs = 15000;

bool omni(const json& body) { return has_value(body, "reference_mode"); }

// A checked ref_name (unique among every reference), added to `names`.
std::optional<ValidationError> check_ref_name(const json& item, const std::string& field, std::vector<std::string>& names) {
  const auto name = item.at("ref_name").get<std::string>();
  if (name.empty()) return invalid_param(field + ".ref_name must not be empty");
  if (name.size() > kMaxRefNameBytes)
    return invalid_param(field + ".ref_name is too long: " + std::to_string(name.size()) + " bytes (max 30)");
  if (std::find(names.begin(), names.end(), name) != names.end())
    return invalid_param(field + ".ref_name '" + name + "' is used twice (ref_name must be unique)");
  names.push_back(name);
  return std::nullopt;
}

std::optional<ValidationError> fusion_reference_rules(const json& body, const ValidationContext& ctx) {
  const auto model = body.at("model").get<std::string>();
  const bool images = has_value(body, "image_references"), videos = has_value(body, "video_references");
  if (!images && !videos) return ValidationError{400011, "image_references is required"};
  if (omni(body) && model != "v6")
    return invalid_param("reference_mode omni is not supported by model " + model + " (supported by: v6)");
  if (videos && !omni(body)) return invalid_param("video_references need reference_mode omni");
  std::vector<std::string> names;
  if (images) {
    const json& refs = body.at("image_references");
    const std::size_t most = omni(body) ? kMaxOmniImages : max_references(model);
    if (refs.size() > most)
      return invalid_param("image_references: " + (omni(body) ? std::string("omni mode") : "model " + model) +
                           " takes 1-" + std::to_string(most) + " images (got " + std::to_string(refs.size()) + ")");
    for (std::size_t i = 0; i < refs.size(); ++i) {
      const std::string field = "image_references[" + std::to_string(i) + "]";
      if (auto err = check_images_exist({refs[i].at("img_id").get<std::uint64_t>()}, field + ".img_id", ctx)) return err;
      if (!has_value(refs[i], "ref_name")) continue;  // the CN docs mark it optional
      if (auto err = check_ref_name(refs[i], field, names)) return err;
    }
  }
  if (videos) {
    const json& refs = body.at("video_references");
    std::int64_t total_ms = 0;
    for (std::size_t i = 0; i < refs.size(); ++i) {
      const std::string field = "video_references[" + std::to_string(i) + "]";
      // The reference as a video source of its own: exactly one of the two ids, known and finished.
      auto found = find_video_source(refs[i], *ctx.store);
      if (!found) return ValidationError{found.error().err_code, field + ": " + found.error().message};
      const SourceVideo& src = *found;
      static constexpr SourceLimits kReference{
          .endpoint = "fusion", .max_ms = kMaxReferenceVideoMs, .under = false, .max_bytes = 50 * kMiB};
      if (auto err = check_source_limits(src, kReference)) return ValidationError{err->err_code, field + ": " + err->message};
      total_ms += src.duration_ms;
      if (auto err = check_ref_name(refs[i], field, names)) return err;
    }
    if (total_ms > kMaxReferenceVideoMs)
      return invalid_param("video_references: the reference videos play " + seconds_text(total_ms) +
                           " s together (at most 15 s)");
  }
  return check_prompt_references(body.at("prompt").get<std::string>(), names);
}

std::optional<ValidationError> fusion_model_rules(const json& body, const ValidationContext&) {
  static const std::vector<Gate> gates = {{.field = "generate_audio_switch", .models = {"v5.6", "v6", "c1"}}};
  const bool videos = has_value(body, "video_references");
  const auto duration = body.at("duration").get<std::int64_t>();
  if (videos && duration != 0)
    return invalid_param("duration must be 0 with video_references: the video is as long as the references (got " +
                         std::to_string(duration) + ")");
  if (!videos)
    if (auto err = check_duration(body)) return err;
  if (body.at("aspect_ratio").get<std::string>() == "auto") {
    if (!videos) return invalid_param("aspect_ratio auto needs video_references (it follows the reference videos)");
  } else if (auto err = check_aspect_ratio(body)) {
    return err;
  }
  return check_gates(body, gates);
}

// ---- multi-transition --------------------------------------------------------------------

std::optional<ValidationError> multi_transition_item_rules(const json& body, const ValidationContext& ctx) {
  const json& items = body.at("multi_transition");
  const std::size_t n = items.size();
  const std::int64_t max_segment = n == 2 ? 8 : 5;
  std::int64_t total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string field = "multi_transition[" + std::to_string(i) + "]";
    if (auto err = check_images_exist({items[i].at("img_id").get<std::uint64_t>()}, field + ".img_id", ctx)) return err;
    const bool last = i + 1 == n;
    if (!has_value(items[i], "duration")) {
      if (last) continue;
      return ValidationError{400011, field + ".duration is required (every keyframe but the last starts a segment)"};
    }
    const auto d = items[i].at("duration").get<std::int64_t>();
    if (last && d != 0)
      return invalid_param(field + ".duration must be 0 or absent: the last keyframe ends the video (got " +
                           std::to_string(d) + ")");
    if (!last && (d < 1 || d > max_segment))
      return invalid_param(field + ".duration must be between 1 and " + std::to_string(max_segment) +
                           (n == 2 ? " with 2 keyframes" : " with 3 or more keyframes") + " (got " +
                           std::to_string(d) + ")");
    total += d;
  }
  if (total < 1 || total > 30)
    return invalid_param("multi_transition: the total duration must be 1-30 s (got " + std::to_string(total) + ")");
  return std::nullopt;
}

std::optional<ValidationError> multi_transition_motion_rules(const json& body, const ValidationContext&) {
  if (auto err = check_fast_motion(body, std::nullopt)) return err;
  if (!has_value(body, "motion_mode") || body.at("motion_mode").get<std::string>() != "fast") return std::nullopt;
  const json& items = body.at("multi_transition");
  for (std::size_t i = 0; i < items.size(); ++i)
    if (has_value(items[i], "duration") && items[i].at("duration").get<std::int64_t>() > 5)
      return invalid_param("motion_mode fast requires segments of at most 5 s (multi_transition[" + std::to_string(i) +
                           "].duration is " + items[i].at("duration").dump() + ")");
  return std::nullopt;
}

// ---- image template ----------------------------------------------------------------------

std::optional<ValidationError> image_template_input_rules(const json& body, const ValidationContext& ctx) {
  const auto ids = ids_of(body.at("img_ids"));
  if (auto err = check_images_exist(ids, "img_ids", ctx)) return err;
  auto found = find_activated_template(body, TemplateKind::Image);
  if (!found) return found.error();
  const TemplateInfo* t = *found;
  if (ids.size() != static_cast<std::size_t>(t->images))
    return invalid_param("template_id " + std::to_string(t->id) + " (" + std::string(t->name) + ") takes " +
                         std::to_string(t->images) + " image" + (t->images == 1 ? "" : "s") + " in img_ids (got " +
                         std::to_string(ids.size()) + ")");
  return std::nullopt;
}

std::vector<std::string_view> fusion_aspect_ratios() {
  std::vector<std::string_view> out = aspect_ratios_for(*find_model("v6"));
  out.push_back("auto");  // omni mode: the shape of the reference videos
  return out;
}

}  // namespace

const EndpointRules& fusion_rules() {
  static const EndpointRules rules{
      .name = "fusion",
      .fields =
          {
              // required unless video_references are given (fusion_reference_rules)
              {.name = "image_references",
               .type = FieldType::ObjectArray,
               .min_items = 1,
               .max_items = kMaxOmniImages,
               .items =
                   {
                       {.name = "type", .type = FieldType::String, .one_of = {"subject", "background"}},
                       {.name = "img_id", .type = FieldType::Id, .required = true},
                       {.name = "ref_name", .type = FieldType::String},
                   }},
              {.name = "reference_mode", .type = FieldType::String, .one_of = {"omni"}},
              {.name = "video_references",
               .type = FieldType::ObjectArray,
               .min_items = 1,
               .max_items = 2,
               .items =
                   {
                       {.name = "ref_name", .type = FieldType::String, .required = true},
                       {.name = "video_media_id", .type = FieldType::Id},
                       {.name = "source_video_id", .type = FieldType::Id},
                   }},
              {.name = "prompt", .type = FieldType::String, .required = true, .max_chars = 5000},
              {.name = "model",
               .type = FieldType::String,
               .required = true,
               .one_of = models_where(&ModelInfo::fusion)},
              {.name = "duration", .type = FieldType::Integer, .required = true},
              {.name = "quality", .type = FieldType::String, .required = true, .one_of = qualities()},
              {.name = "aspect_ratio", .type = FieldType::String, .required = true, .one_of = fusion_aspect_ratios()},
              {.name = "generate_audio_switch", .type = FieldType::Boolean},
              {.name = "seed", .type = FieldType::Integer, .min = 0, .max = 2147483647},
              {.name = "negative_prompt", .type = FieldType::String, .max_chars = 2048},
              {.name = "style", .type = FieldType::String, .one_of = style_values()},
          },
      .extra = {&fusion_reference_rules, &fusion_model_rules}};
  return rules;
}

const EndpointRules& multi_transition_rules() {
  static const EndpointRules rules{
      .name = "multi_transition",
      .fields =
          {
              {.name = "multi_transition",
               .type = FieldType::ObjectArray,
               .required = true,
               .min_items = 2,
               .max_items = 7,
               .items =
                   {
                       {.name = "img_id", .type = FieldType::Id, .required = true},
                       {.name = "duration", .type = FieldType::Integer},
                       {.name = "prompt", .type = FieldType::String, .max_chars = 2048},
                   }},
              {.name = "model",
               .type = FieldType::String,
               .required = true,
               .one_of = models_where(&ModelInfo::multi_transition)},
              {.name = "quality", .type = FieldType::String, .required = true, .one_of = qualities()},
              {.name = "motion_mode", .type = FieldType::String, .one_of = {"normal", "fast"}},
              {.name = "seed", .type = FieldType::Integer, .min = 0, .max = 2147483647},
          },
      .extra = {&multi_transition_item_rules, &multi_transition_motion_rules}};
  return rules;
}

const EndpointRules& image_template_rules() {
  static const EndpointRules rules{
      .name = "image_template",
      .fields =
          {
              {.name = "img_ids", .type = FieldType::IdOrDigitsArray, .required = true, .min_items = 1},
              {.name = "template_id", .type = FieldType::Id, .required = true, .min = 1},
          },
      .extra = {&image_template_input_rules}};
  return rules;
}

}  // namespace sim
