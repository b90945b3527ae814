#include "pricing.h"

namespace sim {
namespace {

int quality_index(std::string_view q) {
  if (q == "360p") return 0;
  if (q == "720p") return 2;
  if (q == "1080p") return 3;
  return 1;
}

// base5 x 2 for 8 s, x 2.2 for 10 s (exact for the published tables: 45 -> 99, 60 -> 132, 35 -> 77).
std::int64_t scale(std::int64_t base5, std::int64_t duration) {
  if (duration >= 10) return base5 * 22 / 10;
  if (duration >= 8) return base5 * 2;
  return base5;
}

std::int64_t started(std::int64_t amount, std::int64_t unit) { return (amount + unit - 1) / unit; }

}  // namespace

std::int64_t price_credits(const PriceInput& in) {
  const int q = quality_index(in.quality);
  std::int64_t credits = 0;
  if (in.model == "v6" || in.model == "c1") {
    static constexpr std::int64_t v6[2][4] = {{5, 7, 9, 18}, {7, 9, 12, 23}};
    static constexpr std::int64_t c1[2][4] = {{6, 8, 10, 19}, {8, 10, 13, 24}};
    const auto& table = in.model == "v6" ? v6 : c1;
    credits = table[in.audio ? 1 : 0][q] * in.duration;
  } else if (in.model == "v5.6") {
    static constexpr std::int64_t base[4] = {35, 35, 45, 75};
    credits = scale(base[q], in.duration) + (in.audio ? 45 : 0);
  } else {
    static constexpr std::int64_t base[4] = {45, 45, 60, 120};
    credits = scale(base[q], in.duration);
    if (in.fast_motion) credits = base[q] * 2;
    if (in.model == "v5.5") credits += (in.audio ? 10 : 0) + (in.multi_clip ? 30 : 0);
  }
  if (in.sound_effect && !in.has_template) credits += 10 * ((in.duration + 4) / 5);
  if (in.lip_sync) credits += 4 * in.duration;
  return credits;
}

std::int64_t lip_sync_audio_credits(std::int64_t audio_seconds) { return 4 * audio_seconds; }

std::int64_t lip_sync_tts_credits(std::size_t tts_bytes) {
  return 4 * started(static_cast<std::int64_t>(tts_bytes), 15);
}

std::int64_t sound_effect_credits(std::int64_t video_seconds) { return 10 * started(video_seconds, 5); }

std::int64_t restyle_credits(std::int64_t video_seconds) { return 10 * video_seconds; }

std::int64_t modify_credits(std::string_view quality, std::int64_t video_seconds) {
  static constexpr std::int64_t per_second[4] = {4, 5, 6, 6};
  return per_second[quality_index(quality)] * video_seconds;
}

std::int64_t mimic_credits(std::string_view quality, std::int64_t video_seconds) {
  static constexpr std::int64_t per_second[4] = {9, 10, 12, 24};
  return per_second[quality_index(quality)] * video_seconds;
}

std::int64_t multi_transition_credits(std::string_view model, std::string_view quality, std::int64_t total_seconds,
                                      bool fast_motion) {
  PriceInput five;
  five.model = model;
  five.quality = quality;
  return price_credits(five) * started(total_seconds, 5) * (fast_motion ? 2 : 1);
}

}  // namespace sim
