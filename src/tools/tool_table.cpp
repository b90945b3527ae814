#include "tools/tool_table.h"

#include <stdexcept>
#include <string>

namespace app {

const std::vector<ToolRow>& tool_table() {
  using K = ToolKind;
  static const std::vector<ToolRow> rows = {
      {"text_to_video", K::generate, "POST", "/openapi/v2/video/text/generate", &kVideoJob},
      {"image_to_video", K::generate, "POST", "/openapi/v2/video/img/generate", &kVideoJob},
      {"transition_video", K::generate, "POST", "/openapi/v2/video/transition/generate", &kVideoJob},
      {"extend_video", K::generate, "POST", "/openapi/v2/video/extend/generate", &kVideoJob},
      {"lip_sync_video", K::generate, "POST", "/openapi/v2/video/lip_sync/generate", &kVideoJob},
      {"sound_effect_video", K::generate, "POST", "/openapi/v2/video/sound_effect/generate", &kVideoJob},
      {"fusion_video", K::generate, "POST", "/openapi/v2/video/fusion/generate", &kVideoJob},
      {"upload_image", K::upload, "POST", "/openapi/v2/image/upload", nullptr, MediaKind::image},
      {"upload_video", K::upload, "POST", "/openapi/v2/media/upload", nullptr, MediaKind::video},
      {"get_tts_speakers", K::list, "GET", "/openapi/v2/video/lip_sync/tts_list", nullptr, MediaKind::image,
       "speakers"},
      {"get_video_status", K::job_status, "GET", "/openapi/v2/video/result/{id}", &kVideoJob},
      {"upload_audio", K::upload, "POST", "/openapi/v2/media/upload", nullptr, MediaKind::audio},
      {"template_video", K::generate, "POST", "/openapi/v2/video/img/generate", &kVideoJob},
      {"modify_video", K::generate, "POST", "/openapi/v2/video/modify/generate", &kVideoJob},
      {"restyle_video", K::generate, "POST", "/openapi/v2/video/restyle/generate", &kVideoJob},
      {"list_restyle_effects", K::list, "GET", "/openapi/v2/video/restyle/list", nullptr, MediaKind::image,
       "effects", {{"restyle_name", "name"}, {"restyle_prompt", "prompt"}}},
      {"multi_transition_video", K::generate, "POST", "/openapi/v2/video/multi_transition/generate", &kVideoJob},
      {"create_swap_mask", K::swap_mask, "POST", "/openapi/v2/video/mask/selection"},
      {"swap_video", K::generate, "POST", "/openapi/v2/video/swap/generate", &kVideoJob},
      {"motion_control_video", K::generate, "POST", "/openapi/v2/video/mimic/generate", &kVideoJob},
      {"image_template", K::generate, "POST", "/openapi/v2/image/template/generate", &kImageJob},
      {"get_image_status", K::job_status, "GET", "/openapi/v2/image/result/{id}", &kImageJob},
      {"get_balance", K::balance, "GET", "/openapi/v2/account/balance"},
      {"list_jobs", K::list_jobs, "", ""},
  };
  return rows;
}

const ToolRow& tool_row(std::string_view name) {
  for (const auto& row : tool_table())
    if (row.name == name) return row;
  throw std::logic_error("no tool " + std::string(name) + " in the tool table");
}

}  // namespace app
