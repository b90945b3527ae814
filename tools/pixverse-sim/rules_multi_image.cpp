// Field rules of the endpoints built from several images: fusion (reference-to-video),
// multi-transition (keyframes) and image templates.
#include <algorithm>
#include <cctype>
#include <set>

#include "endpoint_rules.h"
#include "rule_checks.h"

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
                           ", which is not a ref_name of image_references (known: " + known + ")");
    }
    if (!well_ended)
      return invalid_param("prompt: @" + *matched + " must be followed by a space or the end of the prompt");
  }
  return std::nullopt;
}

std::optional<ValidationError> fusion_reference_rules(const json& body, const ValidationContext& ctx) {
  const json& refs = body.at("image_references");
  const auto model = body.at("model").get<std::string>();
  if (refs.size() > max_references(model))
    return invalid_param("image_references: model " + model + " takes 1-" + std::to_string(max_references(model)) +
                         " images (got " + std::to_string(refs.size()) + ")");
  std::vector<std::string> names;
  for (std::size_t i = 0; i < refs.size(); ++i) {
    const std::string field = "image_references[" + std::to_string(i) + "]";
    if (auto err = check_images_exist({refs[i].at("img_id").get<std::uint64_t>()}, field + ".img_id", ctx)) return err;
    if (!has_value(refs[i], "ref_name")) continue;  // the CN docs mark it optional
    const auto name = refs[i].at("ref_name").get<std::string>();
    if (name.empty()) return invalid_param(field + ".ref_name must not be empty");
    if (name.size() > kMaxRefNameBytes)
      return invalid_param(field + ".ref_name is too long: " + std::to_string(name.size()) + " bytes (max 30)");
    if (std::find(names.begin(), names.end(), name) != names.end())
      return invalid_param(field + ".ref_name '" + name + "' is used twice (ref_name must be unique)");
    names.push_back(name);
  }
  return check_prompt_references(body.at("prompt").get<std::string>(), names);
}

std::optional<ValidationError> fusion_model_rules(const json& body, const ValidationContext&) {
  static const std::vector<Gate> gates = {{"generate_audio_switch", {"v5.6", "v6", "c1"}}};
  if (auto err = check_duration(body)) return err;
  if (auto err = check_aspect_ratio(body)) return err;
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
  if (auto* err = std::get_if<ValidationError>(&found)) return *err;
  const TemplateInfo* t = std::get<const TemplateInfo*>(found);
  if (ids.size() != static_cast<std::size_t>(t->images))
    return invalid_param("template_id " + std::to_string(t->id) + " (" + std::string(t->name) + ") takes " +
                         std::to_string(t->images) + " image" + (t->images == 1 ? "" : "s") + " in img_ids (got " +
                         std::to_string(ids.size()) + ")");
  return std::nullopt;
}

}  // namespace

const EndpointRules& fusion_rules() {
  static const EndpointRules rules{
      "fusion",
      {
          {"image_references", FieldType::ObjectArray, true, {}, {}, {}, 0, 1, 7,
           {
               {"type", FieldType::String, false, {"subject", "background"}},
               {"img_id", FieldType::Id, true},
               {"ref_name", FieldType::String},
           }},
          {"prompt", FieldType::String, true, {}, {}, {}, 5000},
          {"model", FieldType::String, true, {"v4.5", "v5", "v5.5", "v5.6", "v6", "c1"}},
          {"duration", FieldType::Integer, true},
          {"quality", FieldType::String, true, qualities()},
          {"aspect_ratio", FieldType::String, true, aspect_ratios_for(*find_model("v6"))},
          {"generate_audio_switch", FieldType::Boolean},
          {"seed", FieldType::Integer, false, {}, 0, 2147483647},
      },
      {&fusion_reference_rules, &fusion_model_rules}};
  return rules;
}

const EndpointRules& multi_transition_rules() {
  static const EndpointRules rules{
      "multi_transition",
      {
          {"multi_transition", FieldType::ObjectArray, true, {}, {}, {}, 0, 2, 7,
           {
               {"img_id", FieldType::Id, true},
               {"duration", FieldType::Integer},
               {"prompt", FieldType::String, false, {}, {}, {}, 2048},
           }},
          {"model", FieldType::String, true, {"v3.5", "v4", "v4.5", "v5"}},
          {"quality", FieldType::String, true, qualities()},
          {"motion_mode", FieldType::String, false, {"normal", "fast"}},
          {"seed", FieldType::Integer, false, {}, 0, 2147483647},
      },
      {&multi_transition_item_rules, &multi_transition_motion_rules}};
  return rules;
}

const EndpointRules& image_template_rules() {
  static const EndpointRules rules{
      "image_template",
      {
          {"img_ids", FieldType::IdOrDigitsArray, true, {}, {}, {}, 0, 1},
          {"template_id", FieldType::Id, true, {}, 1},
      },
      {&image_template_input_rules}};
  return rules;
}

}  // namespace sim
