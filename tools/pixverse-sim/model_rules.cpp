#include "model_rules.h"

#include <algorithm>
#include <cmath>

namespace sim {

const std::vector<ModelInfo>& all_models() {
  static const std::vector<ModelInfo> models = {
      {.id = "v3.5",
       .durations = {5, 8},
       .no_1080p_durations = {8},
       .legacy_audio = true,
       .fast_motion = true,
       .extend = true,
       .multi_transition = true},
      {.id = "v4",
       .durations = {5, 8},
       .no_1080p_durations = {8},
       .legacy_audio = true,
       .fast_motion = true,
       .camera_movement = true,
       .extend = true,
       .multi_transition = true},
      {.id = "v4.5",
       .durations = {5, 8},
       .no_1080p_durations = {8},
       .legacy_audio = true,
       .fast_motion = true,
       .camera_movement = true,
       .extend = true,
       .fusion = true,
       .multi_transition = true},
      {.id = "v5", .durations = {5, 8}, .legacy_audio = true, .extend = true, .fusion = true, .multi_transition = true},
      {.id = "v5.5",
       .durations = {5, 8, 10},
       .no_1080p_durations = {10},
       .audio_switch = true,
       .multi_clip = true,
       .thinking = true,
       .extend = true,
       .fusion = true},
      {.id = "v5.6", .durations = {5, 8, 10}, .no_1080p_durations = {10}, .audio_switch = true, .fusion = true},
      {.id = "v6",
       .min_duration = 1,
       .max_duration = 15,
       .extended_aspects = true,
       .audio_switch = true,
       .multi_clip = true,
       .thinking = true,
       .extend = true,
       .fusion = true},
      {.id = "c1",
       .min_duration = 1,
       .max_duration = 15,
       .extended_aspects = true,
       .audio_switch = true,
       .fusion = true},
  };
  return models;
}

const ModelInfo* find_model(std::string_view id) {
  for (const auto& m : all_models())
    if (m.id == id) return &m;
  return nullptr;
}

bool duration_allowed(const ModelInfo& m, std::int64_t d, std::string_view quality) {
  bool listed = m.durations.empty() ? (d >= m.min_duration && d <= m.max_duration)
                                    : std::find(m.durations.begin(), m.durations.end(), d) != m.durations.end();
  if (!listed) return false;
  if (quality == "1080p")
    return std::find(m.no_1080p_durations.begin(), m.no_1080p_durations.end(), d) == m.no_1080p_durations.end();
  return true;
}

std::string allowed_durations_text(const ModelInfo& m, std::string_view quality) {
  if (m.durations.empty()) return std::to_string(m.min_duration) + "-" + std::to_string(m.max_duration);
  std::string out;
  for (int d : m.durations) {
    if (quality == "1080p" &&
        std::find(m.no_1080p_durations.begin(), m.no_1080p_durations.end(), d) != m.no_1080p_durations.end())
      continue;
    if (!out.empty()) out += ", ";
    out += std::to_string(d);
  }
  return out;
}

const std::vector<std::string_view>& qualities() {
  static const std::vector<std::string_view> q = {"360p", "540p", "720p", "1080p"};
  return q;
}

const std::vector<std::string_view>& base_aspect_ratios() {
  static const std::vector<std::string_view> a = {"16:9", "4:3", "1:1", "3:4", "9:16"};
  return a;
}

std::vector<std::string_view> aspect_ratios_for(const ModelInfo& m) {
  std::vector<std::string_view> out = base_aspect_ratios();
  if (m.extended_aspects) out.insert(out.end(), {"2:3", "3:2", "21:9"});
  return out;
}

std::string join(const std::vector<std::string_view>& items, std::string_view sep) {
  std::string out;
  for (auto item : items) {
    if (!out.empty()) out += sep;
    out += item;
  }
  return out;
}

std::string models_with(bool ModelInfo::*flag) {
  std::vector<std::string_view> ids;
  for (const auto& m : all_models())
    if (m.*flag) ids.push_back(m.id);
  return join(ids);
}

int quality_lines(std::string_view quality) {
  if (quality == "360p") return 360;
  if (quality == "720p") return 720;
  if (quality == "1080p") return 1080;
  return 540;
}

Dimensions output_dimensions(std::string_view quality, std::string_view aspect_ratio) {
  int w = 16, h = 9;
  auto colon = aspect_ratio.find(':');
  if (colon != std::string_view::npos) {
    w = std::max(1, std::atoi(std::string(aspect_ratio.substr(0, colon)).c_str()));
    h = std::max(1, std::atoi(std::string(aspect_ratio.substr(colon + 1)).c_str()));
  }
  const int lines = quality_lines(quality);
  auto even = [](double v) { return static_cast<int>(std::lround(v / 2.0)) * 2; };
  if (w >= h) return {even(static_cast<double>(lines) * w / h), lines};
  return {lines, even(static_cast<double>(lines) * h / w)};
}

std::string_view nearest_aspect_ratio(std::uint32_t width, std::uint32_t height) {
  if (width == 0 || height == 0) return "16:9";
  const double target = std::log(static_cast<double>(width) / height);
  std::string_view best = "16:9";
  double best_diff = 1e9;
  for (auto ar : base_aspect_ratios()) {
    Dimensions d = output_dimensions("540p", ar);
    double diff = std::fabs(std::log(static_cast<double>(d.width) / d.height) - target);
    if (diff < best_diff) {
      best_diff = diff;
      best = ar;
    }
  }
  return best;
}

}  // namespace sim
