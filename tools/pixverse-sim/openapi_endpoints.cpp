#include "openapi_endpoints.h"

#include <charconv>

#include "assets.h"
#include "model_rules.h"

namespace sim {

using nlohmann::json;

const std::vector<Endpoint>& openapi_endpoints() {
  constexpr auto Json = BodyKind::Json;
  constexpr auto None = BodyKind::None;
  static const std::vector<Endpoint> table = {
      {"POST", "/openapi/v2/image/upload", false, BodyKind::Multipart, nullptr, &handle_image_upload},
      {"POST", "/openapi/v2/media/upload", false, BodyKind::Multipart, nullptr, &handle_media_upload},
      {"POST", "/openapi/v2/video/text/generate", false, Json, &text_to_video_rules(), &handle_text_to_video},
      {"POST", "/openapi/v2/video/img/generate", false, Json, &image_to_video_rules(), &handle_image_to_video},
      {"POST", "/openapi/v2/video/transition/generate", false, Json, &transition_rules(), &handle_transition},
      {"POST", "/openapi/v2/video/extend/generate", false, Json, &extend_rules(), &handle_extend},
      {"POST", "/openapi/v2/video/fusion/generate", false, Json, &fusion_rules(), &handle_fusion},
      {"POST", "/openapi/v2/video/multi_transition/generate", false, Json, &multi_transition_rules(),
       &handle_multi_transition},
      {"POST", "/openapi/v2/video/lip_sync/generate", false, Json, &lip_sync_rules(), &handle_lip_sync},
      {"GET", "/openapi/v2/video/lip_sync/tts_list", false, None, nullptr, &handle_tts_list},
      {"POST", "/openapi/v2/video/sound_effect/generate", false, Json, &sound_effect_rules(), &handle_sound_effect},
      {"POST", "/openapi/v2/video/modify/generate", false, Json, &modify_rules(), &handle_modify},
      {"POST", "/openapi/v2/video/restyle/generate", false, Json, &restyle_rules(), &handle_restyle},
      {"GET", "/openapi/v2/video/restyle/list", false, None, nullptr, &handle_restyle_list},
      {"POST", "/openapi/v2/video/mask/selection", false, Json, &mask_selection_rules(), &handle_mask_selection},
      {"POST", "/openapi/v2/video/swap/generate", false, Json, &swap_rules(), &handle_swap},
      {"POST", "/openapi/v2/video/mimic/generate", false, Json, &mimic_rules(), &handle_mimic},
      {"POST", "/openapi/v2/image/template/generate", false, Json, &image_template_rules(), &handle_image_template},
      {"GET", "/openapi/v2/image/result/", true, None, nullptr, &handle_image_result},
      {"GET", "/openapi/v2/video/result/", true, None, nullptr, &handle_video_result},
      {"GET", "/openapi/v2/account/balance", false, None, nullptr, &handle_balance},
  };
  return table;
}

Route route(std::string_view method, std::string_view path) {
  Route out;
  for (const auto& ep : openapi_endpoints()) {
    bool match = false;
    std::string id;
    if (ep.has_id) {
      if (path.size() > ep.path.size() && path.substr(0, ep.path.size()) == ep.path) {
        id = std::string(path.substr(ep.path.size()));
        match = id.find('/') == std::string::npos;
      }
    } else {
      match = path == ep.path;
    }
    if (!match) continue;
    out.path_known = true;
    if (ep.method == method) {
      out.endpoint = &ep;
      out.id = std::move(id);
      return out;
    }
  }
  return out;
}

Reply handle_video_result(SimState& st, const Call& call) {
  const std::string& text = call.path_id;
  std::uint64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    return envelope(400013, "invalid binding request: id must be integer (uint64), got \"" + text + "\"");
  auto job = st.jobs.poll(id, JobKind::Video);
  if (!job) return envelope(400017, "video not found: " + text);
  const auto& s = job->spec;
  const bool done = job->status == 1 && !job->url_withheld;
  json resp = {{"id", job->id},
               {"status", job->status},
               {"url", done ? st.base_url + "/media/video/" + std::to_string(job->id) + ".mp4" : ""},
               {"prompt", s.prompt},
               {"negative_prompt", s.negative_prompt},
               {"seed", s.seed},
               {"style", s.style},
               {"resolution_ratio", quality_lines(s.quality)},
               {"outputWidth", job->width},
               {"outputHeight", job->height},
               {"size", done ? fake_mp4(job->id, s.duration, job->width, job->height).size() : 0},
               {"create_time", job->create_time},
               {"modify_time", job->modify_time},
               {"has_audio", s.has_audio}};
  return success(std::move(resp));
}

Reply handle_balance(SimState& st, const Call&) { return success(st.jobs.balance_json()); }

}  // namespace sim
