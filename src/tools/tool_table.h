#pragma once
// The tool table: one row per MCP tool. A row names the tool (which is also the stem of its
// schema file in schemas/), its toolset, the kind of work it does, and the PixVerse endpoint it
// calls. The rows' order is tools/list's order.
// Adding an ordinary "POST JSON, get a job id" endpoint is one schema file plus one row.
#include <optional>
#include <string_view>
#include <vector>

#include "config/toolsets.h"
#include "jobs/job_kind.h"
#include "media/media_upload.h"

namespace app {

enum class ToolKind {
  upload,      // a local file, URL or data: URI → img_id / media_id (column `media`)
  generate,    // POST the validated arguments as JSON → a job (column `job`), then follow it
  job_status,  // GET a job by id and follow it (column `job`)
  list,        // GET a paged list (columns `items_key`, `renames`)
  swap_mask,   // POST, answered synchronously with the masks of one frame
  balance,     // GET the account's credits
  list_jobs,   // the local job registry; no API call
};

// PixVerse's name for a list item's field → the name our outputSchema uses.
struct Rename {
  std::string_view from;
  std::string_view to;
};

struct ToolRow {
  std::string_view name;
  Toolset toolset;  // the group PIXVERSE_TOOLSETS selects it by, and its group in the README's table
  ToolKind kind;
  std::string_view method = {};         // "GET", "POST", or "" for local tools
  std::string_view path = {};           // "{id}" is replaced by the job's id
  const JobKind* job = nullptr;         // generate, job_status
  std::optional<MediaKind> media = {};  // upload
  std::string_view items_key = {};      // list: the array's name in structuredContent
  std::vector<Rename> renames = {};     // list
};

const std::vector<ToolRow>& tool_table();
// The row of the tool `name`. Throws std::logic_error for a name the table does not hold.
const ToolRow& tool_row(std::string_view name);

}  // namespace app
