// Streamable HTTP (--http): both eras through a real socket, and who may reach the server.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "http_fixture.h"

using namespace e2e;

namespace {

const json kInitialize = {{"jsonrpc", "2.0"},
                          {"id", 1},
                          {"method", "initialize"},
                          {"params",
                           {{"protocolVersion", "2025-11-25"},
                            {"capabilities", json::object()},
                            {"clientInfo", {{"name", "e2e"}, {"version", "1"}}}}}};

httplib::Result post(httplib::Client& c, const json& body, const httplib::Headers& headers = json_headers()) {
  return c.Post("/mcp", headers, body.dump(), "application/json");
}

// A legacy session: initialize, then notifications/initialized; its Mcp-Session-Id.
std::string open_session(httplib::Client& c, httplib::Headers extra = {}) {
  auto r = post(c, kInitialize, json_headers(extra));
  REQUIRE(r);
  REQUIRE(r->status == 200);
  std::string id = r->get_header_value("Mcp-Session-Id");
  REQUIRE(id.size() == 64);
  extra.emplace("Mcp-Session-Id", id);
  extra.emplace("MCP-Protocol-Version", "2025-11-25");
  auto n = post(c, {{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}, json_headers(extra));
  REQUIRE(n);
  CHECK(n->status == 202);
  return id;
}

// Starts pixverse-mcp with `args` (after the program) and `env` (plus a state folder of its
// own), which must exit with status 1 before serving; returns what it said on stderr.
std::string refused_start(std::vector<std::string> args, Env env) {
  args.insert(args.begin(), PIXVERSE_MCP_PATH);
  env.emplace("PIXVERSE_STATE_DIR", temp_dir("http-refused"));
  tools::Subprocess server(tools::Subprocess::Options{std::move(args), std::move(env), {}, true});
  CHECK(server.wait(std::chrono::seconds(20)).value_or(-1) == 1);
  std::string said = server.drain_stderr(std::chrono::seconds(2));
  CHECK(said.find("serving MCP") == std::string::npos);
  return said;
}

httplib::Headers in_session(const std::string& id) {
  return json_headers({{"Mcp-Session-Id", id}, {"MCP-Protocol-Version", "2025-11-25"}});
}

}  // namespace

TEST_CASE("HTTP: a legacy session lists and calls tools, and DELETE ends it", "[http]") {
  HttpServer server;
  auto c = server.client();
  const std::string session = open_session(c);

  auto list = post(c, {{"jsonrpc", "2.0"}, {"id", 2}, {"method", "tools/list"}}, in_session(session));
  REQUIRE(list);
  CHECK(list->status == 200);
  CHECK(list->get_header_value("Content-Type") == "application/json");
  json tools = json::parse(list->body);
  CHECK(tools["id"] == 2);
  CHECK(tools["result"]["tools"].size() > 10);

  // A call that waits for a job answers as SSE: its progress, then its result, each with an id.
  json call = {{"jsonrpc", "2.0"},
               {"id", 3},
               {"method", "tools/call"},
               {"params",
                {{"name", "text_to_video"},
                 {"arguments", {{"prompt", "a kite over the sea"}, {"wait_seconds", 20}}},
                 {"_meta", {{"progressToken", "p-3"}}}}}};
  auto r = post(c, call, in_session(session));
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "text/event-stream");
  CHECK(r->body.find("id: ") != std::string::npos);
  auto messages = sse_messages(r->body);
  REQUIRE(messages.size() >= 2);
  CHECK(messages.front()["method"] == "notifications/progress");
  CHECK(messages.front()["params"]["progressToken"] == "p-3");
  CHECK(messages.back()["id"] == 3);
  CHECK(messages.back()["result"]["structuredContent"]["status"] == "succeeded");

