#include "http/sessions.h"

#include <openssl/rand.h>

#include <stdexcept>
#include <thread>
#include <vector>

namespace http {

std::string new_session_id() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no randomness for a session id");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (unsigned char b : bytes) {
    id.push_back(kHex[b >> 4]);
    id.push_back(kHex[b & 15]);
  }
  return id;
}

Sessions::Sessions(ServerFactory make_server, std::size_t max_sessions, std::chrono::seconds idle_timeout,
                   std::size_t replay_capacity)
    : make_server_(std::move(make_server)),
      max_(max_sessions),
      idle_timeout_(idle_timeout),
      replay_capacity_(replay_capacity) {}

Sessions::~Sessions() { close_all(); }

namespace {

// Nothing uses the session: no HTTP request holds it (use_count 1: no open stream) and no call runs.
bool unused(const std::shared_ptr<Endpoint>& session) {
  return session.use_count() == 1 && session->calls_in_flight() == 0;
}

}  // namespace

void Sessions::expire_idle(std::vector<std::shared_ptr<Endpoint>>& ended) {
  const auto now = std::chrono::steady_clock::now();
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (unused(it->second) && now - it->second->last_used() > idle_timeout_) {
      ended.push_back(std::move(it->second));
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
}

std::shared_ptr<Endpoint> Sessions::open(std::string& id) {
  std::vector<std::shared_ptr<Endpoint>> ended;  // destroyed (their servers shut down) outside the lock
  {
    std::lock_guard lock(mutex_);
    expire_idle(ended);
    if (sessions_.size() >= max_) {
      auto idlest = sessions_.end();
      for (auto it = sessions_.begin(); it != sessions_.end(); ++it)
        if (unused(it->second) && (idlest == sessions_.end() || it->second->last_used() < idlest->second->last_used()))
          idlest = it;
      if (idlest == sessions_.end()) return nullptr;
      ended.push_back(std::move(idlest->second));
      sessions_.erase(idlest);
    }
  }
  id = new_session_id();
  auto endpoint = std::make_shared<Endpoint>(Endpoint::Ids::client, make_server_, id.substr(0, 12), replay_capacity_);
  std::lock_guard lock(mutex_);
  sessions_[id] = endpoint;
  return endpoint;
}

std::shared_ptr<Endpoint> Sessions::find(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return nullptr;
  it->second->touch();
  return it->second;
}

bool Sessions::close(const std::string& id) {
  std::shared_ptr<Endpoint> ended;
  {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return false;
    ended = std::move(it->second);
    sessions_.erase(it);
  }
  // Ends it now: its calls answer (cancelled, with what they have) and its streams end, so a GET
  // stream still open lets go of it; the endpoint itself goes with the last request holding it.
  ended->shutdown(std::chrono::milliseconds(0), std::chrono::milliseconds(3000));
  return true;
}

void Sessions::close_all() {
  std::map<std::string, std::shared_ptr<Endpoint>> all;
  {
    std::lock_guard lock(mutex_);
    all.swap(sessions_);
  }
  std::vector<std::thread> closing;
  closing.reserve(all.size());
  for (auto& [id, endpoint] : all) closing.emplace_back([e = std::move(endpoint)]() mutable { e.reset(); });
  for (auto& t : closing) t.join();
}

void Sessions::shutdown_all(std::chrono::milliseconds grace, std::chrono::milliseconds hard) {
  std::vector<std::shared_ptr<Endpoint>> all;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, endpoint] : sessions_) all.push_back(endpoint);
  }
  std::vector<std::thread> stopping;
  for (auto& endpoint : all) {
    if (endpoint->calls_in_flight() == 0) {
      endpoint->shutdown(grace, hard);  // nothing to wait for: at once
      continue;
    }
    stopping.emplace_back([endpoint, grace, hard] { endpoint->shutdown(grace, hard); });
  }
  for (auto& t : stopping) t.join();
}

std::size_t Sessions::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace http
