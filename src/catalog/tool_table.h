#pragma once
// The tool table: one row per MCP tool. A row names the tool (which is also the stem of its
// schema file in schemas/), the kind of work it does, and the PixVerse endpoint it calls.
// Adding an ordinary "POST JSON, get a video_id" endpoint is one schema file plus one row.
#include <string_view>
#include <vector>

namespace catalog {

enum class ToolKind {
  upload_image,    // multipart upload of a local file or a URL → img_id
  generate_video,  // POST the validated arguments as JSON → video_id
  video_status,    // GET a video job by id
  balance,         // GET the account's credits
};

struct ToolRow {
  std::string_view name;
  ToolKind kind;
  std::string_view method;  // "GET" or "POST"
  std::string_view path;    // "{video_id}" is replaced by that argument
};

const std::vector<ToolRow>& tool_table();

}  // namespace catalog