  // A second session is separate; an unknown one is 404; a request without one is 400.
  CHECK(open_session(c) != session);
  auto unknown = post(c, {{"jsonrpc", "2.0"}, {"id", 4}, {"method", "ping"}}, in_session(std::string(64, 'a')));
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  CHECK(json::parse(unknown->body)["id"] == 4);
  auto sessionless = post(c, {{"jsonrpc", "2.0"}, {"id", 5}, {"method", "ping"}});
  REQUIRE(sessionless);
  CHECK(sessionless->status == 400);

  auto del = c.Delete("/mcp", {{"Mcp-Session-Id", session}});
  REQUIRE(del);
  CHECK(del->status == 204);
  auto after = post(c, {{"jsonrpc", "2.0"}, {"id", 6}, {"method", "ping"}}, in_session(session));
  REQUIRE(after);
  CHECK(after->status == 404);
  CHECK(server.stop() == 0);
}

TEST_CASE("HTTP: a batch answered as JSON carries every member's answer", "[http]") {
  HttpServer server;
  auto c = server.client();
  const std::string session = open_session(c);  // 2025-11-25: no batches, each member gets its error
  json batch = json::array(
      {{{"jsonrpc", "2.0"}, {"id", 7}, {"method", "ping"}}, {{"jsonrpc", "2.0"}, {"id", 8}, {"method", "ping"}}});
  auto r = post(c, batch, in_session(session));
  REQUIRE(r);
  CHECK(r->status == 200);
  json answers = json::parse(r->body);
  REQUIRE(answers.is_array());
  REQUIRE(answers.size() == 2);
  CHECK(answers[0]["id"] == 7);
  CHECK(answers[1]["id"] == 8);
  CHECK(server.stop() == 0);
}

TEST_CASE("HTTP: a legacy stream lost mid-call resumes with Last-Event-ID and loses nothing", "[http]") {
  HttpServer server;
  auto c = server.client();
  const std::string session = open_session(c);
  json call = {{"jsonrpc", "2.0"},
               {"id", 7},
               {"method", "tools/call"},
               {"params",
                {{"name", "text_to_video"},
                 {"arguments", {{"prompt", "[sim:ms=1500] a slow tide"}, {"wait_seconds", 20}}},
                 {"_meta", {{"progressToken", 7}}}}}};
  // Read up to the first event, then hang up (a legacy client's lost connection is not a cancel).
  const std::string seen = post_streaming(c, call, in_session(session), [](const std::string& seen) {
    const auto event = seen.find("id: ");  // stop after the first whole event (past the opening comment)
    return event == std::string::npos || seen.find("\n\n", event) == std::string::npos;
  });
  const auto at = seen.find("id: ");
  REQUIRE(at != std::string::npos);
  const std::string last_event = seen.substr(at + 4, seen.find('\n', at) - at - 4);

  auto resumed =
      c.Get("/mcp", {{"Mcp-Session-Id", session}, {"Accept", "text/event-stream"}, {"Last-Event-ID", last_event}});
  REQUIRE(resumed);
  CHECK(resumed->status == 200);
  auto messages = sse_messages(resumed->body);
  REQUIRE(!messages.empty());
  CHECK(messages.back()["id"] == 7);  // the answer the lost stream would have carried
  CHECK(messages.back()["result"]["structuredContent"]["status"] == "succeeded");
  CHECK(resumed->body.find("id: " + last_event + "\n") == std::string::npos);  // nothing twice
  CHECK(server.stop() == 0);
}

