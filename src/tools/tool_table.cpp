#include "tools/tool_table.h"

#include <stdexcept>
#include <string>

namespace app {

const std::vector<ToolRow>& tool_table() {
  using K = ToolKind;
  static const std::vector<ToolRow> rows = {
      {.name = "text_to_video", .kind = K::generate, .method = "POST",
       .path = "/openapi/v2/video/text/generate", .job = &kVideoJob},
      {.name = "image_to_video", .kind = K::generate, .method = "POST",
       .path = "/openapi/v2/video/img/generate", .job = &kVideoJob},
      {.name = "transition_video", .kind = K::generate, .method = "POST",
       .path = "/openapi/v2/video/transition/generate", .job = &kVideoJob},
      {.name = "extend_video", .kind = K::generate, .method = "POST",
       .path = "/openapi/v2/video/extend/generate", .job = &kVideoJob},
      {.name = "lip_sync_video", .kind = K::generate, .method = "POST",
       .path = "/openapi/v2/video/lip_sync/generate", .job = &kVideoJob},
      {.name = "sound_effect_video", .kind = K::generate, .method = "POST",
       .path = "/openapi/v2/video/sound_effect/generate", .job = &kVideoJob},
      {.name = "fusion_video", .kind = K::generate, .method = "POST",
       .path = "/openapi/v2/video/fusion/generate", .job = &kVideoJob},
      {.name = "upload_image", .kind = K::upload, .method = "POST",
       .path = "/openapi/v2/image/upload", .media = MediaKind::image},
      {.name = "upload_video", .kind = K::upload, .method = "POST",
       .path = "/openapi/v2/media/upload", .media = MediaKind::video},
      {.name = "get_tts_speakers", .kind = K::list, .method = "GET",
       .path = "/openapi/v2/video/lip_sync/tts_list", .items_key = "speakers"},
      {.name = "get_video_status", .kind = K::job_status, .method = "GET",
       .path = "/openapi/v2/video/result/{id}", .job = &kVideoJob},
      {.name = "upload_audio", .kind = K::upload, .method = "POST",
       .path = "/openapi/v2/media/upload", .media = MediaKind::audio},
      {.name = "template_video", .kind = K::generate, .method = "POST",
       .path = "/openapi/v2/video/img/generate", .job = &kVideoJob},
      {.name = "modify_video", .kind = K::generate, .method = "POST",
       .path = "/openapi/v2/video/modify/generate", .job = &kVideoJob},
      {.name = "restyle_video", .kind = K::generate, .method = "POST",
       .path = "/openapi/v2/video/restyle/generate", .job = &kVideoJob},
      {.name = "list_restyle_effects", .kind = K::list, .method = "GET",
       .path = "/openapi/v2/video/restyle/list", .items_key = "effects",
       .renames = {{.from = "restyle_name", .to = "name"}, {.from = "restyle_prompt", .to = "prompt"}}},
      {.name = "multi_transition_video", .kind = K::generate, .method = "POST",
       .path = "/openapi/v2/video/multi_transition/generate", .job = &kVideoJob},
      {.name = "create_swap_mask", .kind = K::swap_mask, .method = "POST",
       .path = "/openapi/v2/video/mask/selection"},
      {.name = "swap_video", .kind = K::generate, .method = "POST",
       .path = "/openapi/v2/video/swap/generate", .job = &kVideoJob},
      {.name = "motion_control_video", .kind = K::generate, .method = "POST",
       .path = "/openapi/v2/video/mimic/generate", .job = &kVideoJob},
      {.name = "image_template", .kind = K::generate, .method = "POST",
       .path = "/openapi/v2/image/template/generate", .job = &kImageJob},
      {.name = "get_image_status", .kind = K::job_status, .method = "GET",
       .path = "/openapi/v2/image/result/{id}", .job = &kImageJob},
      {.name = "get_balance", .kind = K::balance, .method = "GET",
       .path = "/openapi/v2/account/balance"},
      {.name = "list_jobs", .kind = K::list_jobs},  // the local registry: no method, no path
  };
  return rows;
}

const ToolRow& tool_row(std::string_view name) {
  for (const auto& row : tool_table())
    if (row.name == name) return row;
  throw std::logic_error("no tool " + std::string(name) + " in the tool table");
}

}  // namespace app
