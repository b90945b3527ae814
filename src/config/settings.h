#pragma once
// The server's configuration: environment variables, overridden by command-line flags.
// See the README's "Configuration" table.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/toolsets.h"

namespace app {

// Where the home folder ("~", and the base of the default folders) came from. Hosts often
// start servers with a bare environment, so HOME alone is not enough.
enum class HomeSource {
  env,       // $HOME (an absolute path)
  passwd,    // the account's entry (platform::account_home()), when HOME is unset, empty or relative
  fallback,  // neither: platform::fallback_home(), and Settings::warnings says so
};
std::string_view to_string(HomeSource source);

struct HomeFolder {
  std::string path;
  HomeSource source = HomeSource::env;
};

// The pure decision: `env_home` is $HOME (null if unset), `passwd_home` the account's home.
HomeFolder resolve_home(const char* env_home, const std::optional<std::string>& passwd_home);
// The decision for this process (reads HOME and the account database, platform/folders.h).
HomeFolder find_home();

// What the process was asked to do. Only `serve` speaks MCP; the others print and exit.
enum class Command {
  serve,       // the MCP server on stdio (the default)
  check,       // --check: the setup doctor (doctor.h)
  list_tools,  // --list-tools[=json|markdown]: the published tool catalog (tool_listing.h)
};

struct Settings {
  Command command = Command::serve;
  std::string list_tools_format = "json";  // with Command::list_tools: "json" or "markdown"
  std::string api_key;                     // PIXVERSE_API_KEY (never logged)
  std::string base_url;                    // PIXVERSE_BASE_URL, normalised to the origin (pixverse::read_base_url)
  std::string output_dir;                  // PIXVERSE_OUTPUT_DIR, absolute
  bool output_dir_set = false;             // given explicitly: then finished jobs are downloaded by default
  std::string state_dir;                   // PIXVERSE_STATE_DIR, absolute
  std::string log_level;                   // PIXVERSE_LOG_LEVEL: trace, debug, info, warn, error, off
  std::string ca_bundle;  // PIXVERSE_CA_BUNDLE: extra trusted CA certificates (PEM), "" = system store only
  std::vector<std::string> input_dirs;  // PIXVERSE_INPUT_DIRS: folders local media may come from (file_access.h)
  // PIXVERSE_HTTP_LISTEN (--http): "host:port" to serve Streamable HTTP on instead of stdio; ""
  // serves stdio. Port 0 takes a free one. Callers are then remote: file_access.h, media_inputs.h.
  std::string http_listen;
  std::string
      http_token;  // PIXVERSE_HTTP_TOKEN: the bearer token every HTTP request must carry; "" = none (never logged)
  // PIXVERSE_HTTP_ALLOWED_ORIGINS (--http-allowed-origins, comma-separated): browser origins let in
  // besides local pages, e.g. "https://inspector.example.com".
  std::vector<std::string> http_allowed_origins;
  // PIXVERSE_HTTP_ALLOWED_HOSTS (comma-separated): Host names the server is reached by besides
  // loopback and the bound address, e.g. the public name a reverse proxy passes on.
  std::vector<std::string> http_allowed_hosts;
  int http_max_sessions = 256;     // PIXVERSE_HTTP_MAX_SESSIONS: legacy sessions at once
  int http_max_connections = 512;  // PIXVERSE_HTTP_MAX_CONNECTIONS: connections served at once (more: 503)
  int http_max_body_mib = 32;      // PIXVERSE_HTTP_MAX_BODY_MIB: largest POST body, MiB (more: 413)
  // Remote callers: the server runs with --http. Their local paths are not ours to read (only
  // PIXVERSE_INPUT_DIRS: media/file_access.h); their URLs go to PixVerse, never fetched here.
  bool serves_http() const { return !http_listen.empty(); }
  int max_wait_seconds = 300;           // PIXVERSE_MAX_WAIT_SECONDS: upper bound of a call's wait_seconds
  int poll_interval_ms = 2000;          // PIXVERSE_POLL_INTERVAL_MS: first status poll; grows 1.5x up to 10 s
  // PIXVERSE_TOOLSETS: the groups of tools served (toolsets.h); every group unless chosen.
  std::vector<Toolset> toolsets{kToolsets.begin(), kToolsets.end()};
  bool toolsets_status_added = false;   // status joined a selection that starts jobs (ToolsetChoice)
  std::string home;                     // see find_home(): the base of the default folders and of "~"
  HomeSource home_source = HomeSource::env;
  std::vector<std::string> problems;  // configuration mistakes, logged as errors at start
  std::vector<std::string> warnings;  // surprises that still work (a fallback home), logged as warnings
};

// The warning Settings::warnings carries when the home is the fallback (it names the folders
// used; main logs every problem on stderr at start); nullopt otherwise.
std::optional<std::string> home_warning(const Settings& settings);

// Reads the environment and the command line (CLI11): the flags --base-url, --output-dir,
// --state-dir, --log-level, --ca-bundle, --input-dirs and --toolsets, each falling back to its
// PIXVERSE_ variable, and the commands --check and --list-tools[=json|markdown]. A value that is
// wrong but lets the server start (a relative folder, an unknown log level, a bad number, an
// unknown tool group) is one of Settings::problems, not an exit. Sets `exit_message` and
// `exit_code` when the process is to print and exit instead: --help or --version (0, for
// stdout), a usage error such as an unknown flag, a missing value, --list-tools=yaml or --check
// with --list-tools (2, for stderr), and --list-tools with an unknown tool group (2: the list
// it would print is not the one asked for).
Settings load_settings(int argc, char** argv, std::optional<std::string>& exit_message, int& exit_code);

// "~/x" → "<home>/x" (find_home()). Other paths are returned unchanged.
std::string expand_home(const std::string& path);

}  // namespace app
