// pixverse-mcp: an MCP server (stdio, or Streamable HTTP with --http) for the PixVerse Platform video API.
// stdout carries MCP messages only; every log line goes to stderr.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "app/doctor.h"
#include "app/http_serving.h"
#include "app/tool_listing.h"
#include "config/settings.h"
#include "jobs/registry.h"
#include "jobs/resources.h"
#include "mcp/server.h"
#include "mcp/stdio_transport.h"
#include "platform/process.h"
#include "tools/registration.h"

namespace {

// `level_name` is one load_settings() accepted (it reports any other as a problem).
void setup_logging(const std::string& level_name) {
  auto logger = spdlog::stderr_color_mt("pixverse-mcp");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [pixverse-mcp] %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level_name));
}

}  // namespace

// Ends the server as stdin EOF does: calls in flight may finish, long waits answer with their
// job's handle, the registry is left consistent. False if calls are still stuck in the network.
bool shut_down(mcp::Server& server, const char* why) {
  spdlog::info("{}; shutting down", why);
  const bool clean = server.shutdown(std::chrono::milliseconds(2000), std::chrono::milliseconds(3000));
  // A call still blocked in the network: its job is in PixVerse's hands; don't wait for it.
  if (!clean) spdlog::warn("{} call(s) still running at exit", server.calls_in_flight());
  std::fflush(nullptr);
  return clean;
}

int main(int argc, char** argv) {
  // Before any thread exists: a vanished host becomes a write error, and stop requests wait
  // for the thread below.
  platform::prepare_process();

  std::optional<std::string> exit_message;
  int exit_code = 0;
  app::Settings settings = app::load_settings(argc, argv, exit_message, exit_code);
  if (exit_message) {
    std::fputs(exit_message->c_str(), exit_code == 0 ? stdout : stderr);  // not serving: stdout is free
    return exit_code;
  }
  if (settings.command == app::Command::check) {
    setup_logging("off");  // the report says everything, in plain lines on stdout
    return app::run_check(settings, std::cout);
  }
  if (settings.command == app::Command::list_tools) {
    setup_logging("off");
    pixverse::ClientConfig config;  // never used: listing sends nothing
    auto services = std::make_shared<app::Services>(app::Services{
        settings, pixverse::Client(config), app::RegistryHandle::unavailable("not opened (--list-tools)")});
    nlohmann::json tools = app::published_tools(services);
    std::cout << (settings.list_tools_format == "markdown" ? app::tools_markdown(tools) : tools.dump(2) + "\n");
    return 0;
  }
  setup_logging(settings.log_level);
  for (const auto& p : settings.problems) spdlog::error("configuration: {}", p);
  for (const auto& w : settings.warnings) spdlog::warn("configuration: {}", w);
  spdlog::info("starting {} (API {}, key {}, output {})", PIXVERSE_MCP_VERSION_STRING, settings.base_url,
               settings.api_key.empty() ? "not set" : "set", settings.output_dir);

  // Opened by the first call that needs it (registry_handle.h).
  auto registry = std::make_shared<const app::RegistryHandle>([&settings] {
    return std::make_shared<app::JobRegistry>(settings.state_dir, settings.base_url, settings.api_key);
  });
  auto services = std::make_shared<app::Services>(
      app::Services{settings, pixverse::Client(app::client_config(settings)), registry});

  if (settings.serves_http()) return app::serve_http(settings, services, registry);

  mcp::Server server(app::server_options(), mcp::stdout_sink());
  app::register_tools(server, services);
  server.set_resource_provider(app::job_resources(registry));

  // A stop request shuts down like EOF, then ends the process (the reader may be blocked in read()).
  std::thread([&server] {
    const std::string request = platform::wait_for_stop_request();
    if (request.empty()) return;
    shut_down(server, request.c_str());
    std::_Exit(0);
  }).detach();

  mcp::serve_stdio(server);
  // Calls still running may finish and answer (a piped script expects its answers); long
  // waits are cancelled after the grace period and answer with their job's handle (the
  // job keeps running on PixVerse), within 3 s more unless stuck in the network.
  if (!shut_down(server, "stdin closed")) std::_Exit(0);  // a call stuck in the network is not waited for
  return 0;
}
