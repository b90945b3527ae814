#include "mcp-harness/script.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace harness {
namespace {

json lookup(const std::string& ref, const json& saved) {
  auto dot = ref.find('.');
  std::string name = ref.substr(0, dot);
  if (!saved.contains(name)) throw std::runtime_error("script refers to ${" + ref + "} before a step saved \"" + name + "\"");
  const json* v = &saved[name];
  while (dot != std::string::npos) {
    auto next = ref.find('.', dot + 1);
    std::string key = ref.substr(dot + 1, next == std::string::npos ? std::string::npos : next - dot - 1);
    if (!v->is_object() || !v->contains(key)) throw std::runtime_error("script: ${" + ref + "}: no field " + key);
    v = &(*v)[key];
    dot = next;
  }
  return *v;
}

std::string as_text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

}  // namespace

json substitute(const json& value, const json& saved) {
  if (value.is_object()) {
    json out = json::object();
    for (const auto& [k, v] : value.items()) out[k] = substitute(v, saved);
    return out;
  }
  if (value.is_array()) {
    json out = json::array();
    for (const auto& v : value) out.push_back(substitute(v, saved));
    return out;
  }
  if (!value.is_string()) return value;
  const std::string& s = value.get_ref<const std::string&>();
  if (s.size() > 3 && s.rfind("${", 0) == 0 && s.find('}') == s.size() - 1) return lookup(s.substr(2, s.size() - 3), saved);
  std::string out;
  std::size_t pos = 0;
  while (true) {
    auto open = s.find("${", pos);
    if (open == std::string::npos) break;
    auto close = s.find('}', open);
    if (close == std::string::npos) break;
    out += s.substr(pos, open - pos) + as_text(lookup(s.substr(open + 2, close - open - 2), saved));
    pos = close + 1;
  }
  return out + s.substr(pos);
}

bool run_script(McpSession& session, const std::string& script_path, std::ostream& out) {
  std::ifstream in(script_path);
  if (!in) throw std::runtime_error("cannot read script " + script_path);
  json script = json::parse(in);
  json saved = json::object();
  saved["script_dir"] = std::filesystem::absolute(script_path).parent_path().lexically_normal().string();
  if (script.contains("description")) out << script["description"].get<std::string>() << "\n";
  int n = 0;
  for (const auto& step : script.at("steps")) {
    ++n;
    if (step.contains("say")) out << "\n" << n << ". " << step["say"].get<std::string>() << "\n";
    const std::string tool = step.at("tool").get<std::string>();
    json args = substitute(step.value("arguments", json::object()), saved);
    out << "  → " << tool << " " << args.dump() << "\n";
    json r = session.call_tool(tool, args, std::chrono::seconds(step.value("timeout_seconds", 120)));
    out << (r.value("isError", false) ? "  ✗ " : "  ← ") << result_text(r) << "\n";
    if (r.value("isError", false)) return false;
    if (step.contains("as")) saved[step["as"].get<std::string>()] = r.value("structuredContent", json::object());
    if (auto expect = step.find("expect"); expect != step.end())
      for (const auto& [k, v] : expect->items())
        if (r["structuredContent"].value(k, json()) != v) {
          out << "  ✗ expected " << k << " = " << v.dump() << "\n";
          return false;
        }
  }
  return true;
}

}  // namespace harness
