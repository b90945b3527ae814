#include "mcp-harness/transcript.h"

#include "mcp-harness/printable.h"

namespace harness {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxLine = 600;

std::string dump(const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace); }

// Cut long text, and indent continuation lines so multi-line tool text stays under its arrow.
std::string tidy(std::string s) {
  s = printable(s);
  if (s.size() > kMaxLine) {
    std::size_t cut = kMaxLine;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
    s = s.substr(0, cut) + "… (" + std::to_string(s.size() - cut) + " more bytes)";
  }
  std::string out;
  for (char c : s) out += c == '\n' ? std::string("\n    ") : std::string(1, c);
  return out;
}

}  // namespace

std::string summarize_response(const json& response, bool tool_call) {
  if (response.contains("error")) {
    const json& e = response["error"];
    if (!e.is_object()) return tidy("error " + dump(e));
    return tidy("error " + (e.contains("code") ? dump(e["code"]) : std::string("?")) + ": " +
                (e.contains("message") && e["message"].is_string() ? e["message"].get<std::string>() : dump(e)));
  }
  if (!response.contains("result")) return tidy("(no result) " + dump(response));
  const json& r = response["result"];
  if (tool_call && r.is_object()) {
    std::string text;
    if (r.contains("content") && r["content"].is_array())
      for (const auto& block : r["content"])
        if (block.is_object() && block.contains("type") && block["type"] == "text" && block.contains("text") &&
            block["text"].is_string())
          text += (text.empty() ? "" : "\n") + block["text"].get<std::string>();
    if (text.empty() && r.contains("structuredContent")) text = dump(r["structuredContent"]);
    if (text.empty()) text = dump(r);
    const bool is_error = r.contains("isError") && r["isError"] == true;
    return tidy((is_error ? "isError: " : "") + text);
  }
  if (r.is_object() && r.contains("tools") && r["tools"].is_array()) {
    std::string names;
    for (const auto& t : r["tools"])
      names += (names.empty() ? "" : ", ") + (t.is_object() && t.contains("name") && t["name"].is_string()
                                                      ? t["name"].get<std::string>() : dump(t));
    return tidy(std::to_string(r["tools"].size()) + " tools: " + names);
  }
  return tidy(dump(r));
}

void Transcript::emit(const std::string& text) {
  if (quiet_) held_ += text + "\n";
  else out_ << text << "\n";
}

void Transcript::line(const std::string& text) {
  if (!quiet_) out_ << printable(text) << "\n";
}

void Transcript::begin_step(const Step& step) {
  held_.clear();
  emit("\n" + printable(step.say.empty() ? step.title() : std::to_string(step.number) + ". " + step.say));
}

void Transcript::request(const Step& step, const json& payload) {
  std::string what = step.kind == StepKind::tool ? "tools/call " + step.target
                     : step.kind == StepKind::notify ? "notify " + step.target
                                                     : step.target;
  emit("  → " + tidy(what + (payload.is_null() ? "" : " " + dump(payload))));
}

void Transcript::response(const json& response, bool tool_call, int attempt, int attempts) {
  std::string prefix = attempts > 1 ? "[" + std::to_string(attempt) + "/" + std::to_string(attempts) + "] " : "";
  emit("  ← " + prefix + summarize_response(response, tool_call));
}

void Transcript::note(const std::string& text) { emit("  … " + tidy(text)); }

void Transcript::failure(const std::string& message) {
  out_ << held_;
  held_.clear();
  out_ << "  ✗ " << tidy(message) << "\n";
}

void Transcript::shown(const std::string& text) { emit("    " + tidy(text)); }

void Transcript::outside_failure(const std::string& heading, const std::vector<std::string>& messages) {
  held_.clear();  // a passed step's lines, held back when quiet: not this failure's
  out_ << "\n" << printable(heading) << "\n";
  for (const auto& m : messages) out_ << "  ✗ " << tidy(m) << "\n";
}

}  // namespace harness
