// Tool arguments as a tool call handles them before anything is sent: for the tool the first
// byte picks from app::tool_table(), the rest is read as the client's JSON (mcp::read_message:
// repaired, depth-limited), then ToolSchema::prepare_arguments (coercion, defaults, checks: what
// the server runs before a handler) and — for arguments that pass — request_body and
// media_slots, as the handlers run them. No network.
#include <memory>
#include <vector>

#include "fuzz_support.h"
#include "mcp/message_reader.h"
#include "media/media_inputs.h"
#include "schema/tool_schema.h"
#include "tools/tool_table.h"

namespace {

const std::vector<std::unique_ptr<app::ToolSchema>>& schemas() {
  static const auto all = [] {
    std::vector<std::unique_ptr<app::ToolSchema>> out;
    for (const auto& row : app::tool_table()) out.push_back(std::make_unique<app::ToolSchema>(row.name));
    return out;
  }();
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::quiet();
  if (size == 0) return 0;
  const app::ToolSchema& schema = *schemas()[data[0] % schemas().size()];
  const mcp::ReadLine read = mcp::read_message(fuzz::text(data + 1, size - 1));
  if (read.error || !read.message.is_object()) return 0;  // the server answers those itself

  const common::Expected<nlohmann::json> prepared = schema.prepare_arguments(read.message);
  if (!prepared) return 0;
  const nlohmann::json& args = *prepared;
  (void)mcp::to_wire(args);  // coerced values are written back to the client in messages
  const nlohmann::json body = schema.request_body(args);
  fuzz::require(body.is_object(), "a request body that is not an object");
  (void)body.dump();  // what post_json sends: valid UTF-8 throughout, or this throws
  (void)app::media_slots(schema.input_schema(), args);
  return 0;
}
