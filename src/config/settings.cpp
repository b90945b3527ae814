#include "config/settings.h"

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "common/cli_args.h"
#include "common/split.h"
#include "pixverse/client.h"
#include "platform/folders.h"

namespace app {
namespace {

// A value such as "${user_config.output_dir}": a host's placeholder it did not fill (MCP Bundle
// hosts leave an optional setting the user skipped that way). Read as unset.
bool unfilled_placeholder(const std::string& v) {
  return v.size() >= 3 && v.rfind("${", 0) == 0 && v.back() == '}' && v.find('}') == v.size() - 1;
}

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0' || unfilled_placeholder(v)) return fallback;
  return std::string(v);
}

std::string home() { return find_home().path; }

std::string default_output_dir(const std::string& home) {
  return platform::user_data_base(home) + "/pixverse-mcp/videos";
}
std::string default_state_dir(const std::string& home) { return platform::user_state_base(home) + "/pixverse-mcp"; }

// The flags that stand for a PIXVERSE_ variable: the flag wins, then the variable (CLI11's
// envname), then the default. PIXVERSE_API_KEY has no flag (a command line is visible to every
// user of the machine), nor have the two numbers below (read in load_settings).
struct FlagWithVariable {
  const char* flag;
  const char* variable;
  const char* value_name;
  const char* help;
};
constexpr FlagWithVariable kFlags[] = {
    {"--base-url", "PIXVERSE_BASE_URL", "URL",
     "API origin, with or without /openapi/v2 (default https://app-api.pixverse.ai)"},
    {"--output-dir", "PIXVERSE_OUTPUT_DIR", "DIR", "absolute folder for downloaded videos"},
    {"--state-dir", "PIXVERSE_STATE_DIR", "DIR", "absolute folder for the job registry"},
    {"--log-level", "PIXVERSE_LOG_LEVEL", "LEVEL", "trace, debug, info, warn, error, off (default info)"},
    {"--ca-bundle", "PIXVERSE_CA_BUNDLE", "FILE",
     "a PEM file of CA certificates trusted besides the system's (a TLS proxy)"},
    {"--input-dirs", "PIXVERSE_INPUT_DIRS", "DIR:DIR...",
     "folders local media files may be read from; default: the client's roots, else home (no hidden "
     "entries), the temp and output folders"},
    {"--http", "PIXVERSE_HTTP_LISTEN", "HOST:PORT",
     "serve Streamable HTTP at http://HOST:PORT/mcp instead of stdio (loopback unless you mean it; "
     "PIXVERSE_HTTP_TOKEN sets the bearer token)"},
    {"--http-allowed-origins", "PIXVERSE_HTTP_ALLOWED_ORIGINS", "ORIGIN,...",
     "browser origins allowed besides local pages (HTTP mode)"},
    {"--toolsets", "PIXVERSE_TOOLSETS", "GROUP,...",
     "tool groups to serve: generate, edit, inputs, status, or all (default all; generate and edit bring "
     "status)"},
};

constexpr const char* kDescription =
    "pixverse-mcp — a Model Context Protocol server for the PixVerse video API (stdio or Streamable HTTP).\n"
    "An MCP host starts this program and talks JSON-RPC on its stdin/stdout (or, with --http, on\n"
    "http://HOST:PORT/mcp); logs go to stderr.\n"
    "Without --check or --list-tools it serves MCP; --help, --version, --check and --list-tools print and exit.";

constexpr const char* kFooter =
    "An option may also come from its environment variable (Env:); the flag wins. Also read:\n"
    "  PIXVERSE_API_KEY           your PixVerse Platform API key (required for calls, not to start)\n"
    "  PIXVERSE_MAX_WAIT_SECONDS  upper bound of a call's wait_seconds (default 300)\n"
    "  PIXVERSE_POLL_INTERVAL_MS  first status poll interval, growing to 10 s (default 2000)\n"
    "  PIXVERSE_HTTP_TOKEN        with --http: the bearer token every request must carry\n"
    "  PIXVERSE_HTTP_ALLOWED_HOSTS, PIXVERSE_HTTP_MAX_SESSIONS, PIXVERSE_HTTP_MAX_CONNECTIONS,\n"
    "  PIXVERSE_HTTP_MAX_BODY_MIB  with --http: see the README";

// "a, b,,c" → {"a", "b", "c"}.
std::vector<std::string> comma_list(const std::string& text) {
  std::vector<std::string> items;
  for (const std::string& piece : common::split(text, ','))
    if (std::string item = common::trimmed(piece, " "); !item.empty()) items.push_back(std::move(item));
  return items;
}

// The warning for a PIXVERSE_ variable holding a placeholder its host did not fill in.
std::string placeholder_warning(const char* name, const char* value) {
  return std::string(name) + " is \"" + value + "\", a placeholder the host did not fill in; read as unset";
}

}  // namespace

