#pragma once
// An https stand-in for PixVerse's balance endpoint on 127.0.0.1, with the self-signed
// certificate the build makes (TEST_CERT_DIR/cert.pem), for the life of the object: what the
// TLS tests of the client and of the binary connect to. It answers credit_monthly 3 and
// credit_package 4.
#include <catch2/catch.hpp>
#include <httplib.h>

#include <thread>

namespace testsupport {

struct TlsBalanceServer {
  httplib::SSLServer server{TEST_CERT_DIR "/cert.pem", TEST_CERT_DIR "/key.pem"};
  std::thread listener;
  int port = 0;

  TlsBalanceServer() {
    REQUIRE(server.is_valid());
    server.Get("/openapi/v2/account/balance", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"ErrCode":0,"ErrMsg":"success","Resp":{"credit_monthly":3,"credit_package":4}})",
                      "application/json");
    });
    port = server.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    listener = std::thread([this] { server.listen_after_bind(); });
  }
  ~TlsBalanceServer() {
    server.stop();
    listener.join();
  }
  TlsBalanceServer(const TlsBalanceServer&) = delete;
  TlsBalanceServer& operator=(const TlsBalanceServer&) = delete;

  std::string base_url() const { return "https://127.0.0.1:" + std::to_string(port); }
};

}  // namespace testsupport
