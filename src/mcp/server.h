#pragma once
// The MCP server core: lifecycle, dispatch, tools, progress, cancellation and logging over
// any line-oriented channel. It knows nothing of PixVerse: tools are registered from outside.
//
// Threading: handle_line() is called by one reader thread. Cheap methods are answered on it;
// tools/call (plain or as a task), resources/list and resources/read run on a bounded pool of
// worker threads (work_pool.h), and tasks/result is answered when its task ends, so ping,
// tasks/cancel and notifications/cancelled are read and answered while work is busy. A tool
// that waits returns a ToolStep instead of sleeping: the wait is a timer in the pool and holds no
// thread, so thousands of waiting calls run on `worker_threads` threads. All output goes
// through one sink under one lock, so lines never interleave.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/call_context.h"
#include "mcp/client_roots.h"
#include "mcp/json_rpc.h"
#include "mcp/protocol_revision.h"
#include "mcp/request_era.h"
#include "mcp/resources.h"
#include "mcp/task_registry.h"
#include "mcp/tool.h"
#include "mcp/work_pool.h"

namespace mcp {

struct ServerOptions {
  std::string name = "mcp-server";
  std::string title;
  std::string version = "0.0.0";
  std::string description;
  std::string instructions;
  std::size_t tools_page_size = 100;       // tools/list page size; more tools → nextCursor
  // Requests in flight (tool calls, tasks, resource reads) beyond this get -32603 "server busy"
  // with a retry hint. Waiting calls cost memory only (a few KB each), so the bound is large.
  std::size_t max_concurrent_calls = 10000;
  // Memory held for the arguments of calls that have not yet finished their first step (data:
  // URIs included), estimated at 4 bytes per byte of their line. Past it new calls are refused
  // as busy; one call is always admitted when none holds any, so a single large request runs.
  std::size_t max_request_bytes_in_flight = std::size_t{512} << 20;
  std::size_t worker_threads = 32;         // do HTTP and CPU work; started on demand
  TaskOptions tasks;                       // ttl bounds, pollInterval, tasks/list page size
  LogLevel initial_log_level = LogLevel::notice;
  // Appended to the isError result of a call whose arguments its ToolContract refused
  // ("Invalid arguments for <tool>: <problems>. <note>"), e.g. to say that nothing was done.
  std::string refused_arguments_note;
  // Whether a client that declares roots is asked for them (roots/list), so that they bound the
  // files tools may read. A transport whose clients are remote turns it off: their roots name
  // folders on their machine, not on ours, and asking would make calls wait for an answer.
  bool ask_client_roots = true;
  // Appended to the error a request gets when the server stops before it finished (a call stuck
  // in the network past shutdown's hard limit), e.g. to say where a job it may have started is.
  std::string unfinished_note;
};


class Server {
 public:
  using Sink = std::function<void(const std::string& line)>;  // one JSON message, no newline
  // A sink told which request a notification belongs to: `related_request` is the id of the
  // request whose work sent it (a call's progress and logs), null for everything else
  // (responses carry their own id; server-to-client requests, task status, session-wide logs).
  // A transport with a channel per request (Streamable HTTP) routes by it; stdio ignores it.
  using RoutedSink = std::function<void(const std::string& line, const json* related_request)>;

  Server(ServerOptions options, Sink sink);
  Server(ServerOptions options, RoutedSink sink);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void add_tool(Tool tool);
  // Tools built on first need (tools/list or tools/call) instead of before serving: building
  // them (schema expansion) is most of a start-up, and `initialize` needs none of it. `load`
  // runs once, on whichever thread needs the tools first; tools added with add_tool come first.
  void set_tool_catalog(std::function<std::vector<Tool>()> load);
  // Serves resources/list, resources/templates/list and resources/read from `provider` and
  // declares the resources capability. Call before serving.
  void set_resource_provider(ResourceProvider provider);
  // `dropped` runs when notifications/cancelled stops a request in flight: no response to that
  // id will be written (spec: basic/utilities/cancellation), so a transport that waits for every
  // response of a message (Streamable HTTP's POST streams) stops waiting for it. Runs on the
  // thread reading the notification, before it returns. Call before serving.
  void on_cancelled_by_client(std::function<void(const json& request_id)> dropped);