std::string_view to_string(HomeSource source) {
  switch (source) {
    case HomeSource::env: return "HOME";
    case HomeSource::passwd: return "passwd";
    case HomeSource::fallback: return "fallback";
  }
  return "?";
}

HomeFolder resolve_home(const char* env_home, const std::optional<std::string>& passwd_home) {
  if (env_home != nullptr && *env_home != '\0' && std::filesystem::path(env_home).is_absolute())
    return {env_home, HomeSource::env};
  if (passwd_home && std::filesystem::path(*passwd_home).is_absolute()) return {*passwd_home, HomeSource::passwd};
  return {platform::fallback_home(), HomeSource::fallback};
}

std::optional<std::string> home_warning(const Settings& s) {
  if (s.home_source != HomeSource::fallback) return std::nullopt;
  return "no home folder (HOME is unset or not absolute, and user " + platform::current_user() +
         " has no usable home in the passwd database); using " + s.home + " instead: job registry in " + s.state_dir +
         ", downloads in " + s.output_dir + ". Set PIXVERSE_STATE_DIR and PIXVERSE_OUTPUT_DIR (or HOME) to choose.";
}

HomeFolder find_home() { return resolve_home(std::getenv("HOME"), platform::account_home()); }

std::string expand_home(const std::string& path) {
  if (path == "~") return home();
  if (path.rfind("~/", 0) == 0) return home() + path.substr(1);
  return path;
}

namespace {

// The command line, with CLI11: the flags of kFlags (each with its variable as the fallback), the
// commands --check and --list-tools[=json|markdown], --help and --version. Sets exit_message
// and exit_code when the process is to print and exit instead. `values` receive the flags'
// values (in kFlags' order), left as they are when neither the flag nor its variable is set.
using FlagValues = std::array<std::string*, std::size(kFlags)>;
void parse_command_line(int argc, char** argv, Settings& s, const FlagValues& values,
                        std::optional<std::string>& exit_message, int& exit_code) {
  CLI::App cli{kDescription, "pixverse-mcp"};
  cli.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);  // a repeated flag: the last wins
  for (std::size_t i = 0; i < std::size(kFlags); ++i)
    cli.add_option(kFlags[i].flag, *values[i], kFlags[i].help)
        ->type_name(kFlags[i].value_name)
        ->envname(kFlags[i].variable);
  bool check = false;
  CLI::Option* check_flag = cli.add_flag("--check", check, "check the setup: key, reachability, folders; then exit");
  // A flag, not an option: "--list-tools markdown" stays a stray argument, as "--check x" is.
  CLI::Option* list_flag = cli.add_flag("--list-tools{json}", s.list_tools_format,
                                        "print the tool catalog and exit: JSON, as tools/list sends it, or "
                                        "--list-tools=markdown")
                               ->check(CLI::IsMember({"json", "markdown"}));
  check_flag->excludes(list_flag);
  cli.set_version_flag("--version", std::string("pixverse-mcp ") + PIXVERSE_MCP_VERSION_STRING,
                       "print the version and exit");
  cli.footer(kFooter);
  // "--flag=" stays an empty value (common/cli_args.h).
  std::vector<std::string> args = common::cli11_arguments(argc, argv);
  try {
    cli.parse(args);
  } catch (const CLI::CallForHelp&) {
    exit_message = cli.help();
    exit_code = 0;
    return;
  } catch (const CLI::CallForVersion& e) {
    exit_message = std::string(e.what()) + "\n";
    exit_code = 0;
    return;
  } catch (const CLI::ExcludesError&) {
    exit_message = "pixverse-mcp: --check and --list-tools are separate commands; give one\n";
    exit_code = 2;
    return;
  } catch (const CLI::ParseError& e) {
    exit_message = "pixverse-mcp: " + std::string(e.what()) + "\n\n" + cli.help();
    exit_code = 2;
    return;
  }
  if (check) s.command = Command::check;
  if (list_flag->count() > 0) s.command = Command::list_tools;
}

}  // namespace

