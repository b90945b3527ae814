// Endpoints that turn one existing video (source_video_id or video_media_id) into a new one:
// lip sync, sound effect, modify, restyle, swap, mimic. Bodies were validated already.
#include <set>

#include "builtin_catalogs.h"
#include "job_factory.h"
#include "pricing.h"
#include "video_source.h"

namespace sim {
namespace {

using nlohmann::json;

// A job that inherits the source's length, quality and size.
JobSpec edit_job(SimState& st, const Call& call, std::string endpoint, const SourceVideo& src) {
  JobSpec s = new_job(st, call, std::move(endpoint));
  s.duration = src.seconds();
  s.quality = src.quality;
  s.has_audio = src.has_audio;
  s.inputs = src.as_input();
  s.inputs["source_duration_ms"] = src.duration_ms;
  return s;
}

Dimensions source_size(const SourceVideo& src) { return {src.width, src.height}; }

void add_inputs(JobSpec& s, const json& picked) {
  for (const auto& [k, v] : picked.items()) s.inputs[k] = v;
}

// The distinct N of every "@<tag>N" in the prompt.
std::set<int> references(const std::string& prompt, const std::string& tag) {
  std::set<int> out;
  const std::string marker = "@" + tag;
  for (auto at = prompt.find(marker); at != std::string::npos; at = prompt.find(marker, at + 1)) {
    std::size_t pos = at + marker.size(), end = pos;
    while (end < prompt.size() && end - pos < 3 && prompt[end] >= '0' && prompt[end] <= '9') ++end;
    if (end > pos) out.insert(std::stoi(prompt.substr(pos, end - pos)));
  }
  return out;
}

// "@selection0".."@selectionN-1" for N masks, "@img0".."@imgN-1" for N images: exactly those.
bool references_match(const std::set<int>& refs, std::size_t count) {
  return refs.size() == count && (refs.empty() || static_cast<std::size_t>(*refs.rbegin()) < count);
}

SourceVideo source(SimState& st, const Call& call) { return find_video_source(call.body, st.jobs).value(); }

}  // namespace

Reply handle_lip_sync(SimState& st, const Call& call) {
  const json& b = call.body;
  const SourceVideo src = source(st, call);
  JobSpec s = edit_job(st, call, "lip_sync", src);
  s.has_audio = true;
  if (has_value(b, "audio_media_id")) {
    const auto audio = find_audio_media(b.at("audio_media_id").get<std::uint64_t>(), st.jobs).value();
    s.credits = lip_sync_audio_credits((audio.duration_ms + 999) / 1000);
    s.inputs["audio_media_id"] = audio.id;
  } else {
    const auto text = b.at("lip_sync_tts_content").get<std::string>();
    set_prompt(s, text);
    s.credits = lip_sync_tts_credits(text.size());
    add_inputs(s, pick(b, {"lip_sync_tts_speaker_id"}));
  }
  return submit_job(st, std::move(s), source_size(src));
}

Reply handle_sound_effect(SimState& st, const Call& call) {
  const json& b = call.body;
  const SourceVideo src = source(st, call);
  JobSpec s = edit_job(st, call, "sound_effect", src);
  set_prompt(s, text_or_empty(b, "sound_effect_content"));
  s.model = text_or_empty(b, "model");
  s.has_audio = true;
  s.credits = sound_effect_credits(src.seconds());
  add_inputs(s, pick(b, {"original_sound_switch"}));
  return submit_job(st, std::move(s), source_size(src));
}

Reply handle_modify(SimState& st, const Call& call) {
  const json& b = call.body;
  const SourceVideo src = source(st, call);
  JobSpec s = edit_job(st, call, "modify", src);
  set_prompt(s, b.at("prompt").get<std::string>());
  s.quality = b.at("quality").get<std::string>();
  s.credits = modify_credits(s.quality, src.seconds());
  add_inputs(s, pick(b, {"img_ids", "mask_ids", "keyframe_ids"}));
  // The docs: masks/images that do not match the prompt's @selectionN / @imgN make the task fail.
  const std::size_t masks = has_value(b, "mask_ids") ? b.at("mask_ids").size() : 0;
  const std::size_t images = has_value(b, "img_ids") ? b.at("img_ids").size() : 0;
  if (!references_match(references(s.prompt, "selection"), masks) || !references_match(references(s.prompt, "img"), images))
    s.terminal_status = 8;
  const auto dimensions = dimensions_like(s.quality, src.width, src.height);  // before s is moved from
  return submit_job(st, std::move(s), dimensions);
}

Reply handle_restyle(SimState& st, const Call& call) {
  const json& b = call.body;
  const SourceVideo src = source(st, call);
  JobSpec s = edit_job(st, call, "restyle", src);
  if (has_value(b, "restyle_id")) {
    const RestyleEffect* effect = find_restyle(b.at("restyle_id").get<std::uint64_t>());
    s.style = std::string(effect->name);
    set_prompt(s, std::string(effect->prompt));
  } else {
    set_prompt(s, b.at("restyle_prompt").get<std::string>());
  }
  if (has_value(b, "seed")) s.seed = b.at("seed").get<std::int64_t>();
  s.credits = restyle_credits(src.seconds());
  add_inputs(s, pick(b, {"restyle_id"}));
  return submit_job(st, std::move(s), source_size(src), AnswerShape::VideoIdCredits);
}

Reply handle_swap(SimState& st, const Call& call) {
  const json& b = call.body;
  const SourceVideo src = source(st, call);
  JobSpec s = edit_job(st, call, "swap", src);
  s.quality = b.at("quality").get<std::string>();
  s.has_audio = flag(b, "original_sound_switch") && src.has_audio;
  s.credits = mimic_credits(s.quality, src.seconds());
  add_inputs(s, pick(b, {"keyframe_id", "mask_id", "img_id", "original_sound_switch"}));
  const auto dimensions = dimensions_like(s.quality, src.width, src.height);  // before s is moved from
  return submit_job(st, std::move(s), dimensions, AnswerShape::VideoIdCredits);
}

Reply handle_mimic(SimState& st, const Call& call) {
  const json& b = call.body;
  const SourceVideo src = source(st, call);
  JobSpec s = edit_job(st, call, "mimic", src);
  s.quality = b.at("quality").get<std::string>();
  s.has_audio = false;
  s.credits = mimic_credits(s.quality, src.seconds());
  add_inputs(s, pick(b, {"img_id"}));
  // Appearance comes from the image: so does the frame's shape.
  Dimensions dims = dimensions_like(s.quality, src.width, src.height);
  if (auto img = st.jobs.image(b.at("img_id").get<std::uint64_t>()))
    dims = dimensions_like(s.quality, static_cast<int>(img->width), static_cast<int>(img->height));
  return submit_job(st, std::move(s), dims, AnswerShape::VideoIdCredit);
}

}  // namespace sim