  // An open JSON-RPC batch (server_batches.cpp).
  struct Batch;

  // One line received from the client (without its newline).
  void handle_line(std::string_view line);
  // A line the transport refused (too long): answered with -32600 and no id.
  // `head`: the line's first bytes, from which its id is read when it can be (then the error
  // carries the id, so the client is not left waiting).
  void reject_oversized_line(std::size_t limit, std::string_view head = {});

  // Lets calls in flight finish (and answer) for up to `grace`, then cancels the rest and waits
  // up to `hard` for their threads. New calls are refused. A request still running after that
  // (a network call that cannot be interrupted) is answered at once with -32603 and
  // `unfinished_note`, and whatever it produces later is not sent: every request gets exactly
  // one answer. True if none is left running.
  bool shutdown(std::chrono::milliseconds grace, std::chrono::milliseconds hard);

  // Requests running on worker threads: tool calls (tasks included) and resource requests.
  std::size_t calls_in_flight() const;
  const std::string& negotiated_version() const { return negotiated_version_; }
  // True once the sink failed (the client is gone).
  bool output_closed() const { return output_closed_.load(); }

 private:
  void send(const json& message);
  // A notification sent by the work of request `request_id` (see RoutedSink).
  void send_related(const json& message, const json& request_id);
  // Writes one line to the sink; call with write_mutex_ held.
  void write_line(const std::string& line, const json* related_request = nullptr);

  // JSON-RPC batches (server_batches.cpp), where the negotiated revision has them: the members
  // are served as single messages, and their responses leave together as one array once all
  // are in (notifications get none; a batch of notifications answers nothing).
  void handle_batch(const json& messages);
  // True while handle_batch hands this thread the members of a batch.
  static bool dispatching_batch();
  // With write_mutex_ held: takes a response that belongs to an open batch; false otherwise.
  bool route_to_batch(const json& message);
  // A batch member that will never answer (its call was cancelled): the batch stops waiting for it.
  void settle_batch_member(const json& id);
  void emit_if_complete(Batch& batch);  // with write_mutex_ held
  void handle_message(const json& message);
  void handle_request(const json& id, const std::string& method, const json& params);
  void handle_notification(const std::string& method, const json& params);

