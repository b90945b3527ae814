#include "tools/registration.h"

#include <algorithm>

namespace app {

std::string server_instructions() {
  return "PixVerse video generation and editing. Generation tools submit a job and wait up to wait_seconds "
         "(default 30) for it, sending progress; if the video is not done by then they return its video_id "
         "with status running, and get_video_status (with wait_seconds) continues the wait. Nothing is lost: "
         "every job is kept in a local registry (list_jobs). Inputs that take an uploaded id (img_id, "
         "video_media_id, audio_media_id, …) also take an absolute file path, an https URL or a data: URI and "
         "upload it first. Typical flows: text_to_video; image_to_video(img_id = a file path) → extend_video → "
         "sound_effect_video; upload_video → create_swap_mask → swap_video. Generations cost credits "
         "(get_balance); uploads, lists and status are free. Ids are given as strings of digits: copy them exactly. "
         "A video prompt works best naming subject, action, setting, camera and style.";
}

mcp::ServerOptions server_options() {
  mcp::ServerOptions options;
  options.name = "pixverse-mcp";
  options.title = "PixVerse video generation";
  options.version = PIXVERSE_MCP_VERSION_STRING;
  options.description = "Generate and edit videos with the PixVerse Platform API.";
  options.instructions = server_instructions();
  options.refused_arguments_note = "Nothing was sent to PixVerse.";
  options.unfinished_note =
      "If it was submitting a job, list_jobs shows the job; recover_job_id resends a submission whose answer was "
      "lost, which PixVerse answers with the same job instead of billing again";
  return options;
}

pixverse::ClientConfig client_config(const Settings& settings) {
  pixverse::ClientConfig config;
  config.base_url = settings.base_url;
  config.api_key = settings.api_key;
  config.ca_bundle = settings.ca_bundle;
  config.user_agent = std::string("pixverse-mcp/") + PIXVERSE_MCP_VERSION_STRING;
  return config;
}

std::vector<mcp::Tool> build_tools(const std::shared_ptr<Services>& services) {
  std::vector<mcp::Tool> tools;
  const auto& chosen = services->settings.toolsets;
  for (const auto& row : tool_table()) {
    // A tool outside the chosen toolsets is not registered at all: not listed, and a call to it
    // gets the same answer as any unknown tool.
    if (std::find(chosen.begin(), chosen.end(), row.toolset) == chosen.end()) continue;
    // Built on the tool's first call; the server checks arguments and results against it
    // (mcp::ToolContract).
    auto schema = std::make_shared<const ToolSchemaOnDemand>(row.name);
    tools.push_back(mcp::Tool{.descriptor = ToolSchema::descriptor_of(row.name),
                              .handler = tool_handler(row, schema, services),
                              .contract = schema});
  }
  return tools;
}

void register_tools(mcp::Server& server, const std::shared_ptr<Services>& services) {
  server.set_tool_catalog([services] { return build_tools(services); });
}

}  // namespace app
