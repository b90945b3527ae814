#include "mcp/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "mcp/message_reader.h"
#include "platform/process.h"

namespace mcp {

Server::Server(ServerOptions options, Sink sink)
    : Server(std::move(options),
             RoutedSink([sink = std::move(sink)](const std::string& line, const json*) { sink(line); })) {}

Server::Server(ServerOptions options, RoutedSink sink)
    : options_(std::move(options)),
      sink_(std::move(sink)),
      negotiated_version_(newest_revision().version),
      revision_(&newest_revision()),
      min_log_level_(options_.initial_log_level),
      tasks_(options_.tasks, [this](const json& task) { send(make_notification("notifications/tasks/status", task)); }),
      extension_tasks_(options_.tasks),
      pool_(options_.worker_threads) {}

Server::~Server() { shutdown(std::chrono::milliseconds(0), std::chrono::milliseconds(5000)); }

void Server::add_tool(Tool tool) {
  std::string name = tool.name();
  tool_index_[name] = tools_.size();
  // Kept as text until tools/list serialises it (a parsed descriptor costs tens of KB); the
  // tool keeps what calls read: its name and execution.
  tool_descriptors_.push_back(to_wire(tool.descriptor));
  json kept{{"name", name}};
  if (auto execution = tool.descriptor.find("execution"); execution != tool.descriptor.end())
    kept["execution"] = *execution;
  tool.descriptor = std::move(kept);
  tools_.push_back(std::move(tool));
}

void Server::set_tool_catalog(std::function<std::vector<Tool>()> load) { tool_loader_ = std::move(load); }

void Server::ensure_tools() {
  std::call_once(tools_loaded_, [this] {
    if (!tool_loader_) return;
    for (auto& tool : tool_loader_()) add_tool(std::move(tool));
    platform::release_free_memory();  // what building them took and freed
  });
}

void Server::set_resource_provider(ResourceProvider provider) { resources_ = std::move(provider); }

void Server::on_cancelled_by_client(std::function<void(const json& request_id)> dropped) {
  cancelled_by_client_ = std::move(dropped);
}

void Server::send(const json& message) {
  std::string line = batches_open_.load() == 0 ? to_wire(message) : std::string();
  std::lock_guard lock(write_mutex_);
  if (output_closed_) return;
  if (batches_open_.load() != 0 && route_to_batch(message)) return;
  if (line.empty()) line = to_wire(message);
  write_line(line);
}

void Server::send_related(const json& message, const json& request_id) {
  // Only notifications go here: batches collect responses, never these.
  std::string line = to_wire(message);
  std::lock_guard lock(write_mutex_);
  write_line(line, &request_id);
}

void Server::write_line(const std::string& line, const json* related_request) {
  if (output_closed_) return;
  try {
    sink_(line, related_request);
  } catch (const std::exception& e) {
    spdlog::warn("output closed: {}", e.what());
    output_closed_ = true;
  }
}

void Server::reject_oversized_line(std::size_t limit, std::string_view head) {
  // The head is cut short, so the reader answers with an error that carries any id it found —
  // or, when the head is a whole message (padding after it), the message's own id.
  json id;
  if (!head.empty()) {
    ReadLine read = read_message(head);
    if (read.error) id = read.error->id;
    else if (read.message.is_object() && read.message.contains("id") && is_valid_request_id(read.message["id"]))
      id = read.message["id"];
  }
  send(make_error(id, kInvalidRequest,
                  "message too long: a line may carry at most " + std::to_string(limit) + " bytes"));
}

void Server::handle_line(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.find_first_not_of(" \t") == std::string_view::npos) return;  // blank keep-alive lines
  // Hostile input: repaired, depth-limited, and answered with its id whenever one is found.
  ReadLine read = read_message(line);
  if (read.replacements > 0)  // never log the content: it is the user's
    spdlog::warn("replaced {} invalid Unicode sequence(s) in a client message with U+FFFD", read.replacements);
  if (read.error) {
    spdlog::debug("unreadable line ({} bytes): {}", line.size(), read.error->message);
    send(make_error(read.error->id, read.error->code, read.error->message));
    return;
  }
  request_bytes_ = line.size();
  if (read.message.is_array()) {
    // Each member is charged its share of the line (server_workers.cpp: track).
    request_bytes_ = line.size() / std::max<std::size_t>(read.message.size(), 1);
    if (revision_->batches) return handle_batch(read.message);
    // JSON-RPC batches were removed from MCP in 2025-06-18. Each request in the array still
    // gets its answer, by its id, so no client waits forever; an array of none gets one error.
    const char* why = "batches are not supported: send one message per line";
    bool answered = false;
    for (const json& m : read.message)
      if (m.is_object() && m.contains("method") && m.contains("id") && is_valid_request_id(m["id"])) {
        send(make_error(m["id"], kInvalidRequest, why));
        answered = true;
      }
    if (!answered) send(make_error(json(), kInvalidRequest, why));
    return;
  }
  handle_message(read.message);
}

