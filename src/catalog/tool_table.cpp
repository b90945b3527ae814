#include "catalog/tool_table.h"

namespace catalog {

const std::vector<ToolRow>& tool_table() {
  static const std::vector<ToolRow> rows = {
      {"upload_image", ToolKind::upload_image, "POST", "/openapi/v2/image/upload"},
      {"text_to_video", ToolKind::generate_video, "POST", "/openapi/v2/video/text/generate"},
      {"image_to_video", ToolKind::generate_video, "POST", "/openapi/v2/video/img/generate"},
      {"get_video_status", ToolKind::video_status, "GET", "/openapi/v2/video/result/{video_id}"},
      {"get_balance", ToolKind::balance, "GET", "/openapi/v2/account/balance"},
  };
  return rows;
}

}  // namespace catalog
