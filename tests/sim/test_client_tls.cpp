// TLS verification is on: an https server whose certificate the system CA store does not
// trust is refused, with a network error that names the cause — unless a CA bundle
// (ClientConfig::ca_bundle, PIXVERSE_CA_BUNDLE) trusts it, in addition to the system store.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <thread>

#include "../support/env_guard.h"
#include "../support/tls_balance_server.h"
#include "pixverse/client.h"

namespace {

// The balance through pixverse::Client from the shared https stand-in.
struct TlsServer : testsupport::TlsBalanceServer {
  pixverse::Outcome balance(const std::string& ca_bundle = "") const {
    pixverse::ClientConfig config;
    config.base_url = base_url();
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
  CHECK(out.resp["credit_package"] == 4);

  // The system store still counts: with the server's certificate as OpenSSL's default file
  // (SSL_CERT_FILE) and an unrelated bundle, the server is trusted through the defaults.
  pixverse::Outcome via_defaults;
  {
    testsupport::EnvGuard env;
    env.set("SSL_CERT_FILE", TEST_CERT_DIR "/cert.pem");
    via_defaults = tls.balance(TEST_CERT_DIR "/other.pem");
  }
  INFO((via_defaults.ok() ? std::string("ok") : via_defaults.error->message()));
  CHECK(via_defaults.ok());
}
