#include "catalog/catalog.h"

#include <spdlog/spdlog.h>

namespace catalog {

std::string server_instructions() {
  return "PixVerse video generation. Typical flows: text_to_video(prompt) → get_video_status(video_id) until "
         "status is succeeded; or upload_image(file_path or image_url) → image_to_video(img_id, prompt) → "
         "get_video_status. Generation tools return at once with a video_id while the video renders (30 s to "
         "a few minutes); poll get_video_status every 10-30 s. Generations cost credits (get_balance shows "
         "them); uploads, status and balance are free. Ids are 64-bit integers: copy them exactly.";
}

std::string missing_key_message() {
  return "PIXVERSE_API_KEY is not set, so this server cannot call PixVerse. Create an API key at "
         "platform.pixverse.ai and add it to this server's environment in your MCP host config, e.g. "
         "Claude Desktop: \"env\": {\"PIXVERSE_API_KEY\": \"<your key>\"}, or Claude Code: "
         "claude mcp add --env PIXVERSE_API_KEY=<your key> pixverse -- /path/to/pixverse-mcp. Then restart the "
         "server. Nothing was sent.";
}

void register_tools(mcp::Server& server, std::shared_ptr<Services> services) {
  for (const auto& row : tool_table()) {
    auto schema = std::make_shared<ToolSchema>(row.name);
    auto handler = handler_for(row.kind);
    server.add_tool(mcp::Tool{
        schema->descriptor(), [row, schema, handler, services](const nlohmann::json& arguments, mcp::CallContext& ctx) {
          nlohmann::json args = schema->with_defaults(arguments);
          if (auto problem = schema->check(args); !problem.empty())
            return mcp::ToolResult::error("Invalid arguments for " + std::string(row.name) + ": " + problem +
                                          ". Nothing was sent to PixVerse.");
          if (auto problem = pixverse::check_base_url(services->settings.base_url))
            return mcp::ToolResult::error(*problem + ". Nothing was sent.");
          if (!services->client.has_api_key()) return mcp::ToolResult::error(missing_key_message());
          mcp::ToolResult result = handler(ToolCall{row, *schema, args, *services, ctx});
          if (result.structured && !result.is_error) {
            auto errors = schema->output_validator().validate(*result.structured);
            if (!errors.empty())
              spdlog::error("{}: structuredContent does not match outputSchema: {}", row.name, describe(errors));
          }
          return result;
        }});
  }
}

}  // namespace catalog
