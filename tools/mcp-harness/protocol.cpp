#include "mcp-harness/protocol.h"

#include <algorithm>

#include "mcp-harness/printable.h"

namespace harness {
namespace {

using json = nlohmann::json;

std::string kind_of(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  return v.is_array() ? "an array" : "an object";
}

bool is_id(const json& id) { return id.is_string() || id.is_number_integer(); }

std::string joined(const std::vector<std::string>& parts, const std::string& separator) {
  std::string all;
  for (const auto& p : parts) all += (all.empty() ? "" : separator) + p;
  return all;
}

}  // namespace

const std::vector<std::string>& known_protocol_versions() {
  static const std::vector<std::string> versions{"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"};
  return versions;
}

bool is_known_protocol_version(const std::string& version) {
  const auto& known = known_protocol_versions();
  return std::find(known.begin(), known.end(), version) != known.end();
}

bool batches_allowed(const std::string& version) { return version == "2025-03-26"; }

std::string message_problem(const json& m) {
  if (!m.is_object()) return "not a JSON-RPC message (" + kind_of(m) + ")";
  if (!m.contains("jsonrpc") || m["jsonrpc"] != "2.0") return "a message without \"jsonrpc\": \"2.0\"";
  const bool result = m.contains("result"), error = m.contains("error");
  if (m.contains("method")) {
    if (!m["method"].is_string()) return "a \"method\" that is not a string";
    if (result || error) return "a request with \"result\" or \"error\"";
    if (m.contains("id") && !is_id(m["id"])) return "a request whose id is neither a string nor an integer";
    return "";
  }
  if (!m.contains("id")) return "a message with neither \"method\" nor \"id\"";
  if (result && error) return "an answer with both \"result\" and \"error\"";
  if (!result && !error) return "an answer with neither \"result\" nor \"error\"";
  if (error) {
    const json& e = m["error"];
    if (!e.is_object() || !e.contains("code") || !e["code"].is_number_integer() || !e.contains("message") ||
        !e["message"].is_string())
      return "an error that is not {\"code\": integer, \"message\": string}";
  }
  // JSON-RPC answers a request it could not read (parse it, or find its id in) with id null.
  if (m["id"].is_null() && error) return "an error with id null (the server could not read a request)";
  if (!is_id(m["id"])) return "an answer whose id is neither a string nor an integer";
  return "";
}

std::string initialize_problem(const json& r, const std::string& requested) {
  if (!r.is_object()) return "the initialize result is not an object: " + quoted_line(r.dump());
  std::vector<std::string> wrong;
  if (!r.contains("protocolVersion") || !r["protocolVersion"].is_string()) wrong.push_back("protocolVersion is not a string");
  if (!r.contains("capabilities") || !r["capabilities"].is_object()) wrong.push_back("capabilities is not an object");
  if (!r.contains("serverInfo") || !r["serverInfo"].is_object()) {
    wrong.push_back("serverInfo is not an object");
  } else {
    for (const char* key : {"name", "version"})
      if (!r["serverInfo"].contains(key) || !r["serverInfo"][key].is_string())
        wrong.push_back(std::string("serverInfo.") + key + " is not a string");
  }
  if (!wrong.empty()) return "initialize result: " + joined(wrong, ", ") + ": " + quoted_line(r.dump());
  const std::string version = r["protocolVersion"].get<std::string>();
  if (!is_known_protocol_version(version))
    return "protocolVersion " + json(version).dump() + " is not a known MCP version (" + joined(known_protocol_versions(), ", ") + ")";
  if (is_known_protocol_version(requested) && version != requested)
    return "initialize asked for " + requested + ", a version MCP knows, and the server answered " + version +
           " (a server that supports the version asked for answers with it; to test one that supports only " + version +
           ", ask for that version)";
  return "";
}

std::string quoted_line(const std::string& line) { return printable(cut(line, 200), false); }

}  // namespace harness
