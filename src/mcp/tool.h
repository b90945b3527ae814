#pragma once
// A tool as the protocol layer sees it: the descriptor tools/list shows, and a handler.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/expected.h"
#include "mcp/call_context.h"
#include "mcp/json_rpc.h"
#include "mcp/protocol_revision.h"

namespace mcp {

struct ToolResult {
  json content = json::array();           // ContentBlock[]
  std::optional<json> structured;         // structuredContent
  bool is_error = false;

  // A failure the model can act on: isError with one text block.
  static ToolResult error(const std::string& text);
  // The CallToolResult for a client of `revision`: content blocks its revision lacks
  // (resource_link before 2025-06-18, audio before 2025-03-26) are left out, and before
  // 2025-06-18 structuredContent travels as one more text block holding its JSON, so a client
  // of any revision gets the whole result.
  json to_json(const ProtocolRevision& revision = newest_revision()) const;
};

// What a handler returns: its result, or "go on at `when`" with the function that does. A
// handler that waits (for a job to render) returns a step instead of sleeping, so waiting holds
// no thread: the server keeps the step as a timer and runs `resume` on a worker when it is due —
// at once if the call is cancelled meanwhile, so `resume` must check CallContext::cancelled().
// The CallContext given to the handler stays valid until the last step has run.
class ToolStep {
 public:
  using Clock = std::chrono::steady_clock;
  using Resume = std::function<ToolStep()>;

  ToolStep(ToolResult result) : result_(std::move(result)) {}  // NOLINT: a finished call, implicitly
  static ToolStep resume_at(Clock::time_point when, Resume resume);

  bool done() const { return result_.has_value(); }
  ToolResult& result() { return *result_; }  // when done()
  Clock::time_point when() const { return when_; }
  // Runs the next step (when !done()).
  ToolStep resume() const { return resume_(); }
  // The same steps with `finish` applied to the final result, whenever that comes.
  ToolStep then(std::function<ToolResult(ToolResult)> finish) &&;

 private:
  ToolStep() = default;
  std::optional<ToolResult> result_;
  Clock::time_point when_{};
  Resume resume_;
};

// What a tool promises about its arguments and results, checked by the server around every call
// (the way the Go SDK's AddTool checks a tool's schemas): the handler sees only arguments that
// passed, and a successful result whose structuredContent breaks outputSchema is logged as a bug.
// The application implements it, because its schemas carry extensions this layer does not know.
class ToolContract {
 public:
  virtual ~ToolContract() = default;
  // The arguments as the handler gets them (read the way inputSchema means them, defaults
  // filled in, validated), or the problems as one sentence naming the arguments at fault.
  virtual common::Expected<json> prepare_arguments(const json& arguments) const = 0;
  // How `structured` (a successful result's structuredContent) breaks outputSchema, or "".
  virtual std::string check_structured(const json& structured) const = 0;
};

struct Tool {
  // The tools/list entry: name, title, description, inputSchema, outputSchema, annotations,
  // and execution.taskSupport ("forbidden" by default, "optional" or "required").
  json descriptor;
  std::function<ToolStep(const json& arguments, CallContext& ctx)> handler;
  // Checked around the handler when set; without one, arguments reach the handler as sent.
  std::shared_ptr<const ToolContract> contract = nullptr;

  std::string name() const { return descriptor.at("name").get<std::string>(); }
  // execution.taskSupport; anything but "optional" or "required" counts as "forbidden".
  std::string task_support() const;
};

}  // namespace mcp