TEST_CASE("HTTP: a stateless 2026-07-28 request is checked against its headers", "[http][modern]") {
  HttpServer server;
  auto c = server.client();
  json discover = {
      {"jsonrpc", "2.0"}, {"id", 11}, {"method", "server/discover"}, {"params", {{"_meta", modern_meta()}}}};
  auto ok = post(c, discover, modern_headers("server/discover"));
  REQUIRE(ok);
  CHECK(ok->status == 200);
  CHECK(ok->get_header_value("Mcp-Session-Id").empty());
  CHECK_FALSE(json::parse(ok->body)["result"]["supportedVersions"].empty());

  auto wrong_method = post(c, discover, modern_headers("tools/list"));
  REQUIRE(wrong_method);
  CHECK(wrong_method->status == 400);
  CHECK(json::parse(wrong_method->body)["error"]["code"] == -32020);
  CHECK(json::parse(wrong_method->body)["id"] == 11);

  json call = {{"jsonrpc", "2.0"},
               {"id", 12},
               {"method", "tools/call"},
               {"params", {{"name", "get_balance"}, {"arguments", json::object()}, {"_meta", modern_meta()}}}};
  auto no_name = post(c, call, modern_headers("tools/call"));
  REQUIRE(no_name);
  CHECK(no_name->status == 400);
  CHECK(json::parse(no_name->body)["error"]["code"] == -32020);
  auto named = post(c, call, modern_headers("tools/call", "get_balance"));
  REQUIRE(named);
  CHECK(named->status == 200);
  CHECK(answer_of(named)["id"] == 12);
  CHECK(answer_of(named)["result"]["resultType"] == "complete");
  // Base64 form of a header value (for names that are not ASCII) is read as its text.
  auto encoded = post(c, call, modern_headers("tools/call", "=?base64?Z2V0X2JhbGFuY2U=?="));
  REQUIRE(encoded);
  CHECK(encoded->status == 200);

  json removed = {{"jsonrpc", "2.0"}, {"id", 13}, {"method", "ping"}, {"params", {{"_meta", modern_meta()}}}};
  auto gone = post(c, removed, modern_headers("ping"));
  REQUIRE(gone);
  CHECK(gone->status == 404);
  CHECK(json::parse(gone->body)["error"]["code"] == -32601);

  json bare = {{"jsonrpc", "2.0"}, {"id", 14}, {"method", "server/discover"}, {"params", json::object()}};
  auto no_meta = post(c, bare, modern_headers("server/discover"));
  REQUIRE(no_meta);
  CHECK(no_meta->status == 400);
  CHECK(json::parse(no_meta->body)["error"]["code"] == -32602);
  CHECK(server.stop() == 0);
}

TEST_CASE("HTTP: a stateless call whose client hangs up is cancelled, and its job stays listed", "[http][modern]") {
  HttpServer server(Env{{"PIXVERSE_LOG_LEVEL", "debug"}});
  auto c = server.client();
  json call = {{"jsonrpc", "2.0"},
               {"id", 21},
               {"method", "tools/call"},
               {"params",
                {{"name", "text_to_video"},
                 {"arguments", {{"prompt", "[sim:ms=60000] a very slow tide"}, {"wait_seconds", 60}}},
                 {"_meta", modern_meta({{"progressToken", "t21"}})}}}};
  const std::string seen =
      post_streaming(c, call, modern_headers("tools/call", "text_to_video"), [](const std::string& seen) {
        return seen.find("submitted") == std::string::npos;  // hang up once the job is submitted
      });
  REQUIRE(seen.find("notifications/progress") != std::string::npos);
  CHECK(server.wait_for_stderr("cancelled by the client"));

  json list = {{"jsonrpc", "2.0"},
               {"id", 22},
               {"method", "tools/call"},
               {"params", {{"name", "list_jobs"}, {"arguments", json::object()}, {"_meta", modern_meta()}}}};
  auto jobs = post(c, list, modern_headers("tools/call", "list_jobs"));
  REQUIRE(jobs);
  json listed = answer_of(jobs)["result"]["structuredContent"]["jobs"];
  REQUIRE(listed.size() == 1);
  CHECK(listed[0]["status"] == "running");
  CHECK(server.stop() == 0);
}

