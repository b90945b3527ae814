// Secrets (issue 11): the API key goes only where it may — https, or plain http to a parsed
// loopback address — and a user behind a TLS-inspecting proxy can trust its CA with
// PIXVERSE_CA_BUNDLE. Through the real binary.
#include <catch2/catch.hpp>
#include <httplib.h>

#include <thread>

#include "e2e_fixture.h"

using namespace e2e;

namespace {

// An https PixVerse stand-in on 127.0.0.1 with the build's self-signed certificate.
struct TlsBalance {
  httplib::SSLServer server{TEST_CERT_DIR "/cert.pem", TEST_CERT_DIR "/key.pem"};
  std::thread listener;
  int port = 0;
  TlsBalance() {
    REQUIRE(server.is_valid());
    server.Get("/openapi/v2/account/balance", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"ErrCode":0,"ErrMsg":"success","Resp":{"credit_monthly":3,"credit_package":4}})",
                      "application/json");
    });
    port = server.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    listener = std::thread([this] { server.listen_after_bind(); });
  }
  ~TlsBalance() {
    server.stop();
    listener.join();
  }
};

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
  TlsBalance tls;
  const std::string base = "https://127.0.0.1:" + std::to_string(tls.port);
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
