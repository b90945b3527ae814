#pragma once
// Plays a script (script.h) on a live session with an MCP server and records how each step did.
//
// A failed step does not stop the run: later steps still run, except those that use a name
// the failed step would have saved (they are skipped), and everything after the server exits.
#include <chrono>
#include <string>
#include <vector>

#include "mcp-harness/script.h"
#include "mcp-harness/session.h"
#include "mcp-harness/transcript.h"

namespace harness {

struct StepOutcome {
  enum class Status { passed, failed, skipped };
  Status status = Status::passed;
  std::string name;     // "3. tools/call upload_image — Upload the photo"
  std::string message;  // why it failed or was skipped (one line per failed expectation); empty if passed
  std::chrono::milliseconds elapsed{0};  // the step's time, all attempts included
};

struct RunReport {
  // One per step, in order; preceded by an "initialize" outcome when the harness's own
  // handshake failed (then every step is skipped).
  std::vector<StepOutcome> outcomes;

  int count(StepOutcome::Status status) const;
  // True when there were steps and none failed or was skipped.
  bool ok() const;
  // "7 steps: 6 passed, 1 failed, 0 skipped"
  std::string summary() const;
};

struct PlayOptions {
  std::chrono::milliseconds timeout{60000};  // per answer, for steps without "timeout_ms" and the handshake
  std::string protocol_version = "2025-11-25";  // of the harness's own initialize
  // Send initialize + notifications/initialized first, unless the script starts with its own
  // initialize request (then the script sends notifications/initialized itself).
  bool handshake = true;
};

// Plays `script` on `session`, writing the transcript as it goes. What the server does (no
// answer in time, an exit, a line that is not JSON) makes failed steps, never an exception.
RunReport play(McpSession& session, const Script& script, const PlayOptions& options, Transcript& transcript);

}  // namespace harness