void Server::handle_message(const json& message) {
  if (!message.is_object()) {
    send(make_error(json(), kInvalidRequest, "invalid request: a message must be a JSON object"));
    return;
  }
  const bool has_id = message.contains("id");
  const json id = has_id ? message["id"] : json();
  if (has_id && !is_valid_request_id(id)) {
    // A number (1.0, 1.5) is a JSON-RPC id all the same: echo it so the client can match the
    // error; anything else (bool, object, array) is no id at all.
    send(make_error(id.is_number() ? id : json(), kInvalidRequest, "invalid request: id must be a string or an integer"));
    return;
  }
  auto version = message.find("jsonrpc");
  if (version == message.end() || *version != "2.0") {
    if (has_id) send(make_error(id, kInvalidRequest, "invalid request: \"jsonrpc\" must be \"2.0\""));
    return;
  }
  auto method = message.find("method");
  if (method == message.end()) {
    // A response to one of our requests (roots/list); any other is ignored.
    if (message.contains("result") || message.contains("error")) {
      if (!roots_.take_response(message)) spdlog::debug("a response to no request of ours: ignored");
      return;
    }
    if (has_id) send(make_error(id, kInvalidRequest, "invalid request: \"method\" is missing"));
    return;
  }
  if (!method->is_string()) {
    if (has_id) send(make_error(id, kInvalidRequest, "invalid request: \"method\" must be a string"));
    return;
  }
  // "params": null reads as omitted. Referenced, not copied: copying a json value recurses.
  static const json kNoParams = json::object();
  const json* params = &kNoParams;
  if (auto given = message.find("params"); given != message.end() && !given->is_null()) {
    if (!given->is_object()) {
      if (has_id) send(make_error(id, kInvalidParams, "invalid params: \"params\" must be an object"));
      return;
    }
    params = &*given;
  }
  if (has_id)
    handle_request(id, method->get<std::string>(), *params);
  else
    handle_notification(method->get<std::string>(), *params);
}

void Server::handle_request(const json& id, const std::string& method, const json& params) {
  const ProtocolRevision* revision = revision_;  // the session's, until the request says otherwise
  try {
    // The era, decided here and nowhere else.
    const RequestScope scope = scope_of(method, params);
    revision = scope.revision;
    if (revision->stateless && dispatching_batch())
      throw RpcError{kInvalidRequest, "invalid request: " + std::string(revision->version) +
                                          " has no JSON-RPC batches: send this request on its own line"};
    if (!offers_method(*revision, method))
      throw RpcError{kMethodNotFound, "method not found in " + std::string(revision->version) + ": " + method};
    // These answer later, from a worker thread or when their task ends.
    if (method == "tools/call") return start_tool_call(id, params, scope);
    if (method == "tasks/result") return start_task_result(id, params);
    if ((method == "resources/list" || method == "resources/read") && resources_)
      return start_resource_request(id, method, params, *revision);
    if (batches_open_.load() != 0) return send(make_result(id, answer_request(method, params, scope)));
    // Outside a batch the result's text is spliced into the response: no envelope object is
    // built and copied for a ping, and tools/list's cached text is sent as it is.
    const std::string result =
        method == "tools/list" ? tools_list_text(*revision, params) : to_wire(answer_request(method, params, scope));
    const std::string line = result_to_wire(id, result);
    std::lock_guard lock(write_mutex_);
    write_line(line);
  } catch (const RpcError& e) {
    send(make_error(id, finish_error(*revision, e)));
  } catch (const std::exception& e) {
    spdlog::error("{} failed: {}", method, e.what());
    send(make_error(id, kInternalError, "internal error"));
  }
}