TEST_CASE("HTTP: Host and Origin are checked (DNS rebinding, other sites)", "[http][security]") {
  HttpServer server(Env{{"PIXVERSE_HTTP_ALLOWED_ORIGINS", "https://app.example.com"},
                        {"PIXVERSE_HTTP_ALLOWED_HOSTS", "mcp.example.com:443"}});
  auto c = server.client();
  auto evil_host = post(c, kInitialize, json_headers({{"Host", "evil.example.com"}}));
  REQUIRE(evil_host);
  CHECK(evil_host->status == 403);
  // A listed name passes with any port (the port written in the list is not part of the name).
  for (const char* proxied : {"mcp.example.com", "mcp.example.com:443", "MCP.example.com:8443"}) {
    auto r = post(c, kInitialize, json_headers({{"Host", proxied}}));
    REQUIRE(r);
    CHECK(r->status == 200);
  }
  // Two Host headers: refused, whichever one a proxy would read.
  httplib::Headers twice = json_headers({{"Host", "127.0.0.1"}});
  twice.emplace("Host", "evil.example.com");
  auto two_hosts = post(c, kInitialize, twice);
  REQUIRE(two_hosts);
  CHECK(two_hosts->status == 403);
  auto evil_origin = post(c, kInitialize, json_headers({{"Origin", "https://evil.example.com"}}));
  REQUIRE(evil_origin);
  CHECK(evil_origin->status == 403);
  CHECK(evil_origin->get_header_value("Mcp-Session-Id").empty());

  auto local_page = post(c, kInitialize, json_headers({{"Origin", "http://localhost:6274"}}));
  REQUIRE(local_page);
  CHECK(local_page->status == 200);
  CHECK(local_page->get_header_value("Access-Control-Allow-Origin") == "http://localhost:6274");
  CHECK(local_page->get_header_value("Access-Control-Expose-Headers").find("Mcp-Session-Id") != std::string::npos);
  auto listed = post(c, kInitialize, json_headers({{"Origin", "https://app.example.com"}}));
  REQUIRE(listed);
  CHECK(listed->status == 200);

  auto preflight = c.Options("/mcp", {{"Origin", "http://127.0.0.1:6274"}, {"Access-Control-Request-Method", "POST"}});
  REQUIRE(preflight);
  CHECK(preflight->status == 204);
  CHECK(preflight->get_header_value("Access-Control-Allow-Headers").find("Mcp-Session-Id") != std::string::npos);
  CHECK(server.stop() == 0);
}

TEST_CASE("HTTP: with PIXVERSE_HTTP_TOKEN every request needs the bearer token, which is never logged",
          "[http][security]") {
  const std::string token = "tok-e2e-3f9a1c77d2";
  HttpServer server(Env{{"PIXVERSE_HTTP_TOKEN", token}, {"PIXVERSE_LOG_LEVEL", "debug"}});
  auto c = server.client();
  auto none = post(c, kInitialize);
  REQUIRE(none);
  CHECK(none->status == 401);
  CHECK(none->get_header_value("WWW-Authenticate").rfind("Bearer", 0) == 0);
  auto wrong = post(c, kInitialize, json_headers({{"Authorization", "Bearer " + token + "x"}}));
  REQUIRE(wrong);
  CHECK(wrong->status == 401);
  auto get = c.Get("/mcp", {{"Accept", "text/event-stream"}});
  REQUIRE(get);
  CHECK(get->status == 401);
  const std::string session = open_session(c, {{"Authorization", "Bearer " + token}});
  CHECK(!session.empty());
  CHECK(server.stop() == 0);
  for (const auto& line : server.stderr_lines) CHECK(line.find(token) == std::string::npos);
}

