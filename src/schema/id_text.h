#pragma once
// PixVerse ids as hosts see them: decimal strings. JavaScript hosts (the TS SDK, the Inspector,
// Claude Desktop, VS Code, Cursor) parse JSON numbers as doubles, which lose digits above 2^53,
// so an integer id read back by such a host names a different job. Inside the server ids stay
// exact 64-bit integers, and requests to PixVerse carry them as JSON integers; only what goes
// back to the host is turned into text, in one place (tool_handler in tools/handlers.cpp and the
// job resources).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace app {

// True for the members that hold a PixVerse id: "id" and names ending in "_id"
// ("video_id", "img_id", "media_id", "account_id", "restyle_id", …), but not this machine's
// own small counters ("job_id", "recover_job_id", "before_job_id", "next_before_job_id") or a
// frame index ("keyframe_id", "keyframe_ids").
bool is_pixverse_id_key(std::string_view key);

// Rewrites, in place, every integer value of a PixVerse id member (at any depth, in objects
// and arrays of ids) as its decimal string. Other values are left alone. Stops descending
// below 64 levels (replies are depth-capped long before that).
void ids_to_strings(nlohmann::json& value);

// The first argument the schema marks as a PixVerse id (x-id) that cannot be read as an exact
// id, as "path: why"; nullopt when every id reads. Catches what JSON Schema cannot: a JSON number
// above 2^53 that arrived as a double (its digits are already lost), or an integer past 64 bits.
// `schema` is a tool's full input schema; `args` the validated arguments.
std::optional<std::string> unreadable_id(const nlohmann::json& schema, const nlohmann::json& args);

}  // namespace app
