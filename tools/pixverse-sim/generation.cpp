// Text-to-video and image-to-video: the body was validated against its field rules already;
// this turns it into a job (magic prompt tokens, output size, credits).
#include <charconv>

#include "model_rules.h"
#include "openapi_endpoints.h"
#include "pricing.h"

namespace sim {
namespace {

using nlohmann::json;

std::string str_or_empty(const json& b, const char* key) {
  return has_value(b, key) ? b.at(key).get<std::string>() : std::string();
}

bool flag(const json& b, const char* key) { return has_value(b, key) && b.at(key).get<bool>(); }

// "[sim:fail]" -> status 8, "[sim:moderate]" -> 7, "[sim:polls=N]", "[sim:ms=N]".
void apply_magic_tokens(const std::string& prompt, JobSpec& spec) {
  std::size_t pos = 0;
  while ((pos = prompt.find("[sim:", pos)) != std::string::npos) {
    auto close = prompt.find(']', pos);
    if (close == std::string::npos) break;
    std::string token = prompt.substr(pos + 5, close - pos - 5);
    pos = close + 1;
    auto number = [&](std::size_t skip) -> std::optional<std::int64_t> {
      std::int64_t n = 0;
      auto [end, ec] = std::from_chars(token.data() + skip, token.data() + token.size(), n);
      if (ec != std::errc() || end != token.data() + token.size() || n < 0) return std::nullopt;
      return n;
    };
    if (token == "fail") {
      spec.terminal_status = 8;
    } else if (token == "moderate") {
      spec.terminal_status = 7;
    } else if (token.rfind("polls=", 0) == 0) {
      if (auto n = number(6)) spec.needed_polls = static_cast<int>(std::min<std::int64_t>(*n, 1000000));
    } else if (token.rfind("ms=", 0) == 0) {
      if (auto n = number(3)) spec.needed_ms = *n;
    }
  }
}

Reply create_generation(SimState& st, const Call& call, const char* endpoint, std::string aspect_ratio) {
  const json& b = call.body;
  JobSpec s;
  s.endpoint = endpoint;
  s.trace_id = call.trace_id;
  s.prompt = b.at("prompt").get<std::string>();
  s.negative_prompt = str_or_empty(b, "negative_prompt");
  s.style = str_or_empty(b, "style");
  s.model = b.at("model").get<std::string>();
  s.quality = b.at("quality").get<std::string>();
  s.aspect_ratio = std::move(aspect_ratio);
  s.duration = b.at("duration").get<std::int64_t>();
  if (has_value(b, "seed")) s.seed = b.at("seed").get<std::int64_t>();
  s.has_audio = flag(b, "generate_audio_switch") || flag(b, "sound_effect_switch") || flag(b, "lip_sync_tts_switch");
  s.needed_polls = st.cfg.polls;
  s.needed_ms = st.cfg.job_ms;
  apply_magic_tokens(s.prompt, s);
  s.inputs = json::object();
  for (const char* key : {"img_id", "img_ids", "template_id"})
    if (has_value(b, key)) s.inputs[key] = b.at(key);

  PriceInput price;
  price.model = s.model;
  price.quality = s.quality;
  price.duration = s.duration;
  price.audio = flag(b, "generate_audio_switch");
  price.multi_clip = flag(b, "generate_multi_clip_switch");
  price.fast_motion = str_or_empty(b, "motion_mode") == "fast";
  price.sound_effect = flag(b, "sound_effect_switch");
  price.lip_sync = flag(b, "lip_sync_tts_switch");
  price.has_template = has_value(b, "template_id");
  s.credits = price_credits(price);

  Dimensions dims = output_dimensions(s.quality, s.aspect_ratio);
  CreateResult created = st.jobs.create_job(std::move(s), dims.width, dims.height);
  if (!created.id) return envelope(created.err_code, created.err_msg);
  return success({{"video_id", *created.id}});
}

}  // namespace

Reply handle_text_to_video(SimState& st, const Call& call) {
  return create_generation(st, call, "text_to_video", call.body.at("aspect_ratio").get<std::string>());
}

Reply handle_image_to_video(SimState& st, const Call& call) {
  // No aspect_ratio on this endpoint: the output follows the (first) input image.
  const json& b = call.body;
  std::uint64_t first = has_value(b, "img_id") ? b.at("img_id").get<std::uint64_t>()
                                               : b.at("img_ids").at(0).get<std::uint64_t>();
  std::string aspect = "16:9";
  if (auto img = st.jobs.image(first)) aspect = std::string(nearest_aspect_ratio(img->width, img->height));
  return create_generation(st, call, "image_to_video", aspect);
}

}  // namespace sim
