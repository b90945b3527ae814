#pragma once
// The server's configuration: environment variables, overridden by command-line flags.
// See the README's "Configuration" table (the interface contract in shared/design.md).
#include <optional>
#include <string>
#include <vector>

namespace catalog {

struct Settings {
  std::string api_key;      // PIXVERSE_API_KEY (never logged)
  std::string base_url;     // PIXVERSE_BASE_URL
  std::string output_dir;   // PIXVERSE_OUTPUT_DIR, absolute
  bool output_dir_set = false;  // given explicitly: then finished jobs are downloaded by default
  std::string state_dir;    // PIXVERSE_STATE_DIR, absolute
  std::string log_level;    // PIXVERSE_LOG_LEVEL: trace, debug, info, warn, error, off
  int max_wait_seconds = 300;     // PIXVERSE_MAX_WAIT_SECONDS: upper bound of a call's wait_seconds
  int poll_interval_ms = 2000;    // PIXVERSE_POLL_INTERVAL_MS: first status poll; grows 1.5x up to 10 s
  std::vector<std::string> problems;  // configuration mistakes, reported by the tools that need the setting
};

// Reads the environment, then applies flags (--base-url, --output-dir, --state-dir, --log-level).
// Sets `exit_message` for --help/--version or a bad flag (then the caller prints it and exits).
Settings load_settings(int argc, char** argv, std::optional<std::string>& exit_message, int& exit_code);

// "~/x" → "$HOME/x". Other paths are returned unchanged.
std::string expand_home(const std::string& path);

}  // namespace catalog
