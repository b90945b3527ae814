#pragma once
// Credits charged for a generation (pixverse-api.md §10), simplified to a formula:
//   v3.5/v4/v4.5/v5   base5 = 45 (360p, 540p) | 60 (720p) | 120 (1080p); 8 s = 2 x base5;
//                     motion_mode fast (5 s only) = 2 x base5.
//   v5.5              base5 as above; 8 s = 2 x, 10 s = 2.2 x; +10 with generate_audio_switch,
//                     +30 with generate_multi_clip_switch.
//   v5.6              base5 = 35 (360p, 540p) | 45 (720p) | 75 (1080p); 8 s = 2 x, 10 s = 2.2 x;
//                     +45 with generate_audio_switch.
//   v6, c1            per second: v6 5/7/9/18, c1 6/8/10/19 (360/540/720/1080p); with audio
//                     v6 7/9/12/23, c1 8/10/13/24.
//   surcharges        sound_effect_switch without template_id: +10 per started 5 s;
//                     lip_sync_tts_switch: +4 per second of video.
#include <cstdint>
#include <string_view>

namespace sim {

struct PriceInput {
  std::string_view model;
  std::string_view quality;
  std::int64_t duration = 5;
  bool audio = false;         // generate_audio_switch
  bool multi_clip = false;    // generate_multi_clip_switch
  bool fast_motion = false;   // motion_mode "fast"
  bool sound_effect = false;  // sound_effect_switch
  bool lip_sync = false;      // lip_sync_tts_switch
  bool has_template = false;  // template_id
};

std::int64_t price_credits(const PriceInput& in);

}  // namespace sim
