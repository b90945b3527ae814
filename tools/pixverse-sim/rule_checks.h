#pragma once
// Building blocks of the endpoints' extra rules (rules_*.cpp): per-model checks, version gates,
// ids that must have been issued by this simulator, activated templates, the video one-of.
// All of them run after the field table passed, so present fields have the right JSON type.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "builtin_catalogs.h"
#include "common/expected.h"
#include "model_rules.h"
#include "validation.h"
#include "video_source.h"

namespace sim {

// A field only some models accept (present with any value, false included).
struct Gate {
  std::string_view field;
  std::vector<std::string_view> models;
  bool template_unlocks = false;  // allowed on any model when template_id is set
};

std::vector<std::string_view> model_ids();  // all eight
// The ids of the models for which `flag` is set, oldest first.
std::vector<std::string_view> models_where(bool ModelInfo::*flag);
bool contains(const std::vector<std::string_view>& items, std::string_view item);

// body["model"] (its enum check passed already).
const ModelInfo& model_of(const nlohmann::json& body);
// duration x quality for the model, e.g. "duration 10 is not supported by model v5 (allowed: 5, 8)".
std::optional<ValidationError> check_duration(const nlohmann::json& body);
std::optional<ValidationError> check_aspect_ratio(const nlohmann::json& body);
// motion_mode "fast": models <= v4.5, not at 1080p, and (if given) only for a 5 s duration.
std::optional<ValidationError> check_fast_motion(const nlohmann::json& body, std::optional<std::int64_t> duration);
std::optional<ValidationError> check_gates(const nlohmann::json& body, const std::vector<Gate>& gates);

// Ids of an array of ids (integers, or decimal strings where the docs allow them).
std::vector<std::uint64_t> ids_of(const nlohmann::json& array);
// ErrCode 400032 unless every id was issued by image/upload; `field` says where it was sent.
std::optional<ValidationError> check_images_exist(const std::vector<std::uint64_t>& ids, std::string_view field,
                                                  const ValidationContext& ctx);

// The body's template_id: nullptr when absent; ErrCode 500070 unless activated; 400017 if it is
// a template of the other kind (image vs video).
common::Expected<const TemplateInfo*, ValidationError> find_activated_template(const nlohmann::json& body,
                                                                               TemplateKind kind);
// The source_video_id / video_media_id one-of (video_source.h) as an extra rule, an upload
// within the editing endpoints' usual limits (up to 30 s and 50 MB).
std::optional<ValidationError> check_video_source(const nlohmann::json& body, const ValidationContext& ctx);
// The same with an endpoint's own limits.
std::optional<ValidationError> check_video_source_within(const nlohmann::json& body, const ValidationContext& ctx,
                                                         const SourceLimits& limits);

// The style presets (the V6 clients add "realistic").
const std::vector<std::string_view>& style_values();

}  // namespace sim
