#pragma once
// The readable account of a run, as it happens:
//
//   3. Upload the photo                               (the step's "say")
//     → tools/call upload_image {"file_path":"/…/sunset.png"}
//     ← Uploaded /…/sunset.png as img_id 9007199254740993. …
//     ✗ /result/isError: expected false, got true     (a failed expectation)
//
// With quiet, only failures are written, each after the heading and request of its step.
// Everything is written printable() (printable.h): a server's text cannot send escape
// sequences or control characters to the terminal.
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "mcp-harness/script.h"

namespace harness {

class Transcript {
 public:
  Transcript(std::ostream& out, bool quiet) : out_(out), quiet_(quiet) {}

  // A line of its own (description, banner); not written when quiet.
  void line(const std::string& text);
  // Starts a step: its heading, when it has one. Held back when quiet until a failure.
  void begin_step(const Step& step);
  // "→ tools/call NAME {arguments}", "→ METHOD {params}" or "→ notify METHOD {params}".
  void request(const Step& step, const nlohmann::json& payload);
  // "← summary" of a response; `attempt` of `attempts` is shown when the step retries.
  void response(const nlohmann::json& response, bool tool_call, int attempt, int attempts);
  // "… note" (a retry, a skipped step).
  void note(const std::string& text);
  // "✗ message": always written (when quiet, after the step's held-back lines).
  void failure(const std::string& message);
  // A line of a step's "show", indented under it.
  void shown(const std::string& text);
  // Failures that belong to no step (protocol violations between steps): `heading` on a line of
  // its own, then "✗ message" for each. Always written.
  void outside_failure(const std::string& heading, const std::vector<std::string>& messages);

 private:
  void emit(const std::string& text);

  std::ostream& out_;
  bool quiet_;
  std::string held_;  // quiet: the current step's lines, written only if it fails
};

// One line for a response: a tool result's text (or its structuredContent), a JSON-RPC error's
// code and message, the tool names of a tools/list result, or the result as compact JSON;
// longer than about 600 characters, cut with "…".
std::string summarize_response(const nlohmann::json& response, bool tool_call);

}  // namespace harness