TEST_CASE("HTTP: a configuration problem stops the start instead of serving on defaults", "[http][security]") {
  // A token no client could send (a space inside) would otherwise leave the server open to all.
  const std::string said = refused_start({"--http", "127.0.0.1:0"}, {{"PIXVERSE_HTTP_TOKEN", "two words"}});
  CHECK(said.find("PIXVERSE_HTTP_TOKEN may hold only") != std::string::npos);
  CHECK(said.find("not serving") != std::string::npos);
  CHECK(said.find("two words") == std::string::npos);
  // An allowed host or origin that could never match is a mistake said at once, not a 403 later.
  const std::string told =
      refused_start({"--http", "127.0.0.1:0", "--http-allowed-origins", "https://app.example.com/"},
                    {{"PIXVERSE_HTTP_ALLOWED_HOSTS", "mcp.example.com,bad host"}});
  CHECK(told.find("\"bad host\" is no host name") != std::string::npos);
  CHECK(told.find("\"https://app.example.com/\" is no origin") != std::string::npos);
  CHECK(told.find("mcp.example.com\" is") == std::string::npos);
}

TEST_CASE("HTTP: bodies are bounded, chunked or not, and so is their nesting", "[http][security]") {
  HttpServer server(Env{{"PIXVERSE_HTTP_MAX_BODY_MIB", "1"}});
  auto c = server.client();
  json big = kInitialize;
  big["params"]["padding"] = std::string(std::size_t{2} << 20, 'x');
  auto too_big = post(c, big);
  REQUIRE(too_big);
  CHECK(too_big->status == 413);
  // The same bound for a body sent chunked (no Content-Length), and nesting is bounded before parsing.
  const std::string padding(std::size_t{2} << 20, ' ');
  auto chunked = c.Post(
      "/mcp", json_headers(),
      [&](std::size_t offset, httplib::DataSink& sink) {
        if (offset < padding.size())
          sink.write(padding.data() + offset, std::min<std::size_t>(65536, padding.size() - offset));
        else sink.done();
        return true;
      },
      "application/json");
  REQUIRE(chunked);
  CHECK(chunked->status == 413);
  auto deep = c.Post("/mcp", json_headers(), std::string(300, '[') + std::string(300, ']'), "application/json");
  REQUIRE(deep);
  CHECK(deep->status == 400);
  CHECK(json::parse(deep->body)["error"]["code"] == -32600);

  CHECK(server.stop() == 0);
}

namespace {

// Responses held open by threads of their own until stop(): each is a connection in use.
struct HeldStreams {
  std::mutex mutex;
  std::condition_variable changed;
  int open = 0;
  std::vector<std::unique_ptr<httplib::Client>> clients;
  std::vector<std::thread> threads;

  // Runs `send` with a client of its own on a thread of its own, and returns once the answer's
  // first bytes have arrived (an SSE stream opens with a comment). `send` calls `on_bytes` for
  // each piece received, and reads on while it returns true.
  using Send = std::function<void(httplib::Client& client, const std::function<bool()>& on_bytes)>;
  void hold(int port, Send send) {
    clients.push_back(std::make_unique<httplib::Client>("127.0.0.1", port));
    const int before = open;
    threads.emplace_back([this, client = clients.back().get(), send = std::move(send)] {
      bool counted = false;
      send(*client, [&] {
        if (!counted) {
          counted = true;
          std::lock_guard lock(mutex);
          ++open;
          changed.notify_all();
        }
        return true;
      });
    });
    std::unique_lock lock(mutex);
    REQUIRE(changed.wait_for(lock, std::chrono::seconds(20), [&] { return open == before + 1; }));
  }
  // The GET stream of `session`.
  void hold_get_stream(int port, const std::string& session) {
    hold(port, [session](httplib::Client& client, const std::function<bool()>& on_bytes) {
      client.Get("/mcp", {{"Mcp-Session-Id", session}, {"Accept", "text/event-stream"}},
                 [&](const char*, std::size_t) { return on_bytes(); });
    });
  }
  void stop() {
    for (auto& c : clients) c->stop();
    for (auto& t : threads) t.join();
  }
};

}  // namespace

