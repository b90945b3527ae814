// Server: tools/call, plain or as a task (2025-11-25 Tasks), and the tasks/* methods.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "mcp/server.h"

namespace mcp {

namespace {

json as_response(const json& id, json outcome) {
  outcome["jsonrpc"] = "2.0";
  outcome["id"] = id;
  return outcome;
}

// What tasks/result gives for a cancelled task: a tool error the model can read.
json cancelled_outcome(const std::string& why) { return json{{"result", ToolResult::error(why).to_json()}}; }

// The statusMessage of a failed task: the first text the tool gave, or the error message.
std::string failure_message(const json& outcome) {
  std::string text = "The tool reported an error.";
  if (outcome.contains("error")) {
    text = outcome["error"].value("message", text);
  } else {
    for (const auto& block : outcome["result"].value("content", json::array()))
      if (block.value("type", "") == "text" && block.contains("text") && block["text"].is_string()) {
        text = block["text"].get<std::string>();
        break;
      }
  }
  constexpr std::size_t kMax = 500;
  return text.size() > kMax ? text.substr(0, kMax) + "…" : text;
}

std::optional<std::chrono::milliseconds> requested_ttl(const json& task_params) {
  auto ttl = task_params.find("ttl");
  if (ttl == task_params.end() || ttl->is_null()) return std::nullopt;
  if (!ttl->is_number() || ttl->get<double>() < 0)
    throw RpcError{kInvalidParams, "invalid params: task.ttl must be a number of milliseconds, 0 or more"};
  // Anything past a day is cut to the maximum anyway; keep the conversion in range.
  return std::chrono::milliseconds(static_cast<long long>(std::min(ttl->get<double>(), 1e12)));
}

std::string task_id_of(const json& params) {
  auto id = params.find("taskId");
  if (id == params.end() || !id->is_string())
    throw RpcError{kInvalidParams, "invalid params: a string \"taskId\" is required"};
  return id->get<std::string>();
}

}  // namespace

ToolStep Server::call_tool(const Tool& tool, const json& arguments, CallContext& ctx) const {
  if (!tool.contract) return tool.handler(arguments, ctx);
  common::Expected<json> prepared = tool.contract->prepare_arguments(arguments);
  if (!prepared) {
    const std::string& note = options_.refused_arguments_note;
    return ToolResult::error("Invalid arguments for " + tool.name() + ": " + prepared.error() + "." +
                             (note.empty() ? "" : " " + note));
  }
  return tool.handler(*prepared, ctx).then([contract = tool.contract, name = tool.name()](ToolResult result) {
    if (result.structured && !result.is_error)
      if (std::string problem = contract->check_structured(*result.structured); !problem.empty())
        spdlog::error("{}: structuredContent does not match outputSchema: {}", name, problem);
    return result;
  });
}

std::shared_ptr<CallContext> Server::make_context(const json& id, const RequestScope& scope,
                                                  std::optional<json> progress_token,
                                                  std::shared_ptr<CancellationFlag> cancel,
                                                  std::optional<std::string> task_id) {
  auto ctx = std::make_shared<CallContext>(
      id, std::move(progress_token), std::move(cancel), [this](const json& n) { send(n); },
      [this, scope](LogLevel l) { return log_enabled(scope, l); }, std::string(scope.revision->version),
      std::move(task_id));
  // The client's first answer to roots/list may still be on its way when a call starts.
  if (scope.roots) ctx->set_roots_source([roots = scope.roots] { return roots->current(std::chrono::seconds(5)); });
  return ctx;
}

void Server::start_tool_call(const json& id, const json& params, const RequestScope& scope) {
  auto name = params.find("name");
  if (name == params.end() || !name->is_string())
    throw RpcError{kInvalidParams, "invalid params: tools/call needs a string \"name\""};
  ensure_tools();
  auto index = tool_index_.find(name->get<std::string>());
  if (index == tool_index_.end()) throw RpcError{kInvalidParams, "Unknown tool: " + name->get<std::string>()};
  const Tool* tool = &tools_[index->second];
  json arguments = params.value("arguments", json::object());
  if (arguments.is_null()) arguments = json::object();
  if (!arguments.is_object()) throw RpcError{kInvalidParams, "invalid params: \"arguments\" must be an object"};
  std::optional<json> progress_token;
  if (auto meta = params.find("_meta"); meta != params.end() && meta->is_object() && meta->contains("progressToken"))
    progress_token = (*meta)["progressToken"];

  // Only 2025-11-25 clients know Tasks; for older ones params.task is ignored, as the spec requires.
  if (scope.revision->tasks) {
    json task_params = params.value("task", json());
    if (!task_params.is_null() && !task_params.is_object())
      throw RpcError{kInvalidParams, "invalid params: \"task\" must be an object"};
    const std::string support = tool->task_support();
    if (!task_params.is_null()) {
      if (support == "forbidden")
        throw RpcError{kMethodNotFound, "tool " + tool->name() + " cannot run as a task: call it without \"task\""};
      return start_task(id, scope, *tool, std::move(arguments), std::move(progress_token), task_params);
    }
    if (support == "required")
      throw RpcError{kMethodNotFound, "tool " + tool->name() + " must run as a task: add \"task\": {} to the call"};
  }

  const std::string key = id.dump();
  auto cancel = track(key);
  auto ctx = make_context(id, scope, progress_token, cancel);
  CallContext* context = ctx.get();  // kept alive by the run until its last step
  run_steps(
      key, std::move(ctx), *tool,
      [this, tool, arguments = std::move(arguments), context] { return call_tool(*tool, arguments, *context); },
      [this, id, cancel, scope](json outcome) {
        respond_unless_cancelled(*cancel,
                                 finish_response(*scope.revision, "tools/call", as_response(id, std::move(outcome))));
      });
}

void Server::start_task(const json& id, const RequestScope& scope, const Tool& tool, json arguments,
                        std::optional<json> progress_token, const json& task_params) {
  auto ttl = requested_ttl(task_params);
  auto cancel = std::make_shared<CancellationFlag>();
  json task = tasks_.create(ttl, cancel);
  const std::string task_id = task["taskId"].get<std::string>();
  const std::string key = "task:" + task_id;  // never equal to a request id's dump
  try {
    track(key, cancel);
  } catch (...) {
    tasks_.forget(task_id);
    throw;
  }
  // Answer before the work starts, so no status notification can overtake the task handle.
  send(make_result(id, json{{"task", std::move(task)}}));
  spdlog::debug("task {} created for tool {}", task_id, tool.name());
  auto ctx = make_context(id, scope, std::move(progress_token), cancel, task_id);
  CallContext* context = ctx.get();
  try {
    run_steps(
        key, std::move(ctx), tool,
        [this, tool = &tool, arguments = std::move(arguments), context] {
          return call_tool(*tool, arguments, *context);
        },
        [this, task_id, cancel](json outcome) {
          bool failed = outcome.contains("error") || outcome["result"].value("isError", false);
          TaskStatus status = failed ? TaskStatus::failed : TaskStatus::completed;
          std::string message = failed ? failure_message(outcome) : "";
          if (cancel->reason() == CancelReason::shutdown) {  // the tool's answer (a job's handle) is kept
            status = TaskStatus::cancelled;
            message = "Cancelled: the server is shutting down.";
            if (!outcome.contains("result")) outcome = cancelled_outcome(message);
          }
          // After tasks/cancel the task is settled already; a result the tool still gave (the
          // handle of a job it started) replaces the bare "cancelled" outcome.
          tasks_.finish(task_id, status, message, std::move(outcome));
        });
  } catch (const RpcError& e) {
    tasks_.finish(task_id, TaskStatus::failed, e.what(),
                  json{{"error", {{"code", e.code}, {"message", std::string(e.what())}}}});
  }
}

json Server::answer_task_request(const std::string& method, const json& params) {
  if (method == "tasks/list") return tasks_.list(params.value("cursor", json()));
  if (method == "tasks/get") return tasks_.get(task_id_of(params));
  if (method == "tasks/cancel")
    return tasks_.cancel(task_id_of(params), "Cancelled by request.",
                         cancelled_outcome("The task was cancelled by request before it finished."));
  throw RpcError{kMethodNotFound, "method not found: " + method};
}

void Server::start_task_result(const json& id, const json& params) {
  const std::string task_id = task_id_of(params);
  // Answered when the task ends (or at once if it has): the reader thread never blocks here.
  // Tracked like any request in flight: it counts against the bound, and notifications/cancelled
  // stops its answer.
  // After shutdown every task has ended, so the answer comes at once, untracked.
  const std::string key = id.dump();
  std::shared_ptr<CancellationFlag> cancel;
  try {
    cancel = track(key);
  } catch (const RpcError&) {
    std::lock_guard lock(calls_mutex_);
    if (!shutting_down_) throw;
  }
  try {
    tasks_.when_terminal(task_id, [this, id, task_id, cancel, key](const json& outcome) {
      json response = as_response(id, outcome);
      if (response.contains("result")) response["result"]["_meta"][kRelatedTaskMetaKey] = json{{"taskId", task_id}};
      if (!cancel) return send(response);
      respond_unless_cancelled(*cancel, response);
      forget(key);
    });
  } catch (...) {
    if (cancel) forget(key);
    throw;
  }
}

}  // namespace mcp
