#include "mcp-harness/script.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "mcp-harness/expectations.h"
#include "mcp-harness/step_lines.h"

namespace harness {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// The parser's reason without its "[json.exception…] parse error at line L, column C: " prefix:
// the line is named by the caller, counted the same way for both forms.
std::string parse_reason(const json::parse_error& e) {
  std::string what = e.what();
  auto colon = what.find(": ", what.find("parse error"));
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

int line_of_byte(const std::string& text, std::size_t byte) {
  byte = std::min(byte, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(byte), '\n'));
}

std::string where(const std::string& path, int line) { return line > 0 ? path + ":" + std::to_string(line) : path; }

bool is_json_form(const std::string& text, const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".jsonl" || ext == ".ndjson") return false;
  if (ext == ".json") return true;
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || text[first] != '{') return false;
  json whole = json::parse(text, nullptr, false, true);
  return whole.is_object() && whole.contains("steps");
}

// The strings of a step that may hold ${…}: checked against what earlier steps save.
void check_references(const json& value, const std::set<std::string>& saved, const std::string& field) {
  for (const auto& ref : references_in(value)) {
    const std::string name = reference_name(ref);
    const std::string rest = ref.substr(name.size());
    if (name == "script_dir") {
      if (!rest.empty()) throw std::invalid_argument(field + ": ${" + ref + "}: ${script_dir} takes no field");
    } else if (name == "env") {
      if (rest.size() < 2 || rest[0] != '.') throw std::invalid_argument(field + ": ${" + ref + "}: write ${env.NAME}");
      if (std::getenv(rest.substr(1).c_str()) == nullptr)
        throw std::invalid_argument(field + ": ${" + ref + "}: the environment variable " + rest.substr(1) + " is not set");
    } else if (!saved.count(name)) {
      throw std::invalid_argument(field + ": ${" + ref + "} refers to \"" + name +
                                  "\", which no earlier step saves (with \"as\": \"" + name + "\")");
    }
  }
}

std::string joined(const std::set<std::string>& names) {
  std::string all;
  for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
  return all;
}

int positive_int(const json& v, const std::string& field, int minimum) {
  if (!v.is_number_integer() || v.get<long long>() < minimum || v.get<long long>() > 86'400'000)
    throw std::invalid_argument("\"" + field + "\" must be an integer from " + std::to_string(minimum) + " to 86400000");
  return v.get<int>();
}

// Reads one step object; messages name the field at fault (the caller adds file, line, step).
Step parse_step(const json& j, std::set<std::string>& saved) {
  if (!j.is_object()) throw std::invalid_argument("a step must be a JSON object, not " + j.dump());
  Step s;
  int kinds = 0;
  for (const auto& [key, kind] : {std::pair{"tool", StepKind::tool}, std::pair{"method", StepKind::method},
                                  std::pair{"notify", StepKind::notify}}) {
    if (!j.contains(key)) continue;
    ++kinds;
    s.kind = kind;
    if (!j[key].is_string() || j[key].get<std::string>().empty())
      throw std::invalid_argument(std::string("\"") + key + "\" must be a non-empty string");
    s.target = j[key].get<std::string>();
  }
  if (kinds != 1) throw std::invalid_argument("a step has exactly one of \"tool\", \"method\" or \"notify\"");

  std::set<std::string> allowed{"say"};
  if (s.kind == StepKind::tool) allowed.insert({"tool", "arguments"});
  else allowed.insert({s.kind == StepKind::method ? "method" : "notify", "params"});
  if (s.kind != StepKind::notify) allowed.insert({"as", "timeout_ms", "expect", "retry", "show"});
  for (const auto& [key, value] : j.items())
    if (!allowed.count(key))
      throw std::invalid_argument("unknown field \"" + key + "\" in a " +
                                  (s.kind == StepKind::tool ? "tool" : s.kind == StepKind::method ? "method" : "notify") +
                                  " step (it takes: " + joined(allowed) + ")");

  if (s.kind == StepKind::tool) {
    s.payload = j.value("arguments", json::object());
    if (!s.payload.is_object()) throw std::invalid_argument("\"arguments\" must be an object");
  } else if (j.contains("params")) {
    s.payload = j["params"];
    if (!s.payload.is_object() && !s.payload.is_array()) throw std::invalid_argument("\"params\" must be an object or an array");
  }
  if (j.contains("say")) {
    if (!j["say"].is_string()) throw std::invalid_argument("\"say\" must be a string");
    s.say = j["say"].get<std::string>();
  }
  if (j.contains("timeout_ms")) s.timeout = std::chrono::milliseconds(positive_int(j["timeout_ms"], "timeout_ms", 1));
  if (j.contains("expect")) {
    s.expect = j["expect"];
    // An empty expect would turn the default checks off and add none: every answer, an error
    // included, would pass. That is a mistake in the script, not an intent.
    if (s.expect.is_object() && s.expect.empty())
      throw std::invalid_argument("\"expect\" is empty: it would accept any answer, an error included; name what to expect");
    validate_expect(s.expect);
  }
  if (j.contains("retry")) {
    const json& r = j["retry"];
    if (!r.is_object() || !r.contains("max_attempts"))
      throw std::invalid_argument("\"retry\" must be an object like {\"max_attempts\": 10, \"delay_ms\": 500}");
    for (const auto& [key, value] : r.items())
      if (key != "max_attempts" && key != "delay_ms") throw std::invalid_argument("\"retry\" takes max_attempts and delay_ms, not \"" + key + "\"");
    s.max_attempts = positive_int(r["max_attempts"], "retry.max_attempts", 1);
    if (r.contains("delay_ms")) s.retry_delay = std::chrono::milliseconds(positive_int(r["delay_ms"], "retry.delay_ms", 0));
  }
  if (j.contains("show")) {
    const json& show = j["show"];
    if (show.is_string()) s.show.push_back(show.get<std::string>());
    else if (show.is_array() && std::all_of(show.begin(), show.end(), [](const json& l) { return l.is_string(); }))
      for (const auto& l : show) s.show.push_back(l.get<std::string>());
    else throw std::invalid_argument("\"show\" must be a string or an array of strings");
  }

  check_references(s.payload, saved, s.kind == StepKind::tool ? "arguments" : "params");
  if (!s.expect.is_null()) check_references(s.expect, saved, "expect");
  if (j.contains("as")) {
    if (!j["as"].is_string() || !is_valid_save_name(j["as"].get<std::string>()))
      throw std::invalid_argument("\"as\" must be a name of letters, digits, _ and - (not env or script_dir)");
    s.save_as = j["as"].get<std::string>();
    saved.insert(s.save_as);
  }
  check_references(json(s.show), saved, "show");
  return s;
}

}  // namespace