TEST_CASE("HTTP: sessions and connections are bounded, and a full server says so with 503", "[http][security]") {
  HttpServer server(Env{{"PIXVERSE_HTTP_MAX_SESSIONS", "2"}, {"PIXVERSE_HTTP_MAX_CONNECTIONS", "4"}});
  auto c = server.client();
  // Two sessions, each with its GET stream open: in use, so neither can make room for a third.
  std::vector<std::string> sessions{open_session(c), open_session(c)};
  HeldStreams held;
  for (const auto& s : sessions) held.hold_get_stream(server.port, s);
  auto conflict = c.Get("/mcp", {{"Mcp-Session-Id", sessions[0]}, {"Accept", "text/event-stream"}});
  REQUIRE(conflict);
  CHECK(conflict->status == 409);  // one GET stream per session
  auto third = post(c, kInitialize);
  REQUIRE(third);
  CHECK(third->status == 503);
  CHECK(third->get_header_value("Retry-After") == "5");
  CHECK(json::parse(third->body)["id"] == 1);

  // Two more connections held open (a call waiting on a job, by SSE, in each session) make four:
  // the fifth is answered 503 at once.
  for (const auto& s : sessions) {
    held.hold(server.port, [s](httplib::Client& client, const std::function<bool()>& on_bytes) {
      json slow = {
          {"jsonrpc", "2.0"},
          {"id", 2},
          {"method", "tools/call"},
          {"params",
           {{"name", "text_to_video"}, {"arguments", {{"prompt", "[sim:ms=60000] held"}, {"wait_seconds", 60}}}}}};
      post_streaming(client, slow, in_session(s), [&](const std::string&) { return on_bytes(); });
    });
  }
  auto fifth = post(c, {{"jsonrpc", "2.0"}, {"id", 9}, {"method", "ping"}}, in_session(sessions[0]));
  REQUIRE(fifth);
  CHECK(fifth->status == 503);
  CHECK(fifth->get_header_value("Retry-After") == "1");
  CHECK(server.stop() == 0);  // ends the streams and answers the calls
  held.stop();
}

TEST_CASE("HTTP: listening beyond loopback is said loudly", "[http][security]") {
  HttpServer server(Env{}, "0.0.0.0:0");
  CHECK(server.wait_for_stderr("NOT a loopback address"));
  CHECK(server.stop() == 0);
}

TEST_CASE("HTTP: a port another server already serves is refused, not shared", "[http]") {
  HttpServer first;
  // A second server on the same port must not start: sharing it (SO_REUSEPORT) would split the
  // connections between the two, and a session of one would be unknown to the other.
  const std::string said =
      refused_start({"--http", "127.0.0.1:" + std::to_string(first.port)}, {{"PIXVERSE_API_KEY", harness::kSimApiKey}});
  CHECK(said.find("cannot listen on 127.0.0.1:" + std::to_string(first.port)) != std::string::npos);
  auto c = first.client();  // the first still serves every connection
  for (int i = 0; i < 8; ++i) {
    auto r = post(c, kInitialize);
    REQUIRE(r);
    CHECK(r->status == 200);
  }
  CHECK(first.stop() == 0);
}

