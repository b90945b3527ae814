// Server: task-backed tool calls in both vocabularies — the core Tasks of 2025-11-25 (a
// session's tasks/get, tasks/result, tasks/list, tasks/cancel and status notifications) and the
// 2026-07-28 tasks extension ("io.modelcontextprotocol/tasks": tasks/get carries the outcome,
// tasks/cancel, tasks/update; no notifications). One run and one registry type serve both; a
// TaskKind says where a task is kept and how it is shown.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "common/shortened.h"
#include "mcp/server.h"

namespace mcp {

namespace {

// A task cancelled by request, until its work has stopped and said what it had started.
constexpr const char* kCancelledByRequest =
    "The task was cancelled by request before it finished. Anything its work had already started (a submitted "
    "job) is reported here once the work stops.";

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
  return common::shortened(text, 500);
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

Server::TaskKind Server::core_tasks() {
  return TaskKind{&tasks_, true, false, [](json task) { return json{{"task", std::move(task)}}; }};
}

Server::TaskKind Server::extension_tasks() {
  return TaskKind{&extension_tasks_, false, true, [this](const json& task) {
                    json created = extension_task(task, json(), "");
                    created["resultType"] = "task";
                    return finish_result(modern_revision(), "tools/call", std::move(created));
                  }};
}

bool Server::declares_tasks_extension(const RequestScope& scope) {
  if (!scope.modern) return false;
  const json& caps = scope.modern->client_capabilities;
  auto extensions = caps.find("extensions");
  if (extensions == caps.end() || !extensions->is_object()) return false;
  auto tasks = extensions->find(kTasksExtension);
  return tasks != extensions->end() && tasks->is_object();  // the extension's settings: {} today
}

void Server::start_task(const json& id, const RequestScope& scope, const Tool& tool, json arguments,
                        std::optional<json> progress_token, const json& task_params, const TaskKind& kind) {
  auto ttl = requested_ttl(task_params);
  auto cancel = std::make_shared<CancellationFlag>();
  TaskRegistry& registry = *kind.registry;
  json task = registry.create(ttl, cancel);
  const std::string task_id = task["taskId"].get<std::string>();
  const std::string key = "task:" + task_id;  // never equal to a request id's dump
  try {
    track(key, cancel);
  } catch (...) {
    registry.forget(task_id);
    throw;
  }
  // Answer before the work starts, so no status notification can overtake the task handle.
  send(make_result(id, kind.created(std::move(task))));
  spdlog::debug("task {} created for tool {}", task_id, tool.name());
  // Where the extension has no channel for notifications, the work's progress messages become
  // the task's note, which tasks/get shows (the job's id and state, as the work tells them).
  CallContext::Sender sender;
  if (kind.notes_progress) {
    progress_token = json("task");
    sender = [&registry, task_id](const json& n) {
      if (n.value("method", "") != "notifications/progress") return;
      const json& params = n["params"];
      if (auto message = params.find("message"); message != params.end() && message->is_string())
        registry.note(task_id, message->get<std::string>());
    };
  }
  auto ctx = make_context(id, scope, std::move(progress_token), cancel, task_id, std::move(sender));
  CallContext* context = ctx.get();
  try {
    run_steps(
        key, std::move(ctx), tool,
        [this, tool = &tool, arguments = std::move(arguments), context] {
          return call_tool(*tool, arguments, *context);
        },
        [&registry, task_id, cancel, tool_error_fails = kind.tool_error_fails](json outcome) {
          bool failed = outcome.contains("error") || (tool_error_fails && outcome["result"].value("isError", false));
          TaskStatus status = failed ? TaskStatus::failed : TaskStatus::completed;
          std::string message = failed ? failure_message(outcome) : "";
          if (cancel->reason() == CancelReason::shutdown) {  // the tool's answer (a job's handle) is kept
            status = TaskStatus::cancelled;
            message = "Cancelled: the server is shutting down.";
            if (!outcome.contains("result")) outcome = cancelled_outcome(message);
          }
          // After tasks/cancel the task is settled already; a result the tool still gave (the
          // handle of a job it started) replaces the bare "cancelled" outcome.
          registry.finish(task_id, status, message, std::move(outcome));
        });
  } catch (const RpcError& e) {
    registry.finish(task_id, TaskStatus::failed, e.what(),
                    json{{"error", {{"code", e.code}, {"message", std::string(e.what())}}}});
  }
}

json Server::answer_task_request(const std::string& method, const json& params) {
  if (method == "tasks/list") return tasks_.list(params.value("cursor", json()));
  if (method == "tasks/get") return tasks_.get(task_id_of(params));
  if (method == "tasks/cancel")
    return tasks_.cancel(task_id_of(params), "Cancelled by request.", cancelled_outcome(kCancelledByRequest));
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
      json response = make_response(id, outcome);
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

json Server::extension_task(const json& task, const json& outcome, const std::string& note) const {
  json shown{{"taskId", task["taskId"]},       {"status", task["status"]},
             {"createdAt", task["createdAt"]}, {"lastUpdatedAt", task["lastUpdatedAt"]},
             {"ttlMs", task["ttl"]},           {"pollIntervalMs", task["pollInterval"]}};
  if (task.contains("statusMessage")) shown["statusMessage"] = task["statusMessage"];
  const std::string status = task["status"].get<std::string>();
  if (status == "working" && !note.empty()) shown["statusMessage"] = note;
  if (status == "completed" && outcome.contains("result"))
    shown["result"] = finish_result(modern_revision(), "tools/call", outcome["result"]);
  if (status == "failed") {
    shown["error"] = outcome.contains("error") ? outcome["error"]
                                               : json{{"code", kInternalError}, {"message", failure_message(outcome)}};
  }
  // A cancelled task shows no result; what its work left (the handle of a job PixVerse had
  // accepted) must not be lost, so its text becomes the status message.
  if (status == "cancelled" && outcome.contains("result")) {
    std::string message = failure_message(outcome);
    // Until the work has stopped and said what it left, its last progress is the best clue.
    if (message == kCancelledByRequest && !note.empty()) message += " Last progress: " + note;
    shown["statusMessage"] = std::move(message);
  }
  return shown;
}

json Server::answer_extension_task_request(const std::string& method, const json& params, const RequestScope& scope) {
  // The extension's methods exist only for requests that speak it (SEP-2663).
  if (!declares_tasks_extension(scope))
    throw RpcError{kMissingRequiredClientCapability,
                   std::string("missing required client capability: declare the extension \"") + kTasksExtension +
                       "\" in _meta \"" + kClientCapabilitiesMeta + "\"",
                   json{{"requiredCapabilities", {{"extensions", {{kTasksExtension, json::object()}}}}}}};
  const std::string task_id = task_id_of(params);
  if (method == "tasks/get") {
    json found = extension_tasks_.get_with_outcome(task_id);
    return extension_task(found["task"], found["outcome"], found["note"].get<std::string>());
  }
  if (method == "tasks/cancel") {
    try {
      extension_tasks_.cancel(task_id, "Cancelled by request.", cancelled_outcome(kCancelledByRequest));
    } catch (const RpcError&) {
      extension_tasks_.get(task_id);  // unknown: -32602; ended already: acknowledged all the same
    }
    return json::object();
  }
  if (method == "tasks/update") {
    extension_tasks_.get(task_id);  // an unknown task is -32602 like any other
    throw RpcError{kInvalidParams,
                   "invalid params: the task is not waiting for input (this server never asks for any)"};
  }
  throw RpcError{kMethodNotFound, "method not found: " + method};
}

}  // namespace mcp
