// TLS verification is on: an https server whose certificate the system CA store does not
// trust is refused, with a network error that names the cause — unless a CA bundle
// (ClientConfig::ca_bundle, PIXVERSE_CA_BUNDLE) trusts it, in addition to the system store.
#include <catch2/catch.hpp>
#include <httplib.h>

#include <cstdlib>
#include <thread>

#include "pixverse/client.h"

namespace {

// An https balance endpoint on 127.0.0.1 with the self-signed cert.pem, for the life of the object.
struct TlsServer {
  httplib::SSLServer server{TEST_CERT_DIR "/cert.pem", TEST_CERT_DIR "/key.pem"};
  std::thread listener;
  int port = 0;
  TlsServer() {
    REQUIRE(server.is_valid());
    server.Get("/openapi/v2/account/balance", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"ErrCode":0,"ErrMsg":"success","Resp":{"credit_monthly":1,"credit_package":2}})",
                      "application/json");
    });
    port = server.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    listener = std::thread([this] { server.listen_after_bind(); });
  }
  ~TlsServer() {
    server.stop();
    listener.join();
  }
  pixverse::Outcome balance(const std::string& ca_bundle = "") const {
    pixverse::ClientConfig config;
    config.base_url = "https://127.0.0.1:" + std::to_string(port);
    config.api_key = "k";
    config.retry_backoff = std::chrono::milliseconds(1);
    config.ca_bundle = ca_bundle;
    return pixverse::Client(config).get("/openapi/v2/account/balance");
  }
};

}  // namespace

TEST_CASE("client: https with an untrusted certificate is refused", "[client][tls]") {
  TlsServer tls;
  auto out = tls.balance();
  REQUIRE_FALSE(out.ok());
  CHECK(out.error->kind == pixverse::ErrorKind::network);
  CHECK(out.error->api_message.find("SSLServerVerification") != std::string::npos);
  // A bundle of some other CA does not make it trusted either.
  CHECK_FALSE(tls.balance(TEST_CERT_DIR "/other.pem").ok());
  CHECK_FALSE(tls.balance("/nonexistent/ca.pem").ok());
}

TEST_CASE("client: a CA bundle trusts its certificates, besides the system store", "[client][tls]") {
  TlsServer tls;
  auto out = tls.balance(TEST_CERT_DIR "/cert.pem");
  INFO((out.ok() ? std::string("ok") : out.error->message()));
  REQUIRE(out.ok());
  CHECK(out.resp["credit_package"] == 2);

  // The system store still counts: with the server's certificate as OpenSSL's default file
  // (SSL_CERT_FILE) and an unrelated bundle, the server is trusted through the defaults.
  const char* before = std::getenv("SSL_CERT_FILE");
  const std::string saved = before ? before : "";
  ::setenv("SSL_CERT_FILE", TEST_CERT_DIR "/cert.pem", 1);
  auto via_defaults = tls.balance(TEST_CERT_DIR "/other.pem");
  if (before) ::setenv("SSL_CERT_FILE", saved.c_str(), 1);
  else ::unsetenv("SSL_CERT_FILE");
  INFO((via_defaults.ok() ? std::string("ok") : via_defaults.error->message()));
  CHECK(via_defaults.ok());
}