json Server::answer_request(const std::string& method, const json& params, const RequestScope& scope) {
  const ProtocolRevision& revision = *scope.revision;
  if (method == "tools/list") return json::parse(tools_list_text(revision, params));  // inside a batch
  json result;
  if (method == "initialize") result = on_initialize(params);
  else if (method == "server/discover") result = on_discover();
  else if (method == "ping") result = json::object();
  else if (method == "logging/setLevel") result = on_set_level(params);
  else if (method == "resources/templates/list" && resources_)
    result = answer_resource_request(*resources_, method, params, revision);
  else if (method.rfind("tasks/", 0) == 0)
    result =
        revision.tasks ? answer_task_request(method, params) : answer_extension_task_request(method, params, scope);
  else throw RpcError{kMethodNotFound, "method not found: " + method};
  return finish_result(revision, method, std::move(result));
}

void Server::handle_notification(const std::string& method, const json& params) {
  if (method == "notifications/cancelled") {
    auto request_id = params.find("requestId");
    if (request_id == params.end()) return;
    std::lock_guard lock(calls_mutex_);
    auto it = calls_.find(request_id->dump());
    if (it != calls_.end()) {
      spdlog::debug("request {} cancelled by the client", request_id->dump());
      it->second.cancel->cancel();
      // Under the lock respond_unless_cancelled takes: its response can no longer leave (unless
      // shutdown already answered for it, which the transport has then seen).
      if (cancelled_by_client_ && !it->second.answered && it->second.cancel->reason() == CancelReason::client)
        cancelled_by_client_(*request_id);
    }
    return;  // unknown or finished ids are ignored, as the spec allows
  }
  // Roots are a legacy session's: a notification in the 2026 form (which has no server-to-client
  // requests) never asks for them.
  if ((method == "notifications/initialized" || method == "notifications/roots/list_changed") && roots_.supported() &&
      !names_revision_in_meta(params)) {
    send(roots_.next_request());  // the roots bound the files tools may read
    return;
  }
  spdlog::debug("notification {}", method);
}

json Server::on_initialize(const json& params) {
  auto requested = params.find("protocolVersion");
  if (requested == params.end() || !requested->is_string())
    throw RpcError{kInvalidParams, "invalid params: initialize needs a string \"protocolVersion\""};
  auto client_capabilities = params.find("capabilities");
  roots_.set_supported(options_.ask_client_roots && client_capabilities != params.end() &&
                       client_capabilities->is_object() && client_capabilities->contains("roots") &&
                       (*client_capabilities)["roots"].is_object());
  const ProtocolRevision* revision = find_revision(requested->get<std::string>());
  revision_ = revision ? revision : &newest_revision();
  negotiated_version_ = std::string(revision_->version);

  json info = server_info(*revision_);
  json capabilities{{"tools", {{"listChanged", false}}}, {"logging", json::object()}};
  if (resources_) capabilities["resources"] = json::object();
  if (revision_->tasks)
    capabilities["tasks"] = {{"list", json::object()},
                             {"cancel", json::object()},
                             {"requests", {{"tools", {{"call", json::object()}}}}}};
  json result{{"protocolVersion", negotiated_version_},
              {"capabilities", std::move(capabilities)},
              {"serverInfo", std::move(info)}};
  if (!options_.instructions.empty()) result["instructions"] = options_.instructions;
  return result;
}

