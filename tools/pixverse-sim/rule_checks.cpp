#include "rule_checks.h"

#include <algorithm>

#include "job_store.h"

namespace sim {

using nlohmann::json;

std::vector<std::string_view> model_ids() {
  std::vector<std::string_view> ids;
  for (const auto& m : all_models()) ids.push_back(m.id);
  return ids;
}

std::vector<std::string_view> models_where(bool ModelInfo::*flag) {
  std::vector<std::string_view> ids;
  for (const auto& m : all_models())
    if (m.*flag) ids.push_back(m.id);
  return ids;
}

bool contains(const std::vector<std::string_view>& items, std::string_view item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

const ModelInfo& model_of(const json& body) { return *find_model(body.at("model").get<std::string>()); }

std::optional<ValidationError> check_duration(const json& body) {
  const ModelInfo& m = model_of(body);
  const auto quality = body.at("quality").get<std::string>();
  const auto duration = body.at("duration").get<std::int64_t>();
  if (duration_allowed(m, duration, quality)) return std::nullopt;
  const std::string at = quality == "1080p" ? " at 1080p" : "";
  return invalid_param("duration " + std::to_string(duration) + " is not supported" + at + " by model " +
                       std::string(m.id) + " (allowed" + at + ": " + allowed_durations_text(m, quality) + ")");
}

std::optional<ValidationError> check_aspect_ratio(const json& body) {
  const ModelInfo& m = model_of(body);
  const auto ar = body.at("aspect_ratio").get<std::string>();
  const auto allowed = aspect_ratios_for(m);
  if (contains(allowed, ar)) return std::nullopt;
  return invalid_param("aspect_ratio " + ar + " is not supported by model " + std::string(m.id) +
                       " (allowed: " + join(allowed) + ")");
}

std::optional<ValidationError> check_fast_motion(const json& body, std::optional<std::int64_t> duration) {
  if (!has_value(body, "motion_mode") || body.at("motion_mode").get<std::string>() != "fast") return std::nullopt;
  const ModelInfo& m = model_of(body);
  if (!m.fast_motion)
    return invalid_param("motion_mode fast is not supported by model " + std::string(m.id) +
                         " (supported by: " + models_with(&ModelInfo::fast_motion) + ")");
  if (duration && *duration != 5)
    return invalid_param("motion_mode fast requires duration 5 (got " + std::to_string(*duration) + ")");
  if (body.at("quality").get<std::string>() == "1080p")
    return invalid_param("motion_mode fast is not available at 1080p");
  return std::nullopt;
}

std::optional<ValidationError> check_gates(const json& body, const std::vector<Gate>& gates) {
  const auto model = body.at("model").get<std::string>();
  const bool has_template = has_value(body, "template_id");
  for (const Gate& g : gates) {
    if (!has_value(body, g.field) || contains(g.models, model) || (g.template_unlocks && has_template)) continue;
    return invalid_param(std::string(g.field) + " is not supported by model " + model + " (supported by: " +
                         join(g.models) + (g.template_unlocks ? "; any model with template_id" : "") + ")");
  }
  return std::nullopt;
}

std::vector<std::uint64_t> ids_of(const json& array) {
  std::vector<std::uint64_t> ids;
  for (const auto& e : array)
    ids.push_back(e.is_string() ? std::stoull(e.get<std::string>()) : e.get<std::uint64_t>());
  return ids;
}

std::optional<ValidationError> check_images_exist(const std::vector<std::uint64_t>& ids, std::string_view field,
                                                  const ValidationContext& ctx) {
  for (auto id : ids) {
    if (ctx.store && ctx.store->image_exists(id)) continue;
    const std::string where = field == "img_id" || field == "img_ids" ? "" : " in " + std::string(field);
    return ValidationError{400032, "couldn't find a matching img_id: " + std::to_string(id) + where +
                                       " (use an img_id returned by /openapi/v2/image/upload)"};
  }
  return std::nullopt;
}

common::Expected<const TemplateInfo*, ValidationError> find_activated_template(const json& body, TemplateKind kind) {
  if (!has_value(body, "template_id")) return static_cast<const TemplateInfo*>(nullptr);
  const auto id = body.at("template_id").get<std::uint64_t>();
  const TemplateInfo* t = find_template(id);
  if (!t)
    return common::Unexpected{ValidationError{
        500070,
        "template_id " + std::to_string(id) + " is not activated for this account (activate it in the Effect Center)"}};
  if (t->kind != kind)
    return common::Unexpected{ValidationError{
        400017, "template_id " + std::to_string(id) + " is " +
                    (t->kind == TemplateKind::Image ? "an image template (use /openapi/v2/image/template/generate)"
                                                    : "a video template (use /openapi/v2/video/img/generate)")}};
  return t;
}

std::optional<ValidationError> check_video_source_within(const json& body, const ValidationContext& ctx,
                                                         const SourceLimits& limits) {
  auto found = find_video_source(body, *ctx.store);
  if (!found) return found.error();
  return check_source_limits(*found, limits);
}

std::optional<ValidationError> check_video_source(const json& body, const ValidationContext& ctx) {
  static constexpr SourceLimits kEditing{
      .endpoint = "this endpoint", .max_ms = 30000, .under = false, .max_bytes = 50 * kMiB};
  return check_video_source_within(body, ctx, kEditing);
}

const std::vector<std::string_view>& style_values() {
  static const std::vector<std::string_view> styles = {"realistic", "anime", "3d_animation", "clay", "comic", "cyberpunk"};
  return styles;
}

}  // namespace sim
