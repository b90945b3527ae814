#pragma once
// Test scripts for any stdio MCP server: what to send, what to expect back.
//
// Two forms, told apart by the file name, then by content:
//  - JSONL (".jsonl", ".ndjson", or anything that is not the JSON form): one step object per
//    line; blank lines and lines starting with "#" or "//" are ignored; a line
//    {"description": "…"} describes the script.
//  - JSON (".json", or content that parses as one object with "steps"):
//    {"description": "…", "steps": [step, …]}, where // and /* */ comments are allowed.
//
// A step is one of
//    {"tool": "NAME", "arguments": {…}}        tools/call
//    {"method": "M", "params": {…}}            any request
//    {"notify": "M", "params": {…}}            a notification: nothing is awaited
// with, except for notifications, any of
//    "say": "…"              a heading in the transcript
//    "as": "name"            save the response's result (its error, for an error answer) for ${name…}
//    "timeout_ms": N         how long to wait for the answer (default: the run's, 60000)
//    "expect": {…}           see expectations.h
//    "retry": {"max_attempts": N, "delay_ms": D}   repeat until the expectations hold
//    "show": "…" or ["…"]    lines printed after the step passed, with ${…} resolved (the
//                            step's own "as" name included)
// Strings in arguments, params, expect values and show may hold ${…} references (variables.h);
// "$${" writes a literal "${" (so "$${HOME}" sends the text ${HOME}, not a reference).
#include <chrono>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "mcp-harness/variables.h"

namespace harness {

class McpSession;

// A script that cannot be read or is not well formed. what() is one line:
// "FILE:LINE: what is wrong" (FILE as given; without ":LINE" when no line applies).
class ScriptError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class StepKind { tool, method, notify };

struct Step {
  StepKind kind = StepKind::tool;
  std::string target;                // the tool name, or the method of a request or notification
  nlohmann::json payload;            // "arguments" (an object) or "params"; null: no params
  std::string say;
  std::string save_as;               // "as"; empty when the result is not saved
  std::chrono::milliseconds timeout{0};  // "timeout_ms"; 0: the run's default
  nlohmann::json expect;             // null when the step has no "expect"
  int max_attempts = 1;              // "retry": {"max_attempts"}
  std::chrono::milliseconds retry_delay{0};  // "retry": {"delay_ms"}
  std::vector<std::string> show;
  int number = 0;                    // 1-based position in the script
  int line = 0;                      // 1-based line where the step starts; 0 if unknown

  // "3. tools/call upload_image", "4. tools/list", "5. notify notifications/initialized".
  std::string title() const;
};

struct Script {
  std::string path;         // as given (for messages)
  std::string dir;          // the script's folder, absolute and normalised: ${script_dir}
  std::string description;
  std::vector<Step> steps;

  // True when the first step is an "initialize" request: the script does its own handshake.
  bool starts_with_initialize() const;
};

// Reads and checks the script at `path`: its form, every step's fields, expectations and
// references (a ${name…} that no earlier step saves, an unset ${env.NAME}). Throws ScriptError.
Script load_script(const std::string& path);

// The same for a script's text; `path` names it in messages and gives ${script_dir}.
Script parse_script(const std::string& text, const std::string& path);

// The variables a script starts with: {"script_dir": "/abs/folder"}.
nlohmann::json initial_variables(const Script& script);

// Loads the script at `path` and plays its steps on an already initialized `session`,
// writing the transcript to `out`. True when every step passed. Throws ScriptError.
// (Defined in runner.cpp; kept here for the callers of the first harness.)
bool run_script(McpSession& session, const std::string& script_path, std::ostream& out);

}  // namespace harness