Settings load_settings(int argc, char** argv, std::optional<std::string>& exit_message, int& exit_code) {
  Settings s;
  // Every PIXVERSE_ variable is read here or through kFlags below: a placeholder the host left
  // unfilled is said once.
  auto variable = [&s](const char* name, const std::string& fallback) {
    if (const char* v = std::getenv(name); v != nullptr && unfilled_placeholder(v))
      s.warnings.push_back(placeholder_warning(name, v));
    return env_or(name, fallback);
  };
  s.api_key = variable("PIXVERSE_API_KEY", "");
  // A key pasted with its line break: trimmed. One with control characters inside would split
  // the API-KEY header (header injection): refused, and never echoed.
  s.api_key = common::trimmed(s.api_key);
  for (unsigned char c : s.api_key)
    if (c < 0x20 || c == 0x7F) {
      s.problems.emplace_back("PIXVERSE_API_KEY contains control characters (a line break inside?); it is not used");
      s.api_key.clear();
      break;
    }

  // The flags and their variables. CLI11 takes a variable's value as it is; a placeholder the
  // host did not fill in is then read as unset here (with the warning), as for the others.
  s.base_url = pixverse::kDefaultBaseUrl;
  s.log_level = "info";
  std::string input_dirs;
  std::string toolsets;
  std::string allowed_origins;
  const FlagValues values = {&s.base_url, &s.output_dir,  &s.state_dir,     &s.log_level, &s.ca_bundle,
                             &input_dirs, &s.http_listen, &allowed_origins, &toolsets};
  std::vector<std::string> defaults;
  for (const std::string* v : values) defaults.push_back(*v);
  parse_command_line(argc, argv, s, values, exit_message, exit_code);
  if (exit_message) return s;
  for (std::size_t i = 0; i < std::size(kFlags); ++i) {
    const char* v = std::getenv(kFlags[i].variable);
    if (v == nullptr || !unfilled_placeholder(v)) continue;
    s.warnings.push_back(placeholder_warning(kFlags[i].variable, v));
    if (*values[i] == v) *values[i] = defaults[i];  // its value was taken: read as unset
  }
  s.output_dir_set = !s.output_dir.empty();
  if (ToolsetChoice choice = read_toolsets(toolsets); !choice.problem.empty()) {
    if (s.command == Command::list_tools) {  // a terminal command: printing every tool would mislead
      exit_message = "pixverse-mcp: " + choice.problem + "\n";
      exit_code = 2;
      return s;
    }
    s.problems.push_back(choice.problem + "; serving every tool");
  } else {
    s.toolsets = choice.selected;
    s.toolsets_status_added = choice.status_added;
  }

  auto number = [&](const char* name, int fallback, int lo, int hi) {
    std::string text = variable(name, "");
    if (text.empty()) return fallback;
    int v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi) {
      s.problems.push_back(std::string(name) + " must be an integer from " + std::to_string(lo) + " to " +
                           std::to_string(hi) + ", got \"" + text + "\"; using " + std::to_string(fallback));
      return fallback;
    }
    return v;
  };
  s.max_wait_seconds = number("PIXVERSE_MAX_WAIT_SECONDS", s.max_wait_seconds, 0, 3600);
  s.poll_interval_ms = number("PIXVERSE_POLL_INTERVAL_MS", s.poll_interval_ms, 10, 60000);
  s.http_max_sessions = number("PIXVERSE_HTTP_MAX_SESSIONS", s.http_max_sessions, 1, 100000);
  s.http_max_connections = number("PIXVERSE_HTTP_MAX_CONNECTIONS", s.http_max_connections, 4, 100000);
  s.http_max_body_mib = number("PIXVERSE_HTTP_MAX_BODY_MIB", s.http_max_body_mib, 1, 1024);

  // Read once, as users write it: the origin, with or without /openapi/v2 and trailing slashes.
  if (auto base = pixverse::read_base_url(s.base_url); base.problem) s.problems.push_back(*base.problem);
  else s.base_url = base.origin;
  for (auto* dir : {&s.output_dir, &s.state_dir}) {
    *dir = expand_home(*dir);
    if (!dir->empty() && dir->front() != '/') {
      s.problems.push_back("PIXVERSE_OUTPUT_DIR and PIXVERSE_STATE_DIR must be absolute paths, got \"" + *dir +
                           "\" (a host may start this server with its working directory at /)");
      dir->clear();
    }
  }
  static constexpr std::string_view kLevels[] = {"trace", "debug", "info", "warn", "warning", "error", "off"};
  if (std::find(std::begin(kLevels), std::end(kLevels), s.log_level) == std::end(kLevels)) {
    s.problems.push_back(
        "PIXVERSE_LOG_LEVEL (or --log-level) must be one of trace, debug, info, warn, error, off, got \"" +
        s.log_level + "\"; using info");
    s.log_level = "info";
  }
  if (s.log_level == "warning") s.log_level = "warn";
  const HomeFolder home_folder = find_home();
  s.home = home_folder.path;
  s.home_source = home_folder.source;
  if (s.output_dir.empty()) {
    s.output_dir_set = false;
    s.output_dir = default_output_dir(s.home);
  }
  if (s.state_dir.empty()) s.state_dir = default_state_dir(s.home);
  for (const std::string& piece : common::split(input_dirs, ':')) {
    std::string dir = expand_home(piece);
    if (dir.empty()) continue;
    if (dir.front() != '/') {
      s.problems.push_back("PIXVERSE_INPUT_DIRS (or --input-dirs) takes absolute folders, got \"" + dir +
                           "\"; ignored");
      continue;
    }
    s.input_dirs.push_back(dir);
  }
  s.http_allowed_origins = comma_list(allowed_origins);
  s.http_allowed_hosts = comma_list(variable("PIXVERSE_HTTP_ALLOWED_HOSTS", ""));
  // Spaces around it (a quoted value, a file's line break) are dropped; inside, a token takes
  // only what a client can send after "Bearer " (RFC 6750 §2.1: visible ASCII, no spaces).
  const std::string token_given = variable("PIXVERSE_HTTP_TOKEN", "");
  s.http_token = common::trimmed(token_given, " \t\r\n");
  if (!token_given.empty() && s.http_token.empty()) {
    // Blanks only (a token file left empty): serving without a token would be a surprise.
    s.problems.emplace_back("PIXVERSE_HTTP_TOKEN holds only spaces or line breaks; leave it unset for no token");
  } else if (std::any_of(s.http_token.begin(), s.http_token.end(), [](char c) { return c <= ' ' || c > '~'; })) {
    s.http_token.clear();
    s.problems.emplace_back(
        "PIXVERSE_HTTP_TOKEN may hold only visible ASCII characters, without spaces (a client sends it after "
        "\"Bearer \"); it is not used");
  }
  if (!s.ca_bundle.empty()) {
    // Unreadable, the bundle is a configuration error (calls then fail TLS as without it), said at start.
    s.ca_bundle = expand_home(s.ca_bundle);
    // Read as OpenSSL will: a file it cannot use (garbage, empty, no certificate) is said now,
    // not as a TLS failure on the first call.
    X509_STORE* store = X509_STORE_new();
    const bool usable = store != nullptr && !std::filesystem::is_directory(s.ca_bundle) &&
                        X509_STORE_load_file(store, s.ca_bundle.c_str()) == 1;
    X509_STORE_free(store);
    ERR_clear_error();
    if (!usable)
      s.problems.push_back(
          "PIXVERSE_CA_BUNDLE (or --ca-bundle) must name a readable PEM file of CA certificates, "
          "got \"" +
          s.ca_bundle + "\"");
  }
  if (auto warning = home_warning(s)) s.warnings.push_back(*warning);
  return s;
}

}  // namespace app