  json on_initialize(const json& params);
  // What one request is served with, once its era is decided (mcp/request_era.h): its
  // revision, for a modern request what it said of itself (log level, capabilities), and the
  // roots a call may read from. Handlers take a scope instead of reading the session's state,
  // so they never branch on the era: a legacy request gets the session initialize opened, a
  // modern one only what its own _meta says (2026-07-28: nothing is inferred from earlier
  // requests on the same pipe).
  struct RequestScope {
    const ProtocolRevision* revision = nullptr;
    std::optional<ModernRequest> modern;  // none: a legacy request, of the session initialize opened
    const ClientRoots* roots = nullptr;   // none: the client said nothing of roots
  };
  // The scope of a request: decide_era on its params, else the session's. Throws RpcError
  // (-32602, -32022) for a modern _meta that is incomplete or names an unknown version.
  RequestScope scope_of(const std::string& method, const json& params) const;
  // The result of a request answered on the reader thread, finished for its revision.
  json answer_request(const std::string& method, const json& params, const RequestScope& scope);
  // Whether notifications/message at `level` go out for a request of `scope`: the session's
  // logging/setLevel for legacy requests; for modern ones only the level the request asked for.
  bool log_enabled(const RequestScope& scope, LogLevel level) const;
  // A result or error as `revision` sends it: modern results gain resultType, serverInfo and
  // (cacheable methods) ttlMs/cacheScope; modern errors never use -32002. Legacy: unchanged.
  json finish_result(const ProtocolRevision& revision, const std::string& method, json result) const;
  RpcError finish_error(const ProtocolRevision& revision, RpcError error) const;
  // A response envelope ({"result"} or {"error"} with id) finished as above.
  json finish_response(const ProtocolRevision& revision, const std::string& method, json response) const;
  json on_discover() const;
  // The server's name, version and (where `revision` has them) title and description.
  json server_info(const ProtocolRevision& revision) const;
  // The tools/list result for `revision`, finished for it (finish_result) and serialised once
  // per revision and page: the list never changes.
  const std::string& tools_list_text(const ProtocolRevision& revision, const json& params);
  // The page a tools/list cursor names; throws RpcError for a cursor we did not send.
  std::size_t tools_page_offset(const json& params) const;
  json on_tools_list(const ProtocolRevision& revision, std::size_t offset) const;
  // Runs the catalog's loader if it has not run (thread-safe); the tools are complete after.
  void ensure_tools();
  // A tool's descriptor as `revision` defines Tool: fields it lacks are left out.
  json descriptor_for_revision(const ProtocolRevision& revision, std::size_t index) const;  // of tools_[index]
  json on_set_level(const json& params);
  bool log_enabled(LogLevel level) const { return level >= min_log_level_.load(); }

  // Work off the reader thread (server_workers.cpp). `key` names it in calls_ (a request id's
  // dump, or "task:<id>"); track() throws RpcError when shutting down, busy or the key is taken,
  // and reserves the size of the request being read (request_bytes_) until release_bytes().
  std::shared_ptr<CancellationFlag> track(
      const std::string& key, std::shared_ptr<CancellationFlag> cancel = std::make_shared<CancellationFlag>());
  void release_bytes(const std::string& key);
  // The end of tracked work: shutdown waits for every key to be forgotten.
  void forget(const std::string& key);
  // A new call's context: progress, logs and roots reach the client through this server.
  // `sender`: where its notifications go; the client (send) when null.
  std::shared_ptr<CallContext> make_context(const json& id, const RequestScope& scope,
                                            std::optional<json> progress_token,
                                            std::shared_ptr<CancellationFlag> cancel,
                                            std::optional<std::string> task_id = std::nullopt,
                                            CallContext::Sender sender = nullptr);
  // Posts `work` to the pool; if the pool cannot take it, forgets `key` and throws RpcError (busy).
  void post_or_refuse(const std::string& key, std::function<void()> work);
  // Runs `work` on the pool; `key` is forgotten when it returns. Throws RpcError (busy) if the
  // pool cannot take it.
  void run_on_pool(const std::string& key, std::function<void()> work);
  // A tool call's steps, run on the pool until the result: `finish` gets the outcome
  // ({"result": CallToolResult} or {"error": {...}}), then `key` is forgotten.
  struct StepRun;
  void run_steps(const std::string& key, std::shared_ptr<CallContext> ctx, const Tool& tool, ToolStep::Resume first,
                 std::function<void(json outcome)> finish);
  void advance(const std::shared_ptr<StepRun>& run, const ToolStep::Resume& next);
  // Sends `response` unless the request was cancelled meanwhile (notifications/cancelled).
  void respond_unless_cancelled(const CancellationFlag& cancel, const json& response);
  void start_resource_request(const json& id, const std::string& method, const json& params,
                              const ProtocolRevision& revision);