json Server::server_info(const ProtocolRevision& revision) const {
  json info{{"name", options_.name}, {"version", options_.version}};
  if (!options_.title.empty() && revision.titles) info["title"] = options_.title;
  if (!options_.description.empty() && revision.server_description) info["description"] = options_.description;
  return info;
}

json Server::descriptor_for_revision(const ProtocolRevision& revision, std::size_t index) const {
  json d = json::parse(tool_descriptors_[index]);
  if (!revision.titles) d.erase("title");
  if (!revision.structured_content) d.erase("outputSchema");
  if (!revision.tool_annotations) d.erase("annotations");
  if (!revision.tasks) d.erase("execution");
  return d;
}

const std::string& Server::tools_list_text(const ProtocolRevision& revision, const json& params) {
  ensure_tools();
  const std::size_t offset = tools_page_offset(params);
  auto key = std::make_pair(std::string(revision.version), offset);
  auto it = tools_list_text_.find(key);
  if (it == tools_list_text_.end()) {
    it = tools_list_text_.emplace(key, to_wire(finish_result(revision, "tools/list", on_tools_list(revision, offset))))
             .first;
    platform::release_free_memory();  // the parsed list was freed: give its pages back
  }
  return it->second;
}

std::size_t Server::tools_page_offset(const json& params) const {
  std::size_t offset = 0;
  if (auto cursor = params.find("cursor"); cursor != params.end() && !cursor->is_null()) {
    // Cursors are opaque to clients; ours is "tools:<offset>".
    const std::string prefix = "tools:";
    std::string text = cursor->is_string() ? cursor->get<std::string>() : "";
    bool ok = text.rfind(prefix, 0) == 0 && text.size() > prefix.size() &&
              text.find_first_not_of("0123456789", prefix.size()) == std::string::npos && text.size() < 16;
    if (ok) offset = std::stoul(text.substr(prefix.size()));
    if (!ok || offset >= tools_.size()) throw RpcError{kInvalidParams, "invalid params: unknown cursor"};
  }
  return offset;
}

json Server::on_tools_list(const ProtocolRevision& revision, std::size_t offset) const {
  json list = json::array();
  std::size_t end = std::min(tools_.size(), offset + options_.tools_page_size);
  for (std::size_t i = offset; i < end; ++i) list.push_back(descriptor_for_revision(revision, i));
  json result{{"tools", std::move(list)}};
  if (end < tools_.size()) result["nextCursor"] = "tools:" + std::to_string(end);
  return result;
}

json Server::on_set_level(const json& params) {
  auto level = params.find("level");
  auto parsed = level != params.end() && level->is_string() ? parse_log_level(level->get<std::string>())
                                                             : std::nullopt;
  if (!parsed)
    throw RpcError{kInvalidParams,
                   "invalid params: level must be one of debug, info, notice, warning, error, critical, alert, "
                   "emergency"};
  min_log_level_ = *parsed;
  return json::object();
}

std::size_t Server::calls_in_flight() const {
  std::lock_guard lock(calls_mutex_);
  return calls_.size();
}

bool Server::shutdown(std::chrono::milliseconds grace, std::chrono::milliseconds hard) {
  std::unique_lock lock(calls_mutex_);
  shutting_down_ = true;
  if (calls_cv_.wait_for(lock, grace, [this] { return calls_.empty(); })) return true;
  for (auto& [id, call] : calls_) call.cancel->cancel(CancelReason::shutdown);
  if (calls_cv_.wait_for(lock, hard, [this] { return calls_.empty(); })) return true;
  // Still running: answered now, under the lock respond_unless_cancelled takes, so its own
  // answer cannot follow. A task's work has no request waiting (its key is no JSON id).
  for (auto& [key, call] : calls_) {
    json id = json::parse(key, nullptr, false);
    if (call.answered || id.is_discarded()) continue;
    call.answered = true;
    std::string message = "the server stopped before this request finished";
    if (!options_.unfinished_note.empty()) message += ". " + options_.unfinished_note;
    send(make_error(id, kInternalError, message));
  }
  return false;
}

}  // namespace mcp