std::string Step::title() const {
  std::string t = std::to_string(number) + ". ";
  if (kind == StepKind::tool) return t + "tools/call " + target;
  if (kind == StepKind::notify) return t + "notify " + target;
  return t + target;
}

bool Script::starts_with_initialize() const {
  return !steps.empty() && steps.front().kind == StepKind::method && steps.front().target == "initialize";
}

json initial_variables(const Script& script) { return json{{"script_dir", script.dir}}; }

Script parse_script(const std::string& text, const std::string& path) {
  Script script;
  script.path = path;
  script.dir = fs::absolute(path).parent_path().lexically_normal().string();
  if (script.dir.size() > 1 && script.dir.back() == '/') script.dir.pop_back();
  std::set<std::string> saved;
  // Adds one step read from `j`, which starts on `line`, with the message located.
  auto add = [&](const json& j, int line) {
    Step s;
    const int number = static_cast<int>(script.steps.size()) + 1;
    try {
      s = parse_step(j, saved);
    } catch (const std::exception& e) {
      throw ScriptError(where(path, line) + ": step " + std::to_string(number) + ": " + e.what());
    }
    s.number = number;
    s.line = line;
    script.steps.push_back(std::move(s));
  };
  auto describe = [&](const json& d, int line) {
    if (!d.is_string()) throw ScriptError(where(path, line) + ": \"description\" must be a string");
    script.description = d.get<std::string>();
  };

  if (is_json_form(text, path)) {
    json whole;
    try {
      whole = json::parse(text, nullptr, true, true);
    } catch (const json::parse_error& e) {
      throw ScriptError(where(path, line_of_byte(text, e.byte > 0 ? e.byte - 1 : 0)) + ": not valid JSON: " + parse_reason(e));
    }
    if (!whole.is_object() || !whole.contains("steps") || !whole["steps"].is_array())
      throw ScriptError(path + ": a .json script is an object {\"description\": \"…\", \"steps\": [ … ]}");
    for (const auto& [key, value] : whole.items())
      if (key != "steps" && key != "description") throw ScriptError(path + ": unknown top-level field \"" + key + "\"");
    if (whole.contains("description")) describe(whole["description"], 0);
    const std::vector<int> lines = step_lines(text);
    for (std::size_t i = 0; i < whole["steps"].size(); ++i) add(whole["steps"][i], i < lines.size() ? lines[i] : 0);
  } else {
    std::istringstream in(text);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      auto first = line.find_first_not_of(" \t");
      if (first == std::string::npos || line[first] == '#' || line.compare(first, 2, "//") == 0) continue;
      json j;
      try {
        j = json::parse(line);
      } catch (const json::parse_error& e) {
        throw ScriptError(where(path, number) + ": not valid JSON: " + parse_reason(e) +
                          " (a .jsonl script has one step object per line)");
      }
      if (j.is_object() && j.contains("description") && !j.contains("tool") && !j.contains("method") && !j.contains("notify")) {
        if (j.size() != 1) throw ScriptError(where(path, number) + ": a description line has only \"description\"");
        describe(j["description"], number);
      } else {
        add(j, number);
      }
    }
  }
  if (script.steps.empty()) throw ScriptError(path + ": the script has no steps");
  return script;
}

Script load_script(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw ScriptError(path + ": is a folder, not a script");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScriptError(path + ": cannot read the script (no such file, or not readable)");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_script(text.str(), path);
}

}  // namespace harness
