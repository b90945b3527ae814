#pragma once
// Per-model rules of the generation endpoints (durations, aspect ratios, version-gated fields as the
// API reference gives them; see docs/pixverse-api.md), as one table.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sim {

struct ModelInfo {
  std::string_view id;
  std::vector<int> durations = {};  // allowed durations; empty = the range below
  int min_duration = 0;
  int max_duration = 0;
  std::vector<int> no_1080p_durations = {};  // durations not available at 1080p
  bool extended_aspects = false;        // 2:3 3:2 21:9 as well
  bool audio_switch = false;            // generate_audio_switch
  bool multi_clip = false;              // generate_multi_clip_switch
  bool thinking = false;                // thinking_type (v5.5; v6 is uncertain in the docs: accepted)
  bool legacy_audio = false;            // sound_effect_* / lip_sync_tts_* without a template (<= v5)
  bool fast_motion = false;             // motion_mode "fast" (<= v4.5)
  bool camera_movement = false;         // camera_movement (v4, v4.5)
  // The endpoints that take only some models (text/image-to-video and transition take all).
  bool extend = false;
  bool fusion = false;
  bool multi_transition = false;
};

// Every model, oldest first (the order the error messages list them in).
const std::vector<ModelInfo>& all_models();
// The model named `id` ("v5.5"), or nullptr.
const ModelInfo* find_model(std::string_view id);

// Whether model `m` makes a video of `duration` seconds at `quality` ("1080p").
bool duration_allowed(const ModelInfo& m, std::int64_t duration, std::string_view quality);
// What it allows at that quality, for messages: "5, 8" or "1-15".
std::string allowed_durations_text(const ModelInfo& m, std::string_view quality);

const std::vector<std::string_view>& qualities();             // 360p 540p 720p 1080p
const std::vector<std::string_view>& base_aspect_ratios();    // 16:9 4:3 1:1 3:4 9:16
// The base aspect ratios, and 2:3 3:2 21:9 for the models with extended_aspects.
std::vector<std::string_view> aspect_ratios_for(const ModelInfo& m);

// "v5.5, v5.6, v6, c1": the models for which `flag` is set.
std::string models_with(bool ModelInfo::*flag);
// The items separated by `sep`.
std::string join(const std::vector<std::string_view>& items, std::string_view sep = ", ");

// Output size for a quality ("540p") and aspect ratio ("16:9"): the short side is the quality.
struct Dimensions {
  int width = 0;
  int height = 0;
};
Dimensions output_dimensions(std::string_view quality, std::string_view aspect_ratio);
int quality_lines(std::string_view quality);  // 540 for "540p"
// The base aspect ratio closest to width:height (for image-to-video).
std::string_view nearest_aspect_ratio(std::uint32_t width, std::uint32_t height);

}  // namespace sim
