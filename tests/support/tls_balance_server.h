#pragma once
// An https stand-in for PixVerse's balance endpoint on 127.0.0.1, with the self-signed
// certificate the build makes (TEST_CERT_DIR/cert.pem), for the life of the object: what the
// TLS tests of the client and of the binary connect to. It answers credit_monthly 3 and
// credit_package 4.
#include <catch2/catch.hpp>
#include <httplib.h>

#include <optional>
#include <string>

#include "served_on_loopback.h"

namespace testsupport {

struct TlsBalanceServer {
  httplib::SSLServer server{TEST_CERT_DIR "/cert.pem", TEST_CERT_DIR "/key.pem"};
  std::optional<ServedOnLoopback> serving;  // after the server: stops first

  TlsBalanceServer() {
    REQUIRE(server.is_valid());
    server.Get("/openapi/v2/account/balance", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"ErrCode":0,"ErrMsg":"success","Resp":{"credit_monthly":3,"credit_package":4}})",
                      "application/json");
    });
    serving.emplace(server);
  }

  std::string base_url() const { return "https://127.0.0.1:" + std::to_string(serving->port()); }
};

}  // namespace testsupport
