// POST /openapi/v2/video/mask/selection: synchronous and billable. Answers three masks (person,
// object, background) of one keyframe; the same video and keyframe always give the same masks,
// which swap and modify then accept for that video.
#include "job_factory.h"
#include "pricing.h"
#include "served_files.h"
#include "video_source.h"

namespace sim {

using nlohmann::json;

Reply handle_mask_selection(SimState& st, const Call& call) {
  const json& b = call.body;
  const SourceVideo src = find_video_source(b, st.jobs).value();
  const std::int64_t keyframe = has_value(b, "keyframe_id") ? b.at("keyframe_id").get<std::int64_t>() : 1;
  MaskSelection sel = st.jobs.select_masks(src.id, keyframe, kMaskSelectionCredits);
  if (sel.err_code) return envelope(sel.err_code, sel.err_msg);
  json masks = json::array();
  for (const auto& m : sel.masks)
    masks.push_back({{"mask_id", m.mask_id},
                     {"mask_name", m.mask_name},
                     {"mask_url", st.base_url + "/media/mask/" + m.mask_id + ".png"}});
  return success({{"keyframe_id", keyframe},
                  {"keyframe_url", st.base_url + "/media/keyframe/" + std::to_string(src.id) + "/" +
                                       std::to_string(keyframe) + ".png"},
                  {"credits", kMaskSelectionCredits},
                  {"mask_info", masks}});
}

}  // namespace sim
