#include "mcp/client_roots.h"

#include <spdlog/spdlog.h>

namespace mcp {

void ClientRoots::set_supported(bool supported) {
  std::lock_guard lock(mutex_);
  supported_ = supported;
}

bool ClientRoots::supported() const {
  std::lock_guard lock(mutex_);
  return supported_;
}

json ClientRoots::next_request() {
  std::lock_guard lock(mutex_);
  pending_id_ = "roots-" + std::to_string(++sent_);
  return json{{"jsonrpc", "2.0"}, {"id", pending_id_}, {"method", "roots/list"}};
}

bool ClientRoots::take_response(const json& message) {
  auto id = message.find("id");
  if (id == message.end() || !id->is_string()) return false;
  std::lock_guard lock(mutex_);
  if (pending_id_.empty() || *id != pending_id_) return false;
  pending_id_.clear();
  std::vector<Root> roots;
  bool readable = false;
  if (auto result = message.find("result"); result != message.end() && result->is_object()) {
    if (auto list = result->find("roots"); list != result->end() && list->is_array()) {
      readable = true;
      for (const auto& r : *list) {
        if (!r.is_object() || !r.contains("uri") || !r["uri"].is_string()) continue;
        Root root{r["uri"].get<std::string>(), ""};
        if (auto name = r.find("name"); name != r.end() && name->is_string()) root.name = name->get<std::string>();
        roots.push_back(std::move(root));
      }
    }
  }
  if (!readable) spdlog::warn("roots/list: the client's answer has no roots list; no roots");
  roots_ = std::move(roots);
  listed_ = readable;
  known_ = true;
  answered_.notify_all();
  return true;
}

std::optional<std::vector<Root>> ClientRoots::current(std::chrono::milliseconds wait) const {
  std::unique_lock lock(mutex_);
  if (!supported_) return std::nullopt;
  // A client that declared roots but gives none (no answer, an error, no list) has no roots:
  // closed, not open — what it would have allowed is unknown.
  if (!answered_.wait_for(lock, wait, [this] { return known_; })) {
    spdlog::warn("roots/list: no answer from the client within {} ms; no roots", wait.count());
    return std::vector<Root>{};
  }
  if (!listed_) return std::vector<Root>{};
  return roots_;
}

}  // namespace mcp
