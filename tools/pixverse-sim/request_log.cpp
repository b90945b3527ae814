#include "request_log.h"

namespace sim {

using nlohmann::json;

json RequestRecord::to_json() const {
  json j = {{"method", method},
            {"path", path},
            {"query", query},
            {"trace_id", trace_id ? json(*trace_id) : json(nullptr)},
            {"api_key_ok", api_key_ok},
            {"content_type", content_type},
            {"body", body},
            {"multipart", multipart},
            {"unknown_fields", unknown_fields},
            {"err_code", err_code ? json(*err_code) : json(nullptr)},
            {"http_status", http_status},
            {"replayed", replayed},
            {"fault", fault ? json(*fault) : json(nullptr)},
            {"key_leaks", key_leaks},
            {"client_port", client_port}};
  if (body_text) j["body_text"] = *body_text;
  return j;
}

std::size_t RequestLog::begin() {
  std::lock_guard lock(mu_);
  entries_.push_back({{"pending", true}});
  return offset_ + entries_.size() - 1;
}

void RequestLog::finish(std::size_t slot, const RequestRecord& rec) {
  json j = rec.to_json();
  std::lock_guard lock(mu_);
  if (slot < offset_ || slot - offset_ >= entries_.size()) return;  // cleared meanwhile
  entries_[slot - offset_] = std::move(j);
}

json RequestLog::to_json() const {
  std::lock_guard lock(mu_);
  return json(entries_);
}

void RequestLog::clear() {
  std::lock_guard lock(mu_);
  offset_ += entries_.size();
  entries_.clear();
}

std::optional<Reply> TraceMemory::claim(const std::string& trace_id) {
  std::unique_lock lock(mu_);
  auto it = replies_.find(trace_id);
  if (it == replies_.end()) {
    replies_.emplace(trace_id, std::nullopt);
    return std::nullopt;
  }
  cv_.wait(lock, [&] {
    auto found = replies_.find(trace_id);
    return found == replies_.end() || found->second.has_value();
  });
  auto found = replies_.find(trace_id);
  if (found == replies_.end()) {  // cleared by a reset while waiting: start afresh
    replies_.emplace(trace_id, std::nullopt);
    return std::nullopt;
  }
  return found->second;
}

void TraceMemory::remember(const std::string& trace_id, const Reply& reply) {
  {
    std::lock_guard lock(mu_);
    replies_[trace_id] = reply;
  }
  cv_.notify_all();
}

void TraceMemory::clear() {
  {
    std::lock_guard lock(mu_);
    replies_.clear();
  }
  cv_.notify_all();
}

}  // namespace sim
