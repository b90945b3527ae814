// pixverse-sim: a strict local simulator of the PixVerse Platform REST API, for tests.
// Prints "pixverse-sim listening on http://127.0.0.1:PORT" once bound, then serves until
// SIGTERM/SIGINT (or stdin EOF with --exit-on-stdin-eof).
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "common/cli_args.h"
#include "common/loopback.h"
#include "faults.h"
#include "sim_config.h"
#include "sim_server.h"

namespace {

constexpr const char* kFaultHelp =
    "--fault JSON, e.g. '{\"path\":\"/openapi/v2/video/text/generate\",\"kind\":\"drop\",\"times\":1}'\n"
    "kinds: delay (\"delay_ms\": N) http_500 drop malformed errcode refuse http_429 strings resp\n"
    "(tools/pixverse-sim/README.md, section Faults)";

// An integer of type T from `min` to `max`, read exactly (CLI11's number checks go through a
// double, which cannot tell 2^53 + 1 from 2^53).
template <typename T>
CLI::Validator integer_from(T min, T max = std::numeric_limits<T>::max()) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        T value{};
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || end != text.data() + text.size() || value < min)
          return "needs an integer >= " + std::to_string(min) + " (got '" + text + "')";
        if (value > max) return "must be <= " + std::to_string(max);
        return std::string();
      },
      "");  // no description: the option's own help says the range
}

// The simulator's configuration from its command line; exits 0 after --help, 2 on a usage error.
sim::SimConfig parse_args(int argc, char** argv) {
  sim::SimConfig cfg;
  CLI::App cli{
      "pixverse-sim: a strict local simulator of the PixVerse Platform REST API, for tests.\n"
      "Prints \"pixverse-sim listening on http://127.0.0.1:PORT\" once bound, then serves until\n"
      "SIGTERM/SIGINT (or stdin EOF with --exit-on-stdin-eof).",
      "pixverse-sim"};
  cli.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);  // a repeated flag: the last wins
  cli.add_option("--port", cfg.port, "port on the loopback interface (default 0 = ephemeral)")
      ->type_name("N")
      ->check(integer_from(0, 65535));
  cli.add_option("--host", cfg.host, "127.0.0.1 (default), localhost, another 127.x.y.z or ::1; nothing else")
      ->type_name("H")
      ->check(CLI::Validator(
          [](std::string& host) {
            return common::is_loopback_host(host) ? std::string()
                                                  : "refusing to bind '" + host + "': only loopback hosts are allowed";
          },
          ""));
  const CLI::Validator not_empty(
      [](std::string& value) { return value.empty() ? std::string("must not be empty") : std::string(); }, "",
      "NOT_EMPTY");
  cli.add_option("--api-key", cfg.api_key,
                 "the API key requests must carry in the API-KEY header (default sim-test-key)")
      ->type_name("K")
      ->check(not_empty);
  cli.add_option("--id-start", cfg.id_start, "first image/video id (default 9007199254740993 = 2^53+1)")
      ->type_name("N")
      ->check(integer_from<std::uint64_t>(1));
  cli.add_option("--polls", cfg.polls, "polls before a job finishes (default 2)")
      ->type_name("N")
      ->check(integer_from(0));
  cli.add_option("--job-ms", cfg.job_ms, "minimum job run time in ms (default 0)")
      ->type_name("N")
      ->check(integer_from<std::int64_t>(0));
  cli.add_option("--max-concurrent", cfg.max_concurrent, "running jobs before ErrCode 500044 (default 5)")
      ->type_name("N")
      ->check(integer_from(1));
  cli.add_option("--credits", cfg.credits, "initial credit_monthly (default 100000)")
      ->type_name("N")
      ->check(integer_from<std::int64_t>(0));
  cli.add_option("--package-credits", cfg.package_credits, "initial credit_package (default 0)")
      ->type_name("N")
      ->check(integer_from<std::int64_t>(0));
  std::vector<std::string> faults;
  cli.add_option("--fault", faults, "inject a fault (repeatable; see below)")
      ->type_name("JSON")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->check(CLI::Validator(
          [](std::string& text) {
            auto j = nlohmann::json::parse(text, nullptr, false);
            if (j.is_discarded()) return "needs JSON (got '" + text + "')";
            try {
              sim::parse_faults(j);
            } catch (const std::exception& e) {
              return std::string(e.what());
            }
            return std::string();
          },
          ""));
  // disable_flag_override: "--log-requests=x" is an error, as a flag takes no value.
  cli.add_flag("--log-requests", cfg.log_requests, "log each /openapi request (method path -> ErrCode) to stderr")
      ->disable_flag_override();
  cli.add_flag("--exit-on-stdin-eof", cfg.exit_on_stdin_eof, "exit when stdin reaches EOF (the parent went away)")
      ->disable_flag_override();
  cli.footer(kFaultHelp);
  // "--flag=" stays an empty value (common/cli_args.h).
  std::vector<std::string> args = common::cli11_arguments(argc, argv);
  try {
    cli.parse(args);
  } catch (const CLI::CallForHelp&) {
    std::cout << cli.help();
    std::exit(0);
  } catch (const CLI::ParseError& e) {
    std::cerr << "pixverse-sim: " << e.what() << "\n\n" << cli.help();
    std::exit(2);
  }
  for (const auto& text : faults) cfg.faults.push_back(nlohmann::json::parse(text));  // checked above
  // Bound as an address: localhost is 127.0.0.1 here, and an IPv6 address loses its brackets.
  std::string lowered;
  for (char c : cfg.host) lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lowered == "localhost") cfg.host = "127.0.0.1";
  if (cfg.host.size() >= 2 && cfg.host.front() == '[') cfg.host = cfg.host.substr(1, cfg.host.size() - 2);
  return cfg;
}

}  // namespace

int main(int argc, char** argv) {
  sim::SimConfig cfg = parse_args(argc, argv);

  // SIGINT/SIGTERM are taken with sigwait() below; block them before any thread exists.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  sim::SimServer server(cfg);
  if (server.bind() < 0) {
    std::cerr << "pixverse-sim: cannot bind " << cfg.host << ":" << cfg.port << "\n";
    return 1;
  }
  std::thread serving([&server] { server.run(); });
  if (!server.wait_until_running(std::chrono::seconds(10))) {
    std::cerr << "pixverse-sim: the server did not start\n";
    std::_Exit(1);
  }
  // Announced only now: a signal that arrives after this line can always stop the server.
  std::cout << "pixverse-sim listening on " << server.base_url() << std::endl;

  if (cfg.exit_on_stdin_eof) {
    std::thread([] {
      char buf[4096];
      while (true) {
        ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
        if (n == 0 || (n < 0 && errno != EINTR)) break;
      }
      ::kill(::getpid(), SIGTERM);
    }).detach();
  }

  int sig = 0;
  sigwait(&stop_signals, &sig);
  server.stop();
  serving.join();
  return 0;
}
