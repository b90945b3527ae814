#include "openapi_endpoints.h"

#include <charconv>

#include "assets.h"
#include "model_rules.h"

namespace sim {

using nlohmann::json;

const std::vector<Endpoint>& openapi_endpoints() {
  static const std::vector<Endpoint> table = {
      {"POST", "/openapi/v2/image/upload", false, BodyKind::Multipart, nullptr, &handle_image_upload},
      {"POST", "/openapi/v2/video/text/generate", false, BodyKind::Json, &text_to_video_rules(),
       &handle_text_to_video},
      {"POST", "/openapi/v2/video/img/generate", false, BodyKind::Json, &image_to_video_rules(),
       &handle_image_to_video},
      {"GET", "/openapi/v2/video/result/", true, BodyKind::None, nullptr, &handle_video_result},
      {"GET", "/openapi/v2/account/balance", false, BodyKind::None, nullptr, &handle_balance},
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
  auto job = st.jobs.poll(id);
  if (!job) return envelope(400017, "video not found: " + text);
  const auto& s = job->spec;
  const bool done = job->status == 1;
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
               {"size", done ? fake_mp4(job->id).size() : 0},
               {"create_time", job->create_time},
               {"modify_time", job->modify_time},
               {"has_audio", s.has_audio}};
  return success(std::move(resp));
}

Reply handle_balance(SimState& st, const Call&) { return success(st.jobs.balance_json()); }

}  // namespace sim
