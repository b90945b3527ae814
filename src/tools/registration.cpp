#include "tools/registration.h"

#include <spdlog/spdlog.h>

#include "schema/argument_coercion.h"
#include "tools/id_text.h"

namespace app {

std::string server_instructions() {
  return "PixVerse video generation and editing. Generation tools submit a job and wait up to wait_seconds "
         "(default 30) for it, sending progress; if the video is not done by then they return its video_id "
         "with status running, and get_video_status (with wait_seconds) continues the wait. Nothing is lost: "
         "every job is kept in a local registry (list_jobs). Inputs that take an uploaded id (img_id, "
         "video_media_id, audio_media_id, …) also take an absolute file path, an https URL or a data: URI and "
         "upload it first. Typical flows: text_to_video; image_to_video(img_id = a file path) → extend_video → "
         "sound_effect_video; upload_video → create_swap_mask → swap_video. Generations cost credits "
         "(get_balance); uploads, lists and status are free. Ids are given as strings of digits: copy them exactly.";
}

mcp::ServerOptions server_options() {
  mcp::ServerOptions options;
  options.name = "pixverse-mcp";
  options.title = "PixVerse video generation";
  options.version = PIXVERSE_MCP_VERSION_STRING;
  options.description = "Generate and edit videos with the PixVerse Platform API.";
  options.instructions = server_instructions();
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

std::string missing_key_message() {
  return "PIXVERSE_API_KEY is not set, so this server cannot call PixVerse. Create an API key at "
         "platform.pixverse.ai and add it to this server's environment in your MCP host config, e.g. "
         "Claude Desktop: \"env\": {\"PIXVERSE_API_KEY\": \"<your key>\"}, or Claude Code: "
         "claude mcp add pixverse --env PIXVERSE_API_KEY=<your key> -- /path/to/pixverse-mcp. Then restart the "
         "server. Nothing was sent.";
}

void register_tools(mcp::Server& server, std::shared_ptr<Services> services) {
  for (const auto& row : tool_table()) {
    auto schema = std::make_shared<ToolSchema>(row.name);
    auto handler = handler_for(row.kind);
    server.add_tool(mcp::Tool{
        schema->descriptor(), [row, schema, handler, services](const nlohmann::json& arguments,
                                                             mcp::CallContext& ctx) -> mcp::ToolStep {
          // Loose arguments (numbers as strings, null for "unset") read as the schema means them.
          CoercedArguments coerced = coerce_arguments(schema->input_schema(), arguments);
          if (!coerced.problems.empty()) {
            std::string problems;
            for (const auto& p : coerced.problems) problems += (problems.empty() ? "" : "; ") + p;
            return mcp::ToolResult::error("Invalid arguments for " + std::string(row.name) + ": " + problems +
                                          ". Nothing was sent to PixVerse.");
          }
          nlohmann::json args = schema->with_defaults(coerced.args);
          std::string problem = schema->check(args);
          if (problem.empty()) problem = unreadable_id(schema->input_schema(), args).value_or("");
          if (!problem.empty())
            return mcp::ToolResult::error("Invalid arguments for " + std::string(row.name) + ": " + problem +
                                          ". Nothing was sent to PixVerse.");
          const bool calls_api = !row.method.empty();  // list_jobs is local
          if (auto problem = pixverse::check_base_url(services->settings.base_url); problem && calls_api)
            return mcp::ToolResult::error(*problem + ". Nothing was sent.");
          if (!services->client.has_api_key() && calls_api) return mcp::ToolResult::error(missing_key_message());
          return handler(ToolCall{row, *schema, args, *services, ctx}).then([row, schema](mcp::ToolResult result) {
            if (result.structured) ids_to_strings(*result.structured);  // JS hosts read numbers as doubles
            if (result.structured && !result.is_error) {
              auto errors = schema->output_validator().validate(*result.structured);
              if (!errors.empty())
                spdlog::error("{}: structuredContent does not match outputSchema: {}", row.name, describe(errors));
            }
            return result;
          });
        }});
  }
}

}  // namespace app