  // tools/call and tasks/* (server_tool_calls.cpp).
  // The tool's handler between its contract's checks: arguments the contract refuses are
  // answered with an isError result, never reaching the handler.
  ToolStep call_tool(const Tool& tool, const json& arguments, CallContext& ctx) const;
  void start_tool_call(const json& id, const json& params, const RequestScope& scope);
  // Where a task-backed call is kept and how it is shown (server_tasks.cpp): the session's
  // core Tasks (2025-11-25) or the tasks extension of modern requests (2026-07-28).
  struct TaskKind {
    TaskRegistry* registry = nullptr;
    bool tool_error_fails = true;            // an isError result fails the task (core), or completes it (extension)
    bool notes_progress = false;             // progress becomes the task's note (tasks/get shows it), not notifications
    std::function<json(json task)> created;  // the tools/call result that hands out a new Task
  };
  TaskKind core_tasks();
  TaskKind extension_tasks();
  // Whether a modern request's client capabilities declare the tasks extension.
  static bool declares_tasks_extension(const RequestScope& scope);
  // Answers `id` with the task's handle, then runs the tool as the task: its outcome is kept
  // in the kind's registry. `task_params`: the core request's "task" ({"ttl"?}); null otherwise.
  void start_task(const json& id, const RequestScope& scope, const Tool& tool, json arguments,
                  std::optional<json> progress_token, const json& task_params, const TaskKind& kind);
  json answer_task_request(const std::string& method, const json& params);
  void start_task_result(const json& id, const json& params);
  // A Task as the tasks extension shows it (ttlMs, pollIntervalMs; the outcome inline once
  // terminal: "result" when completed, "error" when failed), from the registry's Task and outcome.
  // `note`: the work's last progress message, shown while the task works (and after a cancel).
  json extension_task(const json& task, const json& outcome, const std::string& note) const;
  // tasks/get, tasks/cancel and tasks/update of the tasks extension. Throws RpcError: -32021
  // when the request did not declare the extension, -32602 for an unknown task and for
  // tasks/update (this server never asks for input). tasks/cancel of a task that has ended is
  // acknowledged like any other (it stays as it ended).
  json answer_extension_task_request(const std::string& method, const json& params, const RequestScope& scope);

  ServerOptions options_;
  RoutedSink sink_;
  std::mutex write_mutex_;
  std::atomic<bool> output_closed_{false};
  std::atomic<int> batches_open_{0};
  std::map<std::string, std::shared_ptr<Batch>> batch_members_;  // request id dump → batch; under write_mutex_

  std::vector<Tool> tools_;  // complete once ensure_tools() has returned; descriptors cut to name and execution
  std::vector<std::string> tool_descriptors_;  // tools_[i]'s whole descriptor, as JSON text
  std::map<std::string, std::size_t> tool_index_;
  std::function<std::vector<Tool>()> tool_loader_;
  std::once_flag tools_loaded_;
  std::map<std::pair<std::string, std::size_t>, std::string> tools_list_text_;  // (revision, offset); reader thread
  std::optional<ResourceProvider> resources_;
  std::function<void(const json&)> cancelled_by_client_;

  std::string negotiated_version_;
  const ProtocolRevision* revision_;  // of negotiated_version_; set by initialize
  std::atomic<LogLevel> min_log_level_;

  mutable std::mutex calls_mutex_;
  std::condition_variable calls_cv_;
  struct TrackedCall {
    std::shared_ptr<CancellationFlag> cancel;
    std::size_t bytes = 0;  // reserved request text, until its first step has run
    bool answered = false;  // by shutdown, which gave up waiting: its own answer is dropped
  };
  std::map<std::string, TrackedCall> calls_;  // see track()
  std::size_t bytes_in_flight_ = 0;           // sum of calls_[*].bytes
  std::size_t request_bytes_ = 0;             // size of the message being handled (reader thread)
  bool shutting_down_ = false;

  ClientRoots roots_;   // what the client said of its roots (roots/list)
  TaskRegistry tasks_;  // its listener writes through the members above
  // Tasks of modern requests (the tasks extension): apart from the session's, which a legacy
  // client lists; the extension sends no status notifications.
  TaskRegistry extension_tasks_;
  WorkPool pool_;       // last, so destroyed first: no idle worker outlives the members it uses
};

}  // namespace mcp
