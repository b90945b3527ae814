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
      {.method = "POST",
       .path = "/openapi/v2/image/upload",
       .body = BodyKind::Multipart,
       .handle = &handle_image_upload},
      {.method = "POST",
       .path = "/openapi/v2/media/upload",
       .body = BodyKind::Multipart,
       .handle = &handle_media_upload},
      {.method = "POST",
       .path = "/openapi/v2/video/text/generate",
       .body = Json,
       .rules = &text_to_video_rules(),
       .handle = &handle_text_to_video},
      {.method = "POST",
       .path = "/openapi/v2/video/img/generate",
       .body = Json,
       .rules = &image_to_video_rules(),
       .handle = &handle_image_to_video},
      {.method = "POST",
       .path = "/openapi/v2/video/transition/generate",
       .body = Json,
       .rules = &transition_rules(),
       .handle = &handle_transition},
      {.method = "POST",
       .path = "/openapi/v2/video/extend/generate",
       .body = Json,
       .rules = &extend_rules(),
       .handle = &handle_extend},
      {.method = "POST",
       .path = "/openapi/v2/video/fusion/generate",
       .body = Json,
       .rules = &fusion_rules(),
       .handle = &handle_fusion},
      {.method = "POST",
       .path = "/openapi/v2/video/multi_transition/generate",
       .body = Json,
       .rules = &multi_transition_rules(),
       .handle = &handle_multi_transition},
      {.method = "POST",
       .path = "/openapi/v2/video/lip_sync/generate",
       .body = Json,
       .rules = &lip_sync_rules(),
       .handle = &handle_lip_sync},
      {.method = "GET", .path = "/openapi/v2/video/lip_sync/tts_list", .body = None, .handle = &handle_tts_list},
      {.method = "POST",
       .path = "/openapi/v2/video/sound_effect/generate",
       .body = Json,
       .rules = &sound_effect_rules(),
       .handle = &handle_sound_effect},
      {.method = "POST",
       .path = "/openapi/v2/video/modify/generate",
       .body = Json,
       .rules = &modify_rules(),
       .handle = &handle_modify},
      {.method = "POST",
       .path = "/openapi/v2/video/restyle/generate",
       .body = Json,
       .rules = &restyle_rules(),
       .handle = &handle_restyle},
      {.method = "GET", .path = "/openapi/v2/video/restyle/list", .body = None, .handle = &handle_restyle_list},
      {.method = "POST",
       .path = "/openapi/v2/video/mask/selection",
       .body = Json,
       .rules = &mask_selection_rules(),
       .handle = &handle_mask_selection},
      {.method = "POST",
       .path = "/openapi/v2/video/swap/generate",
       .body = Json,
       .rules = &swap_rules(),
       .handle = &handle_swap},
      {.method = "POST",
       .path = "/openapi/v2/video/mimic/generate",
       .body = Json,
       .rules = &mimic_rules(),
       .handle = &handle_mimic},
      {.method = "POST",
       .path = "/openapi/v2/image/template/generate",
       .body = Json,
       .rules = &image_template_rules(),
       .handle = &handle_image_template},
      {.method = "GET",
       .path = "/openapi/v2/image/result/",
       .has_id = true,
       .body = None,
       .handle = &handle_image_result},
      {.method = "GET",
       .path = "/openapi/v2/video/result/",
       .has_id = true,
       .body = None,
       .handle = &handle_video_result},
      {.method = "GET", .path = "/openapi/v2/account/balance", .body = None, .handle = &handle_balance},
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
