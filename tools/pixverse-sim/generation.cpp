// Generation from a prompt, one image or one video: text-to-video, image-to-video (incl. effect
// templates), transition, extend. The body was validated against its field rules already.
#include "job_factory.h"
#include "pricing.h"
#include "video_source.h"

namespace sim {
namespace {

using nlohmann::json;

// Model, quality, duration, seed, style, audio flags and the price of the generation formula.
void set_generation_fields(JobSpec& s, const json& b) {
  set_prompt(s, b.at("prompt").get<std::string>());
  s.negative_prompt = text_or_empty(b, "negative_prompt");
  s.style = text_or_empty(b, "style");
  s.model = b.at("model").get<std::string>();
  s.quality = b.at("quality").get<std::string>();
  s.duration = b.at("duration").get<std::int64_t>();
  if (has_value(b, "seed")) s.seed = b.at("seed").get<std::int64_t>();
  if (has_value(b, "template_id")) s.template_id = b.at("template_id").get<std::uint64_t>();
  s.has_audio = flag(b, "generate_audio_switch") || flag(b, "sound_effect_switch") || flag(b, "lip_sync_tts_switch");

  PriceInput price;
  price.model = s.model;
  price.quality = s.quality;
  price.duration = s.duration;
  price.audio = flag(b, "generate_audio_switch");
  price.multi_clip = flag(b, "generate_multi_clip_switch");
  price.fast_motion = text_or_empty(b, "motion_mode") == "fast";
  price.sound_effect = flag(b, "sound_effect_switch");
  price.lip_sync = flag(b, "lip_sync_tts_switch");
  price.has_template = has_value(b, "template_id");
  s.credits = price_credits(price);
}

// The base aspect ratio of an uploaded image (16:9 if unknown).
std::string aspect_of_image(SimState& st, std::uint64_t img_id) {
  if (auto img = st.jobs.image(img_id)) return std::string(nearest_aspect_ratio(img->width, img->height));
  return "16:9";
}

}  // namespace

Reply handle_text_to_video(SimState& st, const Call& call) {
  JobSpec s = new_job(st, call, "text_to_video");
  set_generation_fields(s, call.body);
  s.aspect_ratio = call.body.at("aspect_ratio").get<std::string>();
  s.inputs = pick(call.body, {"template_id"});
  Dimensions dims = output_dimensions(s.quality, s.aspect_ratio);
  return submit_job(st, std::move(s), dims);
}

Reply handle_image_to_video(SimState& st, const Call& call) {
  // No aspect_ratio on this endpoint: the output follows the (first) input image.
  const json& b = call.body;
  JobSpec s = new_job(st, call, "image_to_video");
  set_generation_fields(s, b);
  const std::uint64_t first = has_value(b, "img_id") ? b.at("img_id").get<std::uint64_t>()
                                                     : b.at("img_ids").at(0).get<std::uint64_t>();
  s.aspect_ratio = aspect_of_image(st, first);
  s.inputs = pick(b, {"img_id", "img_ids", "template_id"});
  Dimensions dims = output_dimensions(s.quality, s.aspect_ratio);
  return submit_job(st, std::move(s), dims);
}

Reply handle_transition(SimState& st, const Call& call) {
  const json& b = call.body;
  JobSpec s = new_job(st, call, "transition");
  set_generation_fields(s, b);
  s.aspect_ratio = aspect_of_image(st, b.at("first_frame_img").get<std::uint64_t>());
  s.inputs = pick(b, {"first_frame_img", "last_frame_img", "motion_mode", "generate_audio_switch",
                      "sound_effect_switch", "lip_sync_tts_switch", "lip_sync_tts_speaker_id"});
  Dimensions dims = output_dimensions(s.quality, s.aspect_ratio);
  return submit_job(st, std::move(s), dims);
}

Reply handle_extend(SimState& st, const Call& call) {
  const json& b = call.body;
  const SourceVideo src = find_video_source(b, st.jobs).value();
  JobSpec s = new_job(st, call, "extend");
  set_generation_fields(s, b);  // priced by the added seconds
  s.duration = src.seconds() + b.at("duration").get<std::int64_t>();
  s.has_audio = s.has_audio || src.has_audio;
  s.inputs = pick(b, {"source_video_id", "video_media_id", "duration", "template_id", "motion_mode",
                      "generate_audio_switch", "water_mark"});
  s.inputs["source_duration_ms"] = src.duration_ms;
  const auto dimensions = dimensions_like(s.quality, src.width, src.height);  // before s is moved from
  return submit_job(st, std::move(s), dimensions);
}

}  // namespace sim
