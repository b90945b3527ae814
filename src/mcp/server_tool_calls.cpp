// Server: tools/call, run on the pool, or handed to a task (server_tasks.cpp).
#include <spdlog/spdlog.h>

#include <algorithm>

#include "mcp/server.h"

namespace mcp {

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
                                                  std::optional<std::string> task_id, CallContext::Sender sender) {
  if (!sender) sender = [this, id](const json& n) { send_related(n, id); };
  auto ctx = std::make_shared<CallContext>(
      id, std::move(progress_token), std::move(cancel), std::move(sender),
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
  if (auto meta = params.find("_meta"); meta != params.end() && meta->is_object() && meta->contains("progressToken")) {
    progress_token = (*meta)["progressToken"];
    if (!progress_token->is_string() && !progress_token->is_number())  // ProgressToken: string | number
      throw RpcError{kInvalidParams, "invalid params: _meta \"progressToken\" must be a string or a number"};
  }

  // Only 2025-11-25 clients know core Tasks; for older ones params.task is ignored, as the spec requires.
  const std::string support = tool->task_support();
  if (scope.revision->tasks) {
    json task_params = params.value("task", json());
    if (!task_params.is_null() && !task_params.is_object())
      throw RpcError{kInvalidParams, "invalid params: \"task\" must be an object"};
    if (!task_params.is_null()) {
      if (support == "forbidden")
        throw RpcError{kMethodNotFound, "tool " + tool->name() + " cannot run as a task: call it without \"task\""};
      return start_task(id, scope, *tool, std::move(arguments), std::move(progress_token), task_params, core_tasks());
    }
    if (support == "required")
      throw RpcError{kMethodNotFound, "tool " + tool->name() + " must run as a task: add \"task\": {} to the call"};
  }
  // The tasks extension: the server decides, for a client that declared it, that a tool which
  // may run as a task does. Nothing is sent for the call after the task's handle: the request
  // is no longer in flight, and the modern era has no other channel for it.
  // With the task store full, the call runs as a plain one (the bounded wait) rather than fail.
  if (scope.revision->tasks_extension && support != "forbidden" && declares_tasks_extension(scope) &&
      extension_tasks_.size() < options_.tasks.max_tasks) {
    RequestScope quiet = scope;
    quiet.modern->log_level.reset();
    return start_task(id, quiet, *tool, std::move(arguments), std::nullopt, json(), extension_tasks());
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
                                 finish_response(*scope.revision, "tools/call", make_response(id, std::move(outcome))));
      });
}

}  // namespace mcp
