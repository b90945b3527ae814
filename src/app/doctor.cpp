#include "app/doctor.h"

#include <filesystem>
#include <string>

#include "app/tool_listing.h"
#include "common/loopback.h"
#include "http/listen_address.h"
#include "jobs/registry.h"
#include "pixverse/balance.h"
#include "pixverse/client.h"
#include "platform/ca_store.h"
#include "platform/file.h"
#include "platform/process.h"
#include "tools/registration.h"
#include "tools/tool_table.h"

namespace app {
namespace {

namespace fs = std::filesystem;

// 1234567 → "1,234,567": a balance read at a glance.
std::string grouped(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

class Report {
 public:
  explicit Report(std::ostream& out) : out_(out) {}
  void ok(const std::string& line) { out_ << "ok    " << line << "\n"; }
  void fail(const std::string& line) {
    out_ << "FAIL  " << line << "\n";
    failed_ = true;
  }
  void skipped(const std::string& line) {
    out_ << "--    " << line << "\n";
    failed_ = true;  // not passing: something before it failed
  }
  void note(const std::string& line) { out_ << "      " << line << "\n"; }
  bool failed() const { return failed_; }

 private:
  std::ostream& out_;
  bool failed_ = false;
};

// Creates `dir` (as a start would) and a probe file in it, then removes the probe. "" when the
// folder is writable, else why not.
std::string writable(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return "cannot create it: " + ec.message();
  const std::string probe = dir + "/.pixverse-mcp-check-" + std::to_string(platform::process_id());
  platform::File file = platform::File::create_new(probe, platform::FileAccess::owner_only, ec);
  if (ec) return "cannot create a file in it: " + ec.message();
  const bool wrote = file.write_all("x", 1, ec);
  file.close();
  std::error_code ignored;
  fs::remove(probe, ignored);
  return wrote ? "" : "cannot write a file in it: " + ec.message();
}

void check_tls(const Settings& s, Report& report) {
  if (s.base_url.rfind("http://", 0) == 0) {
    report.ok("TLS: none, plain HTTP to a loopback address (the simulator)");
    return;
  }
  // The store the client uses (platform/ca_store.h): OpenSSL's default, which SSL_CERT_FILE /
  // SSL_CERT_DIR move, or the system's bundle found at a common location.
  const platform::CaStore store = platform::system_ca_store();
  if (store.origin == platform::CaOrigin::environment && !store.holds_certificates) {
    // Set, but naming nothing: OpenSSL trusts no system certificate then, whatever is installed.
    report.fail("TLS trust: " + store.describe() +
                " (unset them, or point them at a PEM bundle or a certificate folder)");
    return;
  }
  std::string trusted = store.holds_certificates ? "system store " + store.describe() : "no system store";
  if (!s.ca_bundle.empty()) trusted += " + CA bundle " + s.ca_bundle;
  if (store.holds_certificates || !s.ca_bundle.empty()) report.ok("TLS trust: " + trusted);
  else
    report.fail("TLS trust: " + store.describe() +
                " (install the ca-certificates package, or set SSL_CERT_FILE or PIXVERSE_CA_BUNDLE)");
}

void check_api(const Settings& s, int timeout_ms, Report& report) {
  pixverse::ClientConfig config = client_config(s);
  config.connect_timeout = std::chrono::milliseconds(timeout_ms);
  config.read_timeout = std::chrono::milliseconds(timeout_ms);
  config.max_attempts = 1;  // a doctor reports what happens, it does not insist
  config.user_agent += " (check)";
  const pixverse::Outcome out = pixverse::Client(config).get(std::string(tool_row("get_balance").path));
  if (out.error && (out.error->kind == pixverse::ErrorKind::network)) {
    report.fail("PixVerse reachable: no, " + out.error->api_message);
    report.skipped("key accepted: not checked (PixVerse not reachable)");
    return;
  }
  if (out.error && out.error->kind == pixverse::ErrorKind::protocol) {
    report.fail("PixVerse reachable: " + s.base_url + " answered, but not as the PixVerse API does (" +
                out.error->summary() + "); check PIXVERSE_BASE_URL");
    report.skipped("key accepted: not checked");
    return;
  }
  report.ok("PixVerse reachable: " + s.base_url + " answers");
  if (s.api_key.empty()) {
    report.skipped("key accepted: not checked (no key)");
    return;
  }
  if (out.error) {
    report.fail(out.error->kind == pixverse::ErrorKind::auth
                    ? "key accepted: no, PixVerse refused the key (" + out.error->summary() +
                          "); copy it again from the PixVerse Platform's API keys page"
                    : "key accepted: unknown, " + out.error->summary());
    return;
  }
  const auto balance = pixverse::read_balance(out.resp);
  if (!balance) {
    report.fail("key accepted: PixVerse answered, but its balance could not be read (trace id " + out.trace_id + ")");
    return;
  }
  report.ok("key accepted: " + grouped(balance->credits_total) + " credits (monthly " +
            grouped(balance->credit_monthly) + ", package " + grouped(balance->credit_package) + ")");
}

// The tools a host will list (PIXVERSE_TOOLSETS) and what their definitions take of a model's
// context, counted as tool_definitions_chars() does. Information, never a failure.
void report_tools(const Settings& s, Report& report) {
  auto services = std::make_shared<Services>(
      Services{s, pixverse::Client(pixverse::ClientConfig{}), RegistryHandle::unavailable("not opened (--check)")});
  const nlohmann::json tools = published_tools(services);
  std::string groups;
  for (Toolset set : s.toolsets) groups += (groups.empty() ? "" : ", ") + std::string(to_string(set));
  const std::size_t chars = tool_definitions_chars(tools);
  report.ok("tools: " + std::to_string(tools.at("tools").size()) + " of " + std::to_string(tool_table().size()) + " (" +
            groups + "), " + grouped(static_cast<std::int64_t>(chars)) + " characters of definitions (about " +
            grouped(static_cast<std::int64_t>(chars / 4)) + " tokens)");
  if (s.toolsets_status_added)
    report.note("note: status joined the chosen toolsets: job results point to get_video_status and get_image_status");
}

// With --http: where it would listen and who could reach it. Binding is not tried (a running
// server may hold the port).
void check_http(const Settings& s, Report& report) {
  if (!s.serves_http()) return;
  std::string problem;
  auto address = http::parse_listen_address(s.http_listen, problem);
  if (!address) {
    report.fail("HTTP: PIXVERSE_HTTP_LISTEN (or --http): " + problem);
    return;
  }
  const bool loopback = common::is_loopback_host(address->host);
  const std::string where = "HTTP: http://" + s.http_listen + "/mcp, " + (loopback ? "loopback only" : "NOT loopback") +
                            ", " + (s.http_token.empty() ? "no bearer token" : "bearer token set (not shown)");
  if (!loopback && s.http_token.empty())
    report.fail(where +
                ": anyone who reaches it spends your credits; set PIXVERSE_HTTP_TOKEN, or bind 127.0.0.1 "
                "behind a TLS proxy");
  else report.ok(where);
  if (s.input_dirs.empty())
    report.note(
        "note: over HTTP no local file is read for a caller (media by URL or data: URI), unless "
        "PIXVERSE_INPUT_DIRS names folders");
}

}  // namespace

int run_check(const Settings& s, std::ostream& out, int network_timeout_ms) {
  Report report(out);
  out << "pixverse-mcp " << PIXVERSE_MCP_VERSION_STRING << " --check: the configuration as a host's start reads it\n";
  if (s.problems.empty()) report.ok("configuration: read without problems");
  for (const auto& p : s.problems) report.fail("configuration: " + p);
  for (const auto& w : s.warnings) report.note("note: " + w);
  report_tools(s, report);

  if (s.api_key.empty())
    report.fail("API key: not set (set PIXVERSE_API_KEY in the host's configuration of this server)");
  else report.ok("API key: set (not shown)");

  if (s.base_url.empty() || pixverse::check_base_url(s.base_url)) {
    report.fail("PixVerse API: no usable base URL (see the configuration line above)");
    report.skipped("PixVerse reachable: not checked");
    report.skipped("key accepted: not checked");
  } else {
    report.ok("PixVerse API: " + s.base_url);
    check_tls(s, report);
    check_api(s, network_timeout_ms, report);
  }

  if (std::string why = writable(s.state_dir); !why.empty()) {
    report.fail("job registry folder: " + s.state_dir + ": " + why);
  } else {
    try {
      JobRegistry registry(s.state_dir, s.base_url, s.api_key);
      report.ok("job registry: " + registry.path() + " (writable)");
    } catch (const std::exception& e) {
      report.fail(std::string("job registry: ") + e.what());
    }
  }
  if (std::string why = writable(s.output_dir); !why.empty())
    report.fail("output folder: " + s.output_dir + ": " + why);
  else report.ok("output folder: " + s.output_dir + " (writable)");
  for (const auto& dir : s.input_dirs) {
    std::error_code ec;
    if (fs::is_directory(dir, ec)) report.ok("input folder: " + dir);
    else report.fail("input folder: " + dir + " is not a folder (PIXVERSE_INPUT_DIRS or --input-dirs)");
  }

  check_http(s, report);

  out << (report.failed() ? "check: FAILED\n" : "check: OK\n");
  return report.failed() ? 1 : 0;
}

}  // namespace app
