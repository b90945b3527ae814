// Server: JSON-RPC batches, for the revisions that have them (2025-03-26 requires receiving
// them; 2024-11-05 inherits JSON-RPC 2.0's). Each member is served exactly as a single message
// would be — tool calls on their workers, cancellation and all — and the responses are
// gathered here, by request id, into the one array the batch is answered with.
#include <spdlog/spdlog.h>

#include "mcp/server.h"

namespace mcp {

struct Server::Batch {
  std::vector<json> responses;
  std::size_t pending = 0;  // members with an id whose response has not come yet
  bool closed = false;      // every member has been handed to handle_message
  bool answered = false;    // the array has been written (or there was nothing to write)
};

namespace {

// The batch whose members the reader thread is dispatching right now: errors for members
// without a usable id (sent synchronously, from this thread) belong to it.
thread_local Server::Batch* t_dispatching = nullptr;

bool is_response(const json& message) {
  return message.is_object() && !message.contains("method") && (message.contains("result") || message.contains("error"));
}

}  // namespace

bool Server::dispatching_batch() { return t_dispatching != nullptr; }

void Server::handle_batch(const json& messages) {
  if (messages.empty()) {
    send(make_error(json(), kInvalidRequest, "invalid request: an empty batch"));
    return;
  }
  auto batch = std::make_shared<Batch>();
  {
    std::lock_guard lock(write_mutex_);
    for (const json& m : messages) {
      if (!m.is_object() || !m.contains("method") || !m.contains("id") || !is_valid_request_id(m["id"])) continue;
      if (batch_members_.emplace(m["id"].dump(), batch).second) ++batch->pending;
    }
    ++batches_open_;
  }
  t_dispatching = batch.get();
  for (const json& m : messages) {
    if (m.is_object() && m.value("method", json()) == "initialize") {  // the spec forbids it in a batch
      send(make_error(m.value("id", json()), kInvalidRequest, "invalid request: initialize cannot be part of a batch"));
      continue;
    }
    handle_message(m);
  }
  t_dispatching = nullptr;
  std::lock_guard lock(write_mutex_);
  batch->closed = true;
  emit_if_complete(*batch);
}

bool Server::route_to_batch(const json& message) {
  if (!is_response(message)) return false;
  if (auto id = message.find("id"); id != message.end()) {
    auto member = batch_members_.find(id->dump());
    if (member != batch_members_.end()) {
      std::shared_ptr<Batch> batch = member->second;
      batch_members_.erase(member);
      batch->responses.push_back(message);
      --batch->pending;
      emit_if_complete(*batch);
      return true;
    }
  }
  if (t_dispatching == nullptr) return false;
  t_dispatching->responses.push_back(message);  // an error for a member without a usable id
  return true;
}

void Server::settle_batch_member(const json& id) {
  std::lock_guard lock(write_mutex_);
  auto member = batch_members_.find(id.dump());
  if (member == batch_members_.end()) return;
  std::shared_ptr<Batch> batch = member->second;
  batch_members_.erase(member);
  --batch->pending;
  emit_if_complete(*batch);
}

void Server::emit_if_complete(Batch& batch) {
  if (batch.answered || !batch.closed || batch.pending != 0) return;
  batch.answered = true;
  --batches_open_;
  if (batch.responses.empty()) return;  // only notifications: nothing is answered
  write_line(to_wire(json(std::move(batch.responses))));
}

}  // namespace mcp