namespace {

// A raw connection to the server, for what no HTTP client library would send.
struct RawConnection {
  int fd = -1;
  explicit RawConnection(int port) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }
  ~RawConnection() { ::close(fd); }
  // Sends what it can: the server may close first, which is part of what is tested.
  void send(const std::string& bytes) {
    for (std::size_t sent = 0; sent < bytes.size();) {
      const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<std::size_t>(n);
    }
  }
  // One whole answer with a Content-Length body (or what came before the connection ended).
  std::string read_answer() {
    std::string got;
    char buffer[4096];
    for (;;) {
      const auto head_end = got.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        const auto at = got.find("Content-Length: ");
        const std::size_t length = at < head_end ? std::stoul(got.substr(at + 16)) : 0;
        if (got.size() >= head_end + 4 + length) return got;
      }
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) return got;
      got.append(buffer, static_cast<std::size_t>(n));
    }
  }
  // Everything until the server closes the connection (or 10 s of silence).
  std::string read_to_end() {
    std::string got;
    char buffer[65536];
    for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) got.append(buffer, static_cast<std::size_t>(n));
    return got;
  }
};

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("HTTP: one request per connection: nothing after a request, in its body or after it, runs as another",
          "[http][security]") {
  HttpServer server(Env{{"PIXVERSE_HTTP_TOKEN", "tok-smuggle-7"}});
  const std::string host = "Host: 127.0.0.1:" + std::to_string(server.port) + "\r\n";
  // A whole request with the token, whose answer would carry "HIDDEN" (and a session id).
  const std::string hidden_body =
      R"({"jsonrpc":"2.0","id":"HIDDEN","method":"initialize","params":{"protocolVersion":"2025-11-25",)"
      R"("capabilities":{},"clientInfo":{"name":"x","version":"1"}}})";
  const std::string hidden = "POST /mcp HTTP/1.1\r\n" + host +
                             "Authorization: Bearer tok-smuggle-7\r\nContent-Type: application/json\r\n"
                             "Content-Length: " +
                             std::to_string(hidden_body.size()) + "\r\n\r\n" + hidden_body;
  // Sent after the first answer is in, on the same connection: the server has closed it.
  auto after_answer = [&](const std::string& first) {
    RawConnection raw(server.port);
    raw.send(first);
    std::string got = raw.read_answer();
    raw.send(hidden);
    got += raw.read_to_end();
    INFO(got.substr(0, 600));
    CHECK(count_of(got, "HTTP/1.1 ") == 1);
    CHECK(got.find("HIDDEN") == std::string::npos);
    CHECK(got.find("Connection: close") != std::string::npos);
    return got;
  };
  // A refused request (no token) whose body was never read, and one that was served.
  const std::string body = R"({"jsonrpc":"2.0","id":1,"method":"ping"})";
  const std::string unread = "POST /mcp HTTP/1.1\r\n" + host +
                             "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size() + 16) +
                             "\r\n\r\n";
  CHECK(after_answer(unread + body).rfind("HTTP/1.1 401", 0) == 0);
  std::string first_body = hidden_body;
  first_body.replace(first_body.find("HIDDEN"), 6, "FIRST!");
  const std::string served = "POST /mcp HTTP/1.1\r\n" + host +
                             "Authorization: Bearer tok-smuggle-7\r\nContent-Type: application/json\r\n"
                             "Content-Length: " +
                             std::to_string(first_body.size()) + "\r\n\r\n" + first_body;
  CHECK(after_answer(served).find("200 OK") != std::string::npos);
  // A HEAD with a body (cpp-httplib answers it without reading it).
  CHECK(after_answer("HEAD /mcp HTTP/1.1\r\n" + host + "Content-Length: 16\r\n\r\n").rfind("HTTP/1.1 4", 0) == 0);

  // Framing a proxy could read otherwise (RFC 9112 section 6.3) is refused outright.
  for (const std::string& framing :
       {std::string("Transfer-Encoding: gzip, chunked\r\nContent-Length: 5\r\n"),
        std::string("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n"),
        std::string("Content-Length: 5\r\nContent-Length: 6\r\n"), std::string("Content-Length: +5\r\n"),
        std::string("Transfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n")}) {
    RawConnection raw(server.port);
    raw.send("POST /mcp HTTP/1.1\r\n" + host +
             "Authorization: Bearer tok-smuggle-7\r\nContent-Type: application/json\r\n" + framing + "\r\n");
    const std::string got = raw.read_answer();
    INFO(framing);
    CHECK(got.rfind("HTTP/1.1 400", 0) == 0);
  }
  CHECK(server.stop() == 0);
}

