// Videos built from several images: fusion (reference-to-video) and multi-transition (keyframes).
#include <algorithm>
#include <optional>

#include "job_factory.h"
#include "pricing.h"
#include "video_source.h"

namespace sim {

using nlohmann::json;

Reply handle_fusion(SimState& st, const Call& call) {
  const json& b = call.body;
  JobSpec s = new_job(st, call, "fusion");
  set_prompt(s, b.at("prompt").get<std::string>());
  s.negative_prompt = text_or_empty(b, "negative_prompt");
  s.style = text_or_empty(b, "style");
  s.model = b.at("model").get<std::string>();
  s.quality = b.at("quality").get<std::string>();
  s.duration = b.at("duration").get<std::int64_t>();
  s.aspect_ratio = b.at("aspect_ratio").get<std::string>();
  if (has_value(b, "seed")) s.seed = b.at("seed").get<std::int64_t>();
  s.has_audio = flag(b, "generate_audio_switch");
  s.inputs = pick(b, {"image_references", "video_references", "reference_mode", "generate_audio_switch"});
  // Omni mode with reference videos: as long as the longest of them (duration 0), and with
  // aspect_ratio auto in the first one's shape.
  std::optional<SourceVideo> first_video;
  if (has_value(b, "video_references"))
    for (const auto& ref : b.at("video_references")) {
      const SourceVideo src = find_video_source(ref, st.jobs).value();  // validated already
      if (!first_video) first_video = src;
      s.duration = std::max(s.duration, src.seconds());
    }
  PriceInput price;
  price.model = s.model;
  price.quality = s.quality;
  price.duration = s.duration;
  price.audio = s.has_audio;
  s.credits = price_credits(price);
  Dimensions dims = s.aspect_ratio == "auto" && first_video
                        ? dimensions_like(s.quality, first_video->width, first_video->height)
                        : output_dimensions(s.quality, s.aspect_ratio);
  return submit_job(st, std::move(s), dims);
}

Reply handle_multi_transition(SimState& st, const Call& call) {
  const json& b = call.body;
  const json& items = b.at("multi_transition");
  JobSpec s = new_job(st, call, "multi_transition");
  std::string prompts;  // the segments' prompts, for the result's `prompt` (and magic tokens)
  s.duration = 0;
  for (const auto& item : items) {
    if (has_value(item, "duration")) s.duration += item.at("duration").get<std::int64_t>();
    const std::string p = text_or_empty(item, "prompt");
    if (!p.empty()) prompts += (prompts.empty() ? "" : " | ") + p;
  }
  set_prompt(s, prompts);
  s.model = b.at("model").get<std::string>();
  s.quality = b.at("quality").get<std::string>();
  if (has_value(b, "seed")) s.seed = b.at("seed").get<std::int64_t>();
  s.inputs = pick(b, {"multi_transition", "motion_mode"});
  const bool fast = text_or_empty(b, "motion_mode") == "fast";
  s.credits = multi_transition_credits(s.model, s.quality, s.duration, fast);
  Dimensions dims{0, 0};
  if (auto img = st.jobs.image(items.at(0).at("img_id").get<std::uint64_t>()))
    dims = dimensions_like(s.quality, static_cast<int>(img->width), static_cast<int>(img->height));
  else
    dims = output_dimensions(s.quality, "16:9");
  return submit_job(st, std::move(s), dims, AnswerShape::VideoIdCredits);
}

}  // namespace sim
