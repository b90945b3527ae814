// Where state lives (config/settings.h): the home folder comes from HOME, else the account's
// passwd entry, else a documented fallback that is reported as a warning.
#include <catch2/catch.hpp>

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "../support/env_guard.h"
#include "common/split.h"
#include "config/settings.h"
#include "platform/folders.h"

using namespace app;
using Catch::Matchers::Contains;

namespace {

using testsupport::EnvGuard;

// A bare environment, as hosts give it: none of the variables that choose a folder.
void bare_environment(EnvGuard& env) {
  for (const char* name : {"HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "PIXVERSE_STATE_DIR", "PIXVERSE_OUTPUT_DIR"})
    env.set(name, std::nullopt);
}

Settings load() {
  char name[] = "pixverse-mcp";
  char* argv[] = {name, nullptr};
  std::optional<std::string> exit_message;
  int exit_code = 0;
  Settings s = load_settings(1, argv, exit_message, exit_code);
  REQUIRE_FALSE(exit_message);
  return s;
}

std::string account_home() {
  const struct passwd* pw = ::getpwuid(::geteuid());
  REQUIRE(pw != nullptr);
  return pw->pw_dir;
}

}  // namespace

TEST_CASE("the home folder: HOME if absolute, else the passwd entry, else the fallback", "[settings]") {
  const std::optional<std::string> account = std::string("/home/account");

  HomeFolder h = resolve_home("/srv/me", account);
  CHECK(h.path == "/srv/me");
  CHECK(h.source == HomeSource::env);

  for (const char* unusable : {static_cast<const char*>(nullptr), "", "relative/home", "~"}) {
    INFO("HOME = " << (unusable ? unusable : "(unset)"));
    h = resolve_home(unusable, account);
    CHECK(h.path == "/home/account");
    CHECK(h.source == HomeSource::passwd);
  }

  for (const std::optional<std::string>& no_home :
       {std::optional<std::string>(), std::optional<std::string>(""), std::optional<std::string>("relative")}) {
    INFO("passwd home = " << no_home.value_or("(none)"));
    h = resolve_home(nullptr, no_home);
    CHECK(h.source == HomeSource::fallback);
    CHECK(h.path == platform::fallback_home());
  }
  CHECK(platform::fallback_home() == "/tmp/pixverse-mcp-" + std::to_string(::geteuid()));
  CHECK(to_string(HomeSource::env) == "HOME");
  CHECK(to_string(HomeSource::passwd) == "passwd");
  CHECK(to_string(HomeSource::fallback) == "fallback");
}

TEST_CASE("platform::account_home reads the effective user's passwd entry", "[settings]") {
  const std::string expected = account_home();
  if (std::filesystem::is_directory(expected)) {
    REQUIRE(platform::account_home());
    CHECK(*platform::account_home() == expected);
  } else {
    CHECK_FALSE(platform::account_home());  // an entry like /nonexistent is no home
  }
}

TEST_CASE("with no HOME the default folders are under the passwd home, without a warning", "[settings]") {
  const std::string home = account_home();
  REQUIRE(std::filesystem::is_directory(home));  // true for the accounts the tests run as
  EnvGuard env;
  bare_environment(env);
  Settings s = load();
  CHECK(s.home == home);
  CHECK(s.home_source == HomeSource::passwd);
  CHECK(s.state_dir == home + "/.local/state/pixverse-mcp");
  CHECK(s.output_dir == home + "/.local/share/pixverse-mcp/videos");
  CHECK_FALSE(s.output_dir_set);
  CHECK(expand_home("~/clip.mp4") == home + "/clip.mp4");
  for (const auto& p : s.problems) CHECK_THAT(p, !Contains("home folder"));
  CHECK(s.warnings.empty());

  env.set("HOME", "not/absolute");
  s = load();
  CHECK(s.home_source == HomeSource::passwd);
  CHECK(s.state_dir == home + "/.local/state/pixverse-mcp");
}

TEST_CASE("HOME, then XDG folders and explicit folders, win over the passwd home", "[settings]") {
  EnvGuard env;
  bare_environment(env);
  env.set("HOME", "/srv/someone");
  Settings s = load();
  CHECK(s.home == "/srv/someone");
  CHECK(s.home_source == HomeSource::env);
  CHECK(s.state_dir == "/srv/someone/.local/state/pixverse-mcp");
  CHECK(expand_home("~") == "/srv/someone");

  env.set("XDG_STATE_HOME", "/var/state");
  env.set("PIXVERSE_OUTPUT_DIR", "~/videos");
  s = load();
  CHECK(s.state_dir == "/var/state/pixverse-mcp");
  CHECK(s.output_dir == "/srv/someone/videos");
  CHECK(s.output_dir_set);

  // A relative XDG folder is invalid (XDG Base Directory Specification): ignored, not used.
  env.set("XDG_STATE_HOME", "relative/state");
  env.set("XDG_DATA_HOME", "data");
  env.set("PIXVERSE_OUTPUT_DIR", std::nullopt);
  s = load();
  CHECK(s.state_dir == "/srv/someone/.local/state/pixverse-mcp");
  CHECK(s.output_dir == "/srv/someone/.local/share/pixverse-mcp/videos");
}

TEST_CASE("the fallback home is reported as a warning naming the folders used", "[settings]") {
  Settings s;
  s.home = platform::fallback_home();
  s.home_source = HomeSource::fallback;
  s.state_dir = s.home + "/.local/state/pixverse-mcp";
  s.output_dir = s.home + "/.local/share/pixverse-mcp/videos";
  auto warning = home_warning(s);
  REQUIRE(warning);
  CHECK_THAT(*warning, Contains("using " + s.home) && Contains(s.state_dir) &&
                           Contains(s.output_dir) && Contains("PIXVERSE_STATE_DIR"));

  for (HomeSource found : {HomeSource::env, HomeSource::passwd}) {
    s.home_source = found;
    CHECK_FALSE(home_warning(s));
  }
}

TEST_CASE("PIXVERSE_BASE_URL is read once, as users write it: suffix and slashes dropped, other paths refused",
          "[settings][base-url]") {
  EnvGuard env;
  for (const char* spelling : {"https://app-api.pixverse.ai/openapi/v2", "https://app-api.pixverse.ai/openapi/v2/",
                               "https://app-api.pixverse.ai/", "https://app-api.pixverse.ai"}) {
    INFO(spelling);
    env.set("PIXVERSE_BASE_URL", std::string(spelling));
    Settings s = load();
    CHECK(s.base_url == "https://app-api.pixverse.ai");
    CHECK(s.problems.empty());
  }
  env.set("PIXVERSE_BASE_URL", std::string("https://app-api.pixverse.ai/openapi/v2/video/text"));
  Settings wrong = load();
  REQUIRE(wrong.problems.size() == 1);
  CHECK_THAT(wrong.problems[0], Contains("PIXVERSE_BASE_URL"));
  CHECK_THAT(wrong.problems[0], Contains("https://app-api.pixverse.ai (or https://app-api.pixverse.ai/openapi/v2)"));
}

TEST_CASE("PIXVERSE_CA_BUNDLE names a readable PEM file, anything else is a configuration problem",
          "[settings][tls]") {
  EnvGuard env;
  env.set("PIXVERSE_BASE_URL", std::nullopt);
  env.set("PIXVERSE_CA_BUNDLE", std::nullopt);
  CHECK(load().ca_bundle.empty());

  const std::string dir = (std::filesystem::temp_directory_path() / ("pixverse-ca-" + std::to_string(::getpid()))).string();
  std::filesystem::create_directories(dir);
  const std::string garbage = dir + "/garbage.pem", empty = dir + "/empty.pem";
  { std::ofstream(garbage) << "-----BEGIN CERTIFICATE-----\nnot base64\n"; }
  { std::ofstream{empty}; }
  env.set("PIXVERSE_CA_BUNDLE", std::string(TEST_CERT_DIR) + "/cert.pem");
  Settings ok = load();
  CHECK(ok.ca_bundle == std::string(TEST_CERT_DIR) + "/cert.pem");
  CHECK(ok.problems.empty());

  for (const std::string& bad : {dir + "/missing.pem", dir, garbage, empty}) {
    INFO(bad);
    env.set("PIXVERSE_CA_BUNDLE", bad);
    Settings s = load();
    REQUIRE(s.problems.size() == 1);
    CHECK_THAT(s.problems[0], Contains("PIXVERSE_CA_BUNDLE") && Contains(bad));
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("PIXVERSE_API_KEY: surrounding whitespace trimmed, control characters inside refuse it, unechoed",
          "[settings][secrets]") {
  EnvGuard env;
  env.set("PIXVERSE_API_KEY", std::string("sk-live-123\n"));
  Settings trimmed = load();
  CHECK(trimmed.api_key == "sk-live-123");
  CHECK(trimmed.problems.empty());
  env.set("PIXVERSE_API_KEY", std::string("sk-live-123\r\nX-Evil: 1"));  // would inject a header
  Settings refused = load();
  CHECK(refused.api_key.empty());
  REQUIRE(refused.problems.size() == 1);
  CHECK_THAT(refused.problems[0], Contains("control characters"));
  CHECK(refused.problems[0].find("sk-live") == std::string::npos);
}

TEST_CASE("a placeholder the host did not fill in reads as unset, with a warning naming it", "[settings]") {
  EnvGuard env;
  env.set("PIXVERSE_OUTPUT_DIR", "${user_config.output_dir}");
  env.set("PIXVERSE_LOG_LEVEL", "${user_config.log_level}");
  const Settings s = load();
  CHECK_FALSE(s.output_dir_set);
  CHECK(s.output_dir.find("${") == std::string::npos);
  CHECK(s.log_level == "info");
  CHECK(s.problems.empty());
  REQUIRE(s.warnings.size() >= 2);
  CHECK_THAT(s.warnings[0], Contains("PIXVERSE_OUTPUT_DIR is \"${user_config.output_dir}\"") && Contains("read as unset"));
}

TEST_CASE("an unknown log level is a configuration problem naming the variable and the flag", "[settings]") {
  EnvGuard env;
  env.set("PIXVERSE_LOG_LEVEL", "loud");
  Settings s = load();
  CHECK(s.log_level == "info");
  REQUIRE(s.problems.size() == 1);
  CHECK_THAT(s.problems[0], Contains("PIXVERSE_LOG_LEVEL (or --log-level)") && Contains("\"loud\""));
  env.set("PIXVERSE_LOG_LEVEL", "warning");
  CHECK(load().log_level == "warn");  // the MCP level name is read too
}

TEST_CASE("pixverse-mcp --check and --list-tools together are a usage error", "[settings]") {
  for (auto [a, b] : {std::pair{"--check", "--list-tools"}, std::pair{"--list-tools=markdown", "--check"}}) {
    char name[] = "pixverse-mcp";
    std::string first = a, second = b;
    char* argv[] = {name, first.data(), second.data(), nullptr};
    std::optional<std::string> exit_message;
    int exit_code = 0;
    load_settings(3, argv, exit_message, exit_code);
    REQUIRE(exit_message);
    CHECK(exit_code == 2);
    CHECK_THAT(*exit_message, Contains("separate commands"));
  }
}

namespace {

// load_settings with a command line; `exit_message` and `exit_code` are what it left.
struct Parsed {
  Settings settings;
  std::optional<std::string> exit_message;
  int exit_code = -1;
};
Parsed parse(std::vector<std::string> args) {
  args.insert(args.begin(), "pixverse-mcp");
  std::vector<char*> argv;
  for (auto& a : args) argv.emplace_back(a.data());
  argv.push_back(nullptr);
  Parsed p;
  p.settings = load_settings(static_cast<int>(args.size()), argv.data(), p.exit_message, p.exit_code);
  return p;
}

}  // namespace

TEST_CASE("each flag wins over its PIXVERSE_ variable, which wins over the default", "[settings][cli]") {
  EnvGuard env;
  env.set("PIXVERSE_STATE_DIR", "/var/from-env");
  env.set("PIXVERSE_LOG_LEVEL", "debug");
  env.set("PIXVERSE_INPUT_DIRS", std::nullopt);
  env.set("PIXVERSE_BASE_URL", std::nullopt);
  Parsed p = parse({});
  REQUIRE_FALSE(p.exit_message);
  CHECK(p.settings.state_dir == "/var/from-env");
  CHECK(p.settings.log_level == "debug");
  CHECK(p.settings.base_url == "https://app-api.pixverse.ai");
  CHECK(p.settings.command == Command::serve);

  p = parse({"--state-dir", "/var/from-flag", "--log-level=error", "--input-dirs", "/a:/b", "--base-url",
             "http://127.0.0.1:9/openapi/v2"});
  REQUIRE_FALSE(p.exit_message);
  CHECK(p.settings.state_dir == "/var/from-flag");
  CHECK(p.settings.log_level == "error");
  CHECK(p.settings.input_dirs == std::vector<std::string>{"/a", "/b"});
  CHECK(p.settings.base_url == "http://127.0.0.1:9");
  // Given twice, the last one counts; an empty flag means the default, as an empty variable does.
  CHECK(parse({"--log-level", "warn", "--log-level", "trace"}).settings.log_level == "trace");
  // "--state-dir=" (a host's unset setting) is empty, and the next argument stays an argument.
  for (const std::vector<std::string>& empty :
       {std::vector<std::string>{"--state-dir="}, {"--state-dir=", "--check"}, {"--state-dir", "", "--check"}}) {
    Parsed e = parse(empty);
    REQUIRE_FALSE(e.exit_message);
    CHECK(e.settings.state_dir != "/var/from-env");
    CHECK_THAT(e.settings.state_dir, Catch::EndsWith("/pixverse-mcp"));
    CHECK(e.settings.command == (empty.size() > 1 ? Command::check : Command::serve));
  }
}

TEST_CASE("a placeholder in a variable is unset and warned about, also when its flag is given", "[settings][cli]") {
  EnvGuard env;
  env.set("PIXVERSE_STATE_DIR", "${user_config.state_dir}");
  Parsed flag = parse({"--state-dir", "/var/state"});
  REQUIRE_FALSE(flag.exit_message);
  CHECK(flag.settings.state_dir == "/var/state");
  REQUIRE_FALSE(flag.settings.warnings.empty());
  CHECK_THAT(flag.settings.warnings[0], Contains("PIXVERSE_STATE_DIR is \"${user_config.state_dir}\""));
  Parsed none = parse({});
  CHECK(none.settings.state_dir.find("${") == std::string::npos);
  CHECK(none.settings.problems.empty());
}

TEST_CASE("the commands: --check, --list-tools and --list-tools=markdown", "[settings][cli]") {
  CHECK(parse({"--check"}).settings.command == Command::check);
  Parsed json = parse({"--list-tools"});
  REQUIRE_FALSE(json.exit_message);
  CHECK(json.settings.command == Command::list_tools);
  CHECK(json.settings.list_tools_format == "json");
  Parsed markdown = parse({"--list-tools=markdown"});
  CHECK(markdown.settings.command == Command::list_tools);
  CHECK(markdown.settings.list_tools_format == "markdown");
}

TEST_CASE("usage errors exit 2 with a message, --help and --version exit 0", "[settings][cli]") {
  for (const std::vector<std::string>& bad : {std::vector<std::string>{"--bogus"},
                                              {"--base-url"},
                                              {"stray"},
                                              {"--list-tools=yaml"},
                                              {"--list-tools", "markdown"},
                                              {"--list-tools="},
                                              {"--check=maybe"},
                                              {"--output-dir", "/a", "extra"}}) {
    INFO(bad[0] << (bad.size() > 1 ? " " + bad[1] : std::string()));
    Parsed p = parse(bad);
    REQUIRE(p.exit_message);
    CHECK(p.exit_code == 2);
    CHECK_THAT(*p.exit_message, Catch::StartsWith("pixverse-mcp: "));
  }
  for (const char* help : {"--help", "-h"}) {
    Parsed p = parse({help});
    REQUIRE(p.exit_message);
    CHECK(p.exit_code == 0);
    for (const char* named : {"--base-url",
                              "PIXVERSE_BASE_URL",
                              "--output-dir",
                              "PIXVERSE_OUTPUT_DIR",
                              "--state-dir",
                              "PIXVERSE_STATE_DIR",
                              "--log-level",
                              "PIXVERSE_LOG_LEVEL",
                              "--ca-bundle",
                              "PIXVERSE_CA_BUNDLE",
                              "--input-dirs",
                              "PIXVERSE_INPUT_DIRS",
                              "--toolsets",
                              "PIXVERSE_TOOLSETS",
                              "PIXVERSE_API_KEY",
                              "PIXVERSE_MAX_WAIT_SECONDS",
                              "PIXVERSE_POLL_INTERVAL_MS",
                              "--check",
                              "--list-tools",
                              "--version"})
      CHECK_THAT(*p.exit_message, Contains(named));
  }
  Parsed version = parse({"--version"});
  REQUIRE(version.exit_message);
  CHECK(version.exit_code == 0);
  CHECK(*version.exit_message == std::string("pixverse-mcp ") + PIXVERSE_MCP_VERSION_STRING + "\n");
}

TEST_CASE("PIXVERSE_TOOLSETS: group names, all, and status joining the groups that start jobs",
          "[settings][toolsets]") {
  using T = Toolset;
  const std::vector<T> every{T::generate, T::edit, T::inputs, T::status};
  auto chosen = [](std::string_view text) { return read_toolsets(text).selected; };
  CHECK(chosen("") == every);  // unset or empty: the default
  CHECK(chosen(" , ") == every);
  CHECK(chosen("all") == every);
  CHECK(chosen("inputs,all") == every);
  CHECK(chosen("inputs,status") == std::vector<T>{T::inputs, T::status});
  CHECK(chosen(" Status , INPUTS,,inputs ") == std::vector<T>{T::inputs, T::status});  // spaces, case, repeats
  CHECK(chosen("inputs") == std::vector<T>{T::inputs});
  CHECK(chosen("status") == std::vector<T>{T::status});
  // A group whose results point at get_video_status brings status along, and says so.
  const ToolsetChoice generate = read_toolsets("generate");
  CHECK(generate.selected == std::vector<T>{T::generate, T::status});
  CHECK(generate.status_added);
  CHECK(read_toolsets("edit,inputs").selected == std::vector<T>{T::edit, T::inputs, T::status});
  CHECK_FALSE(read_toolsets("generate,status").status_added);
  CHECK(read_toolsets("generate").problem.empty());
  // An unknown name: every group, and a problem naming the name and the groups.
  const ToolsetChoice typo = read_toolsets("genrate,inputs,bogus");
  CHECK(typo.selected == every);
  CHECK_THAT(typo.problem, Contains("PIXVERSE_TOOLSETS (or --toolsets)") && Contains("\"genrate\", \"bogus\"") &&
                               Contains("generate, edit, inputs, status, or all"));
}

TEST_CASE(
    "PIXVERSE_TOOLSETS and --toolsets in the settings: a bad value is a problem, or a usage error for "
    "--list-tools",
    "[settings][toolsets][cli]") {
  EnvGuard env;
  env.set("PIXVERSE_TOOLSETS", "inputs,status");
  Parsed from_env = parse({});
  REQUIRE_FALSE(from_env.exit_message);
  CHECK(from_env.settings.toolsets == std::vector<Toolset>{Toolset::inputs, Toolset::status});
  Parsed flag = parse({"--toolsets", "edit"});  // the flag wins
  CHECK(flag.settings.toolsets == std::vector<Toolset>{Toolset::edit, Toolset::status});
  CHECK(flag.settings.toolsets_status_added);
  CHECK(flag.settings.problems.empty());

  env.set("PIXVERSE_TOOLSETS", "${user_config.toolsets}");  // a host's unfilled placeholder: the default
  Parsed placeholder = parse({});
  CHECK(placeholder.settings.toolsets.size() == kToolsets.size());
  CHECK(placeholder.settings.problems.empty());

  env.set("PIXVERSE_TOOLSETS", "genrate");
  Parsed serve = parse({});
  REQUIRE_FALSE(serve.exit_message);  // a host shows a server that exits as failed: serve, and say why
  CHECK(serve.settings.toolsets.size() == kToolsets.size());
  REQUIRE(serve.settings.problems.size() == 1);
  CHECK_THAT(serve.settings.problems[0], Contains("\"genrate\"") && Contains("serving every tool"));
  Parsed listing = parse({"--list-tools"});
  REQUIRE(listing.exit_message);
  CHECK(listing.exit_code == 2);
  CHECK_THAT(*listing.exit_message, Catch::StartsWith("pixverse-mcp: PIXVERSE_TOOLSETS") && Contains("\"genrate\""));
  CHECK(parse({"--check"}).settings.problems.size() == 1);  // --check reports it as a FAIL line
}

TEST_CASE("a list in one value splits at its separator, empty pieces kept for the reader to skip", "[settings]") {
  CHECK(common::split("generate,edit", ',') == std::vector<std::string>{"generate", "edit"});
  CHECK(common::split("/a::/b", ':') == std::vector<std::string>{"/a", "", "/b"});
  CHECK(common::split("", ',') == std::vector<std::string>{""});
  CHECK(common::split("x,", ',') == std::vector<std::string>{"x", ""});
  CHECK(common::trimmed(" \t a b\r\n") == "a b");
  CHECK(common::trimmed(" \n ").empty());
  CHECK(common::trimmed("\ta ", " ") == "\ta");  // only the blanks named
}

TEST_CASE("PIXVERSE_HTTP_TOKEN: surrounding whitespace trimmed, spaces or other bytes inside refuse it, unechoed",
          "[settings][secrets]") {
  EnvGuard env;
  env.set("PIXVERSE_HTTP_TOKEN", std::string(" tok-9f2 \n"));  // quoted with spaces, or a file's line
  Settings trimmed = load();
  CHECK(trimmed.http_token == "tok-9f2");
  CHECK(trimmed.problems.empty());
  env.set("PIXVERSE_HTTP_TOKEN", std::string(""));  // set but empty: no token, as unset
  CHECK(load().problems.empty());
  env.set("PIXVERSE_HTTP_TOKEN", std::string(" \n"));  // blanks only: a token was meant
  Settings blank = load();
  CHECK(blank.http_token.empty());
  REQUIRE(blank.problems.size() == 1);
  CHECK_THAT(blank.problems[0], Contains("only spaces"));
  for (const std::string inside : {"tok 9f2", "tok\t9f2", "tok\xC3\xA9"}) {
    env.set("PIXVERSE_HTTP_TOKEN", inside);
    Settings refused = load();
    CHECK(refused.http_token.empty());
    REQUIRE(refused.problems.size() == 1);
    CHECK_THAT(refused.problems[0], Contains("PIXVERSE_HTTP_TOKEN"));
    CHECK(refused.problems[0].find("9f2") == std::string::npos);
  }
}