TEST_CASE("HTTP: a body of many small values is refused before parsing", "[http][security]") {
  HttpServer server;
  auto c = server.client();
  std::string wide = "[";
  for (int i = 0; i < 200000; ++i) wide += i == 0 ? "{}" : ",{}";
  wide += "]";
  auto r = c.Post("/mcp", json_headers(), wide, "application/json");
  REQUIRE(r);
  CHECK(r->status == 400);
  CHECK(json::parse(r->body)["error"]["message"].get<std::string>().find("JSON values") != std::string::npos);
  CHECK(server.stop() == 0);
}

TEST_CASE("HTTP: what could not be a request is answered at once: other methods, no length, a length far too big",
          "[http][security]") {
  HttpServer server;
  const std::string host = "Host: 127.0.0.1:" + std::to_string(server.port) + "\r\n";
  // Each answer must come before the server's 10 s read timeout would have produced one: the
  // connection waits 5 s at most, and nothing of a body is ever sent.
  auto answer_to = [&](const std::string& head) {
    RawConnection raw(server.port);
    timeval timeout{5, 0};
    ::setsockopt(raw.fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    raw.send(head + "\r\n");
    return raw.read_answer();
  };
  for (const char* method : {"PUT", "PATCH", "HEAD", "TRACE"}) {
    INFO(method);
    const std::string got = answer_to(std::string(method) + " /mcp HTTP/1.1\r\n" + host);
    CHECK(got.rfind("HTTP/1.1 405", 0) == 0);
    CHECK(got.find("Allow: POST, GET, DELETE, OPTIONS") != std::string::npos);
  }
  const std::string post = "POST /mcp HTTP/1.1\r\n" + host + "Content-Type: application/json\r\n";
  CHECK(answer_to(post).rfind("HTTP/1.1 411", 0) == 0);
  for (const char* length : {"1000000000000000000", "99999999999999999999999999", "100000000"}) {
    INFO(length);
    const std::string got = answer_to(post + "Content-Length: " + length + "\r\n");
    CHECK(got.rfind("HTTP/1.1 413", 0) == 0);
    CHECK(got.find("PIXVERSE_HTTP_MAX_BODY_MIB") != std::string::npos);
  }
  // Without a session, GET and DELETE have nothing to act on: only POST is said to be allowed.
  auto c = server.client();
  auto get = c.Get("/mcp", {{"Accept", "text/event-stream"}});
  REQUIRE(get);
  CHECK(get->status == 405);
  CHECK(get->get_header_value("Allow") == "POST, OPTIONS");
  auto del = c.Delete("/mcp");
  REQUIRE(del);
  CHECK(del->status == 405);
  CHECK(del->get_header_value("Allow") == "POST, OPTIONS");
  CHECK(server.stop() == 0);
}

TEST_CASE("HTTP: a body with a NUL byte is not JSON, and a session takes no second initialize", "[http]") {
  HttpServer server;
  auto c = server.client();
  const std::string two = std::string(R"({"jsonrpc":"2.0","id":31,"method":"ping"})") + '\0' +
                          R"({"jsonrpc":"2.0","id":32,"method":"tools/list"})";
  auto r = c.Post("/mcp", json_headers(), two, "application/json");
  REQUIRE(r);
  CHECK(r->status == 400);
  CHECK(json::parse(r->body)["error"]["code"] == -32700);  // parse error

  // What the instructions say of file paths is corrected for a remote caller.
  auto first = post(c, kInitialize);
  REQUIRE(first);
  CHECK(answer_of(first)["result"]["instructions"].get<std::string>().find("never as file paths") != std::string::npos);
  const std::string session = open_session(c);
  REQUIRE_FALSE(session.empty());
  auto again = post(c, kInitialize, json_headers({{"Mcp-Session-Id", session}}));
  REQUIRE(again);
  CHECK(again->status == 400);
  CHECK(json::parse(again->body)["error"]["message"].get<std::string>().find("initialized already") !=
        std::string::npos);
  CHECK(server.stop() == 0);
}
