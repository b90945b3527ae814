#pragma once
// Credits charged for a generation (PixVerse's public Model & Pricing page), simplified to a formula:
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
// Transition, extend (the added seconds) and fusion use the same formula. The editing endpoints
// have their own (per second of the source video, seconds rounded up), see below; where the
// docs give no price the simulator's choice is marked "assumed".
#include <cstddef>
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

// Lip sync: 4 per second of audio, or 4 per started 15 UTF-8 bytes of TTS text.
std::int64_t lip_sync_audio_credits(std::int64_t audio_seconds);
std::int64_t lip_sync_tts_credits(std::size_t tts_bytes);
// Sound effect: 10 per started 5 s of the video.
std::int64_t sound_effect_credits(std::int64_t video_seconds);
// Restyle: 10 per second.
std::int64_t restyle_credits(std::int64_t video_seconds);
// Modify: 4/5/6 per second (360/540/720p; resellers' prices, assumed).
std::int64_t modify_credits(std::string_view quality, std::int64_t video_seconds);
// Mimic: 9/10/12 per second (360/540/720p), 1080p 24 (assumed). Swap: the same (assumed).
std::int64_t mimic_credits(std::string_view quality, std::int64_t video_seconds);
// Multi-transition: the model's 5 s price per started 5 s of the total, x2 with fast motion (assumed).
std::int64_t multi_transition_credits(std::string_view model, std::string_view quality, std::int64_t total_seconds,
                                      bool fast_motion);
// Mask selection (the documented example) and an image template (assumed): flat.
inline constexpr std::int64_t kMaskSelectionCredits = 2;
inline constexpr std::int64_t kImageTemplateCredits = 10;

}  // namespace sim
