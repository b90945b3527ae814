#include "app/http_serving.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

#include "http/http_transport.h"
#include "http/listen_address.h"
#include "http/origin_policy.h"
#include "jobs/resources.h"
#include "platform/process.h"
#include "tools/registration.h"

namespace app {
namespace {

// The catalog every session's server serves: built once (schema expansion), copied per server.
struct SharedCatalog {
  std::shared_ptr<Services> services;
  std::once_flag built;
  std::vector<mcp::Tool> tools;
  std::vector<mcp::Tool> get() {
    std::call_once(built, [this] { tools = build_tools(services); });
    return tools;
  }
};

}  // namespace

int serve_http(const Settings& settings, const std::shared_ptr<Services>& services,
               const std::shared_ptr<const RegistryHandle>& registry) {
  // Over stdio a problem only costs the setting it names (a host shows no stderr, and a server
  // that will not start is worse). An operator starts an HTTP server and reads what it says, and
  // a shared server running on defaults it was not given (no token, other bounds) is a risk.
  bool refused = !settings.problems.empty();
  for (const auto& host : settings.http_allowed_hosts)
    if (!http::valid_allowed_host(host)) {
      spdlog::error("configuration: PIXVERSE_HTTP_ALLOWED_HOSTS: \"{}\" is no host name (name[:port], [IPv6][:port])",
                    host);
      refused = true;
    }
  for (const auto& origin : settings.http_allowed_origins)
    if (!http::valid_allowed_origin(origin)) {
      spdlog::error(
          "configuration: PIXVERSE_HTTP_ALLOWED_ORIGINS: \"{}\" is no origin (https://name[:port], without a path)",
          origin);
      refused = true;
    }
  if (refused) {
    spdlog::error("--http: not serving until the configuration problem(s) above are fixed");
    return 1;
  }
  for (const auto& dir : settings.input_dirs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
      spdlog::warn("configuration: PIXVERSE_INPUT_DIRS: {} is not a folder (yet): nothing in it can be read", dir);
  }
  std::string problem;
  auto address = http::parse_listen_address(settings.http_listen, problem);
  if (!address) {
    spdlog::error("--http / PIXVERSE_HTTP_LISTEN: {}", problem);
    return 1;
  }
  http::TransportOptions options;
  options.host = address->host;
  options.port = address->port;
  options.bearer_token = settings.http_token;
  options.allowed_origins = settings.http_allowed_origins;
  options.allowed_hosts = settings.http_allowed_hosts;
  options.max_sessions = static_cast<std::size_t>(settings.http_max_sessions);
  options.max_connections = static_cast<std::size_t>(settings.http_max_connections);
  options.max_body_bytes = static_cast<std::size_t>(settings.http_max_body_mib) << 20;

  auto catalog = std::make_shared<SharedCatalog>();
  catalog->services = services;
  auto resources = job_resources(registry);
  // What the instructions say of file paths holds over HTTP only for the operator's folders.
  std::string remote_note =
      "\n\nThis server is reached over HTTP: it does not read files from its own disk for you. Give media as "
      "https URLs, or as data: URIs to inputs that take an uploaded id, never as file paths.";
  if (!settings.input_dirs.empty()) {
    std::string folders;
    for (const auto& dir : settings.input_dirs) folders += (folders.empty() ? "" : ", ") + dir;
    remote_note =
        "\n\nThis server is reached over HTTP: a file path names a file on the server's machine, and only files "
        "in " +
        folders + " can be read; give other media as https URLs, or as data: URIs to inputs that take an uploaded id.";
  }
  auto owned =
      std::make_unique<http::Transport>(options, [catalog, resources, remote_note](mcp::Server::RoutedSink sink) {
        mcp::ServerOptions options = server_options();
        // Remote clients' roots are folders on their machines: never asked for (file_access.h).
        options.ask_client_roots = false;
        options.instructions += remote_note;
        auto server = std::make_unique<mcp::Server>(std::move(options), std::move(sink));
        server->set_tool_catalog([catalog] { return catalog->get(); });
        server->set_resource_provider(resources);
        return server;
      });
  http::Transport& transport = *owned;
  if (!transport.bind(problem)) {
    spdlog::error("--http: {}", problem);
    return 1;
  }
  // Said whatever the log level: a script or a test waits for this line to know where to connect.
  std::fprintf(stderr, "pixverse-mcp: serving MCP on %s%s\n", transport.url().c_str(),
               settings.http_token.empty() ? "" : " (bearer token required)");
  std::fflush(stderr);

  std::atomic<bool> stopping{false};
  std::thread stopper([&transport, &stopping] {
    const std::string request = platform::wait_for_stop_request();
    if (request.empty()) return;  // cannot be waited for: serve until killed
    spdlog::info("{}; shutting down", request);
    stopping = true;
    // Calls in flight may finish for 2 s; long waits then answer with their job's handle.
    transport.stop(std::chrono::milliseconds(2000), std::chrono::milliseconds(3000));
  });
  transport.serve();
  if (!stopping) {  // the listening socket failed under us; the stopper waits for a signal forever
    spdlog::error("--http: the server stopped listening");
    std::fflush(nullptr);
    std::_Exit(1);
  }
  stopper.join();
  owned.reset();  // ends the sessions
  if (http::retired_servers() > 0) {
    // A call stuck in the network still runs on a session's server: don't wait for it (its job is
    // in the registry), and don't run exit handlers under it.
    spdlog::warn("{} session(s) still have a call stuck in the network at exit", http::retired_servers());
    std::fflush(nullptr);
    std::_Exit(0);
  }
  return 0;
}

}  // namespace app
