#pragma once
// The real build/pixverse-mcp serving Streamable HTTP (--http 127.0.0.1:0) in front of a real
// build/pixverse-sim, and a real HTTP client (cpp-httplib) on a real socket.
#include <httplib.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/subprocess.h"
#include "e2e_fixture.h"

namespace e2e {

using Env = std::map<std::string, std::string>;

struct HttpServer {
  std::unique_ptr<harness::SimProcess> sim;
  std::unique_ptr<tools::Subprocess> process;
  int port = 0;
  std::string url;                        // http://127.0.0.1:PORT/mcp
  std::vector<std::string> stderr_lines;  // read so far

  // `env` over the defaults (simulator, temporary folders, log level warn); `listen` the --http value.
  explicit HttpServer(Env env = {}, const std::string& listen = "127.0.0.1:0", std::vector<std::string> sim_args = {})
      : sim(std::make_unique<harness::SimProcess>(PIXVERSE_SIM_PATH, std::move(sim_args))) {
    env.emplace("PIXVERSE_API_KEY", harness::kSimApiKey);
    env.emplace("PIXVERSE_BASE_URL", sim->base_url());
    env.emplace("PIXVERSE_LOG_LEVEL", "warn");
    env.emplace("PIXVERSE_OUTPUT_DIR", temp_dir("http-out"));
    env.emplace("PIXVERSE_STATE_DIR", temp_dir("http-state"));
    env.emplace("PIXVERSE_POLL_INTERVAL_MS", "20");
    process = std::make_unique<tools::Subprocess>(
        tools::Subprocess::Options{{PIXVERSE_MCP_PATH, "--http", listen}, std::move(env), {}, true});
    const std::string mark = "serving MCP on ";
    while (auto line = next_stderr_line(std::chrono::seconds(20))) {
      if (auto at = line->find(mark); at != std::string::npos) {
        url = line->substr(at + mark.size());
        url = url.substr(0, url.find(' '));
        port = std::stoi(url.substr(url.rfind(':') + 1));
        return;
      }
    }
    throw std::runtime_error("pixverse-mcp --http did not say where it listens");
  }

  std::optional<std::string> next_stderr_line(std::chrono::milliseconds timeout) {
    auto line = process->read_stderr_line(timeout);
    if (line) stderr_lines.push_back(*line);
    return line;
  }
  // Reads stderr until a line containing `text` (true), or EOF/timeout (false).
  bool wait_for_stderr(const std::string& text, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    for (const auto& l : stderr_lines)
      if (l.find(text) != std::string::npos) return true;
    while (auto line = next_stderr_line(timeout))
      if (line->find(text) != std::string::npos) return true;
    return false;
  }

  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(std::chrono::seconds(30));
    return c;
  }

  // SIGTERM, then the exit status (and everything left on stderr in stderr_lines).
  int stop() {
    process->kill(SIGTERM);
    const int status = process->wait(std::chrono::seconds(15)).value_or(-1);
    std::string rest = process->drain_stderr(std::chrono::seconds(2));
    for (std::size_t start = 0; start < rest.size();) {
      std::size_t end = rest.find('\n', start);
      if (end == std::string::npos) end = rest.size();
      stderr_lines.push_back(rest.substr(start, end - start));
      start = end + 1;
    }
    return status;
  }
};

// The _meta of a 2026-07-28 request.
inline json modern_meta(const json& extra = json::object()) {
  json meta = {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
               {"io.modelcontextprotocol/clientCapabilities", json::object()}};
  meta.update(extra);
  return meta;
}

inline httplib::Headers json_headers(httplib::Headers more = {}) {
  more.emplace("Accept", "application/json, text/event-stream");
  return more;
}

// The headers a 2026-07-28 POST must carry for `method` (and `name`, where the method has one).
inline httplib::Headers modern_headers(const std::string& method, const std::string& name = "") {
  httplib::Headers h = json_headers({{"MCP-Protocol-Version", "2026-07-28"}, {"Mcp-Method", method}});
  if (!name.empty()) h.emplace("Mcp-Name", name);
  return h;
}

// POSTs `body` and reads the answer as it comes: `go_on` sees everything received so far after
// each piece, and hangs up by returning false. Returns what was received.
inline std::string post_streaming(httplib::Client& c, const json& body, const httplib::Headers& headers,
                                  const std::function<bool(const std::string& seen)>& go_on) {
  std::string seen;
  httplib::Request req;
  req.method = "POST";
  req.path = "/mcp";
  req.headers = headers;
  req.body = body.dump();
  req.set_header("Content-Type", "application/json");
  req.content_receiver = [&](const char* data, std::size_t n, std::uint64_t, std::uint64_t) {
    seen.append(data, n);
    return go_on(seen);
  };
  httplib::Response res;
  httplib::Error error = httplib::Error::Success;
  c.send(req, res, error);
  return seen;
}

// The JSON-RPC messages of an SSE body ("data: <json>" lines), in order.
inline std::vector<json> sse_messages(const std::string& body) {
  std::vector<json> out;
  for (std::size_t start = 0; start < body.size();) {
    std::size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    std::string line = body.substr(start, end - start);
    start = end + 1;
    if (line.rfind("data: ", 0) == 0) out.push_back(json::parse(line.substr(6)));
  }
  return out;
}

// The one JSON-RPC answer of a POST, whether it came as JSON or as SSE (the last message).
inline json answer_of(const httplib::Result& r) {
  if (r->get_header_value("Content-Type").find("text/event-stream") != std::string::npos) {
    auto messages = sse_messages(r->body);
    return messages.empty() ? json() : messages.back();
  }
  return json::parse(r->body);
}

}  // namespace e2e
