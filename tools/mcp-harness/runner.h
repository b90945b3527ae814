#pragma once
// Plays a script (script.h) on a live session with an MCP server and records how each step did.
//
// A failed step does not stop the run: later steps still run, except those that use a name
// the failed step would have saved (they are skipped), and everything after the server exits
// (its output ended, or its input closed). A step that times out leaves the server running: the
// steps after it run.
//
// The server's messages are held to MCP and JSON-RPC 2.0 (protocol.h, McpSession::strict): a
// violation fails the step in progress, or, found between steps or after the last one (a
// second answer, a stray line), makes a "protocol" entry of its own. Either fails the run.
#include <chrono>
#include <string>
#include <vector>

#include "mcp-harness/script.h"
#include "mcp-harness/session.h"
#include "mcp-harness/transcript.h"

namespace harness {

struct StepOutcome {
  enum class Status { passed, failed, skipped };
  enum class Kind {
    step,        // a step of the script
    initialize,  // the harness's own handshake, there only when it failed (every step is then skipped)
    protocol,    // violations found while no step was waiting for an answer (always failed)
  };
  Status status = Status::passed;
  std::string name;     // "3. tools/call upload_image — Upload the photo", "initialize", "protocol, after step 7"
  std::string message;  // why it failed or was skipped (one line per failed expectation); empty if passed
  std::chrono::milliseconds elapsed{0};  // the step's time, all attempts included
  Kind kind = Kind::step;
};

struct RunReport {
  // In order: one per step, with an "initialize" entry first when the handshake failed and
  // "protocol, …" entries where violations were found between steps.
  std::vector<StepOutcome> outcomes;

  // Steps with this status (steps only: initialize is never counted as a step).
  int count(StepOutcome::Status status) const;
  // Failed entries of every kind.
  int failures() const;
  // True when there were steps, none failed or was skipped, and no other entry failed.
  bool ok() const;
  // "7 steps: 6 passed, 1 failed, 0 skipped", then "; initialize failed" and
  // "; 2 protocol violations outside the steps" when there are such entries.
  std::string summary() const;
};

struct PlayOptions {
  std::chrono::milliseconds timeout{60000};  // per answer, for steps without "timeout_ms" and the handshake
  std::string protocol_version = "2025-11-25";  // of the harness's own initialize
  // Send initialize + notifications/initialized first, unless the script starts with its own
  // initialize request (then the script sends notifications/initialized itself).
  bool handshake = true;
  // At the end, close the server's stdin and read what it still writes until it ends (at most
  // 2 s, or `timeout` if shorter), for violations such as a second answer to the last request.
  bool finish = true;
};

// Plays `script` on `session` (turning on its strict mode and its answers to the server's
// requests), writing the transcript as it goes. What the server does (no answer in time, an
// exit, not reading its input, a protocol violation) makes failed entries, never an exception.
RunReport play(McpSession& session, const Script& script, const PlayOptions& options, Transcript& transcript);

}  // namespace harness
