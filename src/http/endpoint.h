#pragma once
// One mcp::Server behind the Streamable HTTP endpoint, and the routing of what it writes back to
// the HTTP requests waiting for it: a legacy session's server (ids are the client's own), or
// the one server every stateless 2026-07-28 request shares (ids are rewritten, since every
// client counts from 1). MCP 2025-11-25 and 2026-07-28 basic/transports "Streamable HTTP".
//
// A POST's requests get one EventStream: the notifications their work sends (progress, logs:
// mcp::Server::RoutedSink says which request they belong to) and then their responses; the
// stream finishes when every response is in or will never come (a request the client cancelled
// with notifications/cancelled gets none). What belongs to no open request — server-to-client
// requests (roots/list), task status, notifications of a request already answered — goes to the
// session's GET stream (legacy); the stateless era has no such stream, so it is dropped there.
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/event_stream.h"
#include "mcp/json_rpc.h"
#include "mcp/server.h"

namespace http {

using json = mcp::json;

// Makes the server an endpoint serves, writing through `sink` (tools and resources registered).
using ServerFactory = std::function<std::unique_ptr<mcp::Server>(mcp::Server::RoutedSink sink)>;

// Servers of ended endpoints whose calls were still stuck in the network when they shut down:
// each is destroyed by a thread of its own once its last call returns. The process must not
// run its exit handlers while one is left (std::_Exit instead), as with stdio.
std::size_t retired_servers();

class Endpoint {
 public:
  enum class Ids {
    client,  // a legacy session: one client, its ids are unique while in flight
    own,     // the stateless server: each request gets an id of ours, its own restored in the answer
  };
  // `name`: the prefix of its streams' ids (the session id, or "s"); `replay_capacity`: messages
  // each stream keeps for a resume.
  Endpoint(Ids ids, const ServerFactory& make_server, std::string name, std::size_t replay_capacity);
  // Shuts the server down (calls in flight get their answers or are cancelled) and ends streams.
  ~Endpoint();
  Endpoint(const Endpoint&) = delete;
  Endpoint& operator=(const Endpoint&) = delete;

  // What a POST became. `stream` is null when its body held no request (only notifications or
  // responses: the answer is 202). `answered` is true when every response was written while the
  // body was handled (cheap methods, refusals): the answer can be plain JSON at once.
  struct Posted {
    std::shared_ptr<EventStream> stream;
    bool answered = false;
    std::vector<json> ids;  // the server-side ids of its requests, for cancel()
  };
  // Hands one POST body (a message, or for a legacy session a batch) to the server. `body` is
  // its text, `message` the same parsed. Thread-safe: bodies are fed to the server one at a time.
  Posted post(const std::string& body, const json& message);
  // The client of `posted` hung up before its answers (2026-07-28: closing the stream cancels):
  // its requests still running get notifications/cancelled, and their answers are dropped.
  void cancel(const Posted& posted, const std::string& reason);

  // The session's GET stream, made on first use; null for a stateless endpoint.
  std::shared_ptr<EventStream> standalone_stream();
  // A stream this endpoint made, by the id in an SSE event id (a resume); null if gone.
  std::shared_ptr<EventStream> find_stream(const std::string& id);
  // Drops a stream kept for resumes that will never be asked for (its answer went out as JSON).
  void forget_stream(const std::string& id);

  // The server's orderly shutdown (mcp::Server::shutdown): calls finish or answer with what
  // they have; then every stream ends. The destructor does the same with no grace.
  void shutdown(std::chrono::milliseconds grace, std::chrono::milliseconds hard);

  // Requests of this endpoint still running on the server, and when it was last used.
  std::size_t calls_in_flight() const { return server_->calls_in_flight(); }
  std::chrono::steady_clock::time_point last_used() const;
  void touch();

 private:
  void deliver(const std::string& line, const json* related_request);
  void deliver_response(const std::string& line, const json& message);
  // The client cancelled request `request_id` (a server-side id) while it ran: its response will
  // never come, so its POST's stream stops waiting for it, and ends if nothing else is due.
  void drop_response(const json& request_id);
  void finish_if_answered(const std::shared_ptr<EventStream>& stream);  // with mutex_ held
  std::shared_ptr<EventStream> new_stream();                            // with mutex_ held
  void forget_old_streams();                                            // with mutex_ held
  // The session's GET stream, made on first use; with mutex_ held.
  const std::shared_ptr<EventStream>& standalone_locked();

  // Where the server's sink leads: this endpoint until it is destroyed, then nowhere, so a call
  // stuck in the network past the shutdown (its server is retired, not destroyed) writes into
  // nothing instead of into freed memory.
  struct Route {
    std::mutex mutex;
    Endpoint* endpoint = nullptr;
  };
  std::shared_ptr<Route> route_ = std::make_shared<Route>();

  const Ids ids_;
  const std::string name_;
  const std::size_t replay_capacity_;

  mutable std::mutex mutex_;  // the members below
  struct Waiting {
    std::shared_ptr<EventStream> stream;
    json client_id;
  };
  std::map<std::string, Waiting> waiting_;                       // server-side id (dump) → its POST
  std::map<EventStream*, std::size_t> unanswered_;               // stream → responses still due
  std::map<std::string, std::shared_ptr<EventStream>> streams_;  // id → stream, for resumes
  std::shared_ptr<EventStream> standalone_;
  std::shared_ptr<EventStream> feeding_;  // the POST being handed to the server: gets id-less errors
  std::uint64_t next_id_ = 1;
  std::uint64_t next_stream_ = 1;
  std::chrono::steady_clock::time_point last_used_ = std::chrono::steady_clock::now();

  std::mutex feed_mutex_;                // one body at a time into the server (handle_line has one reader)
  std::unique_ptr<mcp::Server> server_;  // last: destroyed first, while the routing above still exists
};

}  // namespace http
