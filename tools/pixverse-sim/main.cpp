// pixverse-sim: a strict local simulator of the PixVerse Platform REST API, for tests.
// Prints "pixverse-sim listening on http://127.0.0.1:PORT" once bound, then serves until
// SIGTERM/SIGINT (or stdin EOF with --exit-on-stdin-eof).
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>

#include "faults.h"
#include "sim_config.h"
#include "sim_server.h"

namespace {

constexpr const char* kUsage = R"(usage: pixverse-sim [options]
  --port N              port on the loopback interface (default 0 = ephemeral)
  --host H              127.0.0.1 (default), localhost, another 127.x.y.z or ::1; nothing else
  --api-key K           the API key requests must carry in the API-KEY header (default sim-test-key)
  --id-start N          first image/video id (default 9007199254740993 = 2^53+1)
  --polls N             polls before a job finishes (default 2)
  --job-ms N            minimum job run time in ms (default 0)
  --max-concurrent N    running jobs before ErrCode 500044 (default 5)
  --credits N           initial credit_monthly (default 100000)
  --package-credits N   initial credit_package (default 0)
  --fault JSON          inject a fault (repeatable), e.g. '{"path":"/openapi/v2/video/text/generate","kind":"drop","times":1}'
                        kinds: delay ("delay_ms": N) http_500 drop malformed errcode refuse http_429 strings resp
                        (tools/pixverse-sim/README.md, section Faults)
  --log-requests        log each /openapi request (method path -> ErrCode) to stderr
  --exit-on-stdin-eof   exit when stdin reaches EOF (the parent went away)
)";

[[noreturn]] void usage_error(const std::string& msg) {
  std::cerr << "pixverse-sim: " << msg << "\n" << kUsage;
  std::exit(2);
}

template <typename T>
T parse_number(const std::string& flag, const std::string& text, T min) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min)
    usage_error(flag + " needs an integer >= " + std::to_string(min) + " (got '" + text + "')");
  return value;
}

bool is_loopback(const std::string& host) {
  if (host == "localhost" || host == "::1") return true;
  unsigned a = 0, b = 0, c = 0, d = 0;
  char extra = 0;
  return std::sscanf(host.c_str(), "%u.%u.%u.%u%c", &a, &b, &c, &d, &extra) == 4 && a == 127 && b < 256 && c < 256 &&
         d < 256;
}

sim::SimConfig parse_args(int argc, char** argv) {
  sim::SimConfig cfg;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i], value;
    bool has_inline = false;
    if (auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg.resize(eq);
      has_inline = true;
    }
    auto next = [&]() -> std::string {
      if (has_inline) return value;
      if (i + 1 >= argc) usage_error(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      std::exit(0);
    } else if (arg == "--port") {
      cfg.port = parse_number<int>(arg, next(), 0);
      if (cfg.port > 65535) usage_error("--port must be <= 65535");
    } else if (arg == "--host") {
      cfg.host = next();
      if (!is_loopback(cfg.host)) usage_error("refusing to bind '" + cfg.host + "': only loopback hosts are allowed");
      if (cfg.host == "localhost") cfg.host = "127.0.0.1";
    } else if (arg == "--api-key") {
      cfg.api_key = next();
      if (cfg.api_key.empty()) usage_error("--api-key must not be empty");
    } else if (arg == "--id-start") {
      cfg.id_start = parse_number<std::uint64_t>(arg, next(), 1);
    } else if (arg == "--polls") {
      cfg.polls = parse_number<int>(arg, next(), 0);
    } else if (arg == "--job-ms") {
      cfg.job_ms = parse_number<std::int64_t>(arg, next(), 0);
    } else if (arg == "--max-concurrent") {
      cfg.max_concurrent = parse_number<int>(arg, next(), 1);
    } else if (arg == "--credits") {
      cfg.credits = parse_number<std::int64_t>(arg, next(), 0);
    } else if (arg == "--package-credits") {
      cfg.package_credits = parse_number<std::int64_t>(arg, next(), 0);
    } else if (arg == "--fault") {
      auto text = next();
      auto j = nlohmann::json::parse(text, nullptr, false);
      if (j.is_discarded()) usage_error("--fault needs JSON (got '" + text + "')");
      try {
        sim::parse_faults(j);
      } catch (const std::exception& e) {
        usage_error(e.what());
      }
      cfg.faults.push_back(std::move(j));
    } else if (arg == "--log-requests") {
      cfg.log_requests = true;
    } else if (arg == "--exit-on-stdin-eof") {
      cfg.exit_on_stdin_eof = true;
    } else {
      usage_error("unknown option '" + arg + "'");
    }
    if (has_inline && (arg == "--log-requests" || arg == "--exit-on-stdin-eof"))
      usage_error(arg + " takes no value");
  }
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
