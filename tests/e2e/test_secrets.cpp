// Secrets: the API key goes only where it may — https, or plain http to a parsed
// loopback address — and a user behind a TLS-inspecting proxy can trust its CA with
// PIXVERSE_CA_BUNDLE. Through the real binary.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "../support/tls_balance_server.h"
#include "e2e_fixture.h"

using namespace e2e;

namespace {

json balance_with(std::map<std::string, std::string> env) {
  env.emplace("PIXVERSE_API_KEY", harness::kSimApiKey);
  env.emplace("PIXVERSE_LOG_LEVEL", "warn");
  env.emplace("PIXVERSE_STATE_DIR", temp_dir("state"));
  harness::McpSession s({PIXVERSE_MCP_PATH, {}, std::move(env), {}, true});
  s.initialize();
  return s.call_tool("get_balance", json::object(), 60s);
}

}  // namespace

TEST_CASE("PIXVERSE_CA_BUNDLE: a proxy's certificate is refused without it and trusted with it", "[secrets][tls]") {
  testsupport::TlsBalanceServer tls;
  const std::string base = tls.base_url();
  json refused = balance_with({{"PIXVERSE_BASE_URL", base}});
  INFO(refused.dump());
  CHECK(refused["isError"] == true);
  CHECK(harness::result_text(refused).find("network error") != std::string::npos);

  json trusted = balance_with({{"PIXVERSE_BASE_URL", base}, {"PIXVERSE_CA_BUNDLE", TEST_CERT_DIR "/cert.pem"}});
  INFO(trusted.dump());
  CHECK_FALSE(trusted.value("isError", false));
  CHECK(trusted["structuredContent"]["credits_total"] == 7);
}

TEST_CASE("plain http goes only to a parsed loopback address: hostile names are a configuration error, nothing sent",
          "[secrets][base-url]") {
  for (const char* hostile : {"http://127.evil.example:8080", "http://localhost.evil.example", "http://0x7f.1",
                              "http://127.0.0.1@evil.example", "http://evil.example#@127.0.0.1",
                              "http://127.1:8080"}) {
    json r = balance_with({{"PIXVERSE_BASE_URL", hostile}});
    const std::string text = harness::result_text(r);
    INFO(hostile << " → " << text);
    CHECK(r["isError"] == true);
    CHECK(text.find("Nothing was sent") != std::string::npos);
    CHECK(text.find(harness::kSimApiKey) == std::string::npos);
  }
}

TEST_CASE("the API key appears nowhere: not on stdout, not in the logs at debug level, not in any file left behind",
          "[secrets][key-leak]") {
  const std::string key = "sk-e2e-LEAKCANARY-5f0c2a9d7b";
  harness::SimProcess sim(PIXVERSE_SIM_PATH, {"--api-key", key});
  const std::string state = temp_dir("leak-state"), out = temp_dir("leak-out");
  harness::McpSession s({PIXVERSE_MCP_PATH,
                         {},
                         {{"PIXVERSE_API_KEY", key},
                          {"PIXVERSE_BASE_URL", sim.base_url()},
                          {"PIXVERSE_LOG_LEVEL", "debug"},
                          {"PIXVERSE_STATE_DIR", state},
                          {"PIXVERSE_OUTPUT_DIR", out},
                          {"PIXVERSE_POLL_INTERVAL_MS", "20"}},
                         {},
                         true});
  std::string seen;  // everything the server said, on either stream
  auto drain = [&] { seen += s.process().drain_stderr(50ms); };
  auto call = [&](const std::string& tool, json args) {
    json r = s.request("tools/call", {{"name", tool}, {"arguments", std::move(args)}}, 60s);
    seen += r.dump() + "\n";
    drain();
    return r;
  };
  seen += s.initialize().dump();
  s.notify("notifications/initialized");
  call("get_balance", json::object());
  call("upload_image", {{"file_path", std::string(EXAMPLES_DIR) + "/assets/sunset.png"}});
  json job = call("text_to_video", {{"prompt", "a kite"}, {"wait_seconds", 20}});
  // Faults and failures: the paths where a key would most likely slip into a message.
  const std::string generate = "/openapi/v2/video/text/generate";
  sim.add_fault({{"path", generate}, {"kind", "refuse"}, {"err_code", 500069}, {"times", 3}});
  call("text_to_video", {{"prompt", "refused"}, {"wait_seconds", 0}});
  sim.add_fault({{"path", generate}, {"kind", "http_500"}, {"times", 3}});
  call("text_to_video", {{"prompt", "lost"}, {"wait_seconds", 0}});
  call("list_jobs", {{"recover_job_id", 3}});
  sim.add_fault({{"path", "/openapi/v2/video/result/"}, {"kind", "malformed"}, {"times", 2}});
  call("get_video_status", {{"video_id", job["result"]["structuredContent"]["video_id"]}, {"wait_seconds", 5}});
  call("get_video_status", {{"video_id", "12345"}, {"wait_seconds", 0}});
  sim.add_fault({{"path", "/openapi/v2/account/balance"}, {"kind", "errcode"}, {"err_code", 10005}, {"times", 1}});
  call("get_balance", json::object());
  // An answer that quotes the key back (found by review) is redacted before anyone sees it.
  sim.add_fault({{"path", "/openapi/v2/account/balance"}, {"kind", "errcode"}, {"err_code", 10005},
                 {"err_msg", "API key " + key + " is invalid"}});
  json quoted = call("get_balance", json::object());
  CHECK(harness::result_text(quoted["result"]).find("<API key>") != std::string::npos);
  call("list_jobs", json::object());
  json res = s.request("resources/list");
  seen += res.dump();
  for (const auto& n : s.notifications()) seen += n.dump() + "\n";
  s.process().close_stdin();
  REQUIRE(s.process().wait(10s).has_value());
  seen += s.process().drain_stderr(1s);

  REQUIRE(seen.find("text_to_video") != std::string::npos);  // the log and results are really here
  CHECK(seen.find(key) == std::string::npos);
  // Every file the server left: the registry (and its WAL), downloads.
  int files = 0;
  for (const auto& dir : {state, out})
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file()) continue;
      ++files;
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      INFO(entry.path());
      CHECK(bytes.find(key) == std::string::npos);
    }
  CHECK(files >= 2);  // jobs.sqlite3 and the downloaded video at least
}

TEST_CASE("a key that occurs in the API's own error message is redacted, and the call still answers",
          "[secrets][key-leak]") {
  // A one-letter key occurs in "invalid API key" and in the "<API key>" mark itself: the
  // redaction once searched its own mark again and never ended (found by review).
  harness::SimProcess sim(PIXVERSE_SIM_PATH, {});
  harness::McpSession s({PIXVERSE_MCP_PATH,
                         {},
                         {{"PIXVERSE_API_KEY", "e"},
                          {"PIXVERSE_BASE_URL", sim.base_url()},
                          {"PIXVERSE_LOG_LEVEL", "warn"},
                          {"PIXVERSE_STATE_DIR", temp_dir("one-letter-state")}},
                         {},
                         true});
  s.initialize();
  json r = s.request("tools/call", {{"name", "get_balance"}, {"arguments", json::object()}}, 30s);
  REQUIRE(r.contains("result"));
  CHECK(r["result"]["isError"] == true);
  const std::string text = harness::result_text(r["result"]);
  CHECK(text.find("<API key>") != std::string::npos);
}
