// TLS verification is on: an https server whose certificate the system CA store does not
// trust is refused, with a network error that names the cause.
#include <catch2/catch.hpp>
#include <httplib.h>

#include <thread>

#include "pixverse/client.h"

TEST_CASE("client: https with an untrusted certificate is refused", "[client][tls]") {
  httplib::SSLServer server(TEST_CERT_DIR "/cert.pem", TEST_CERT_DIR "/key.pem");
  REQUIRE(server.is_valid());
  server.Get("/openapi/v2/account/balance", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"ErrCode":0,"ErrMsg":"success","Resp":{"credit_monthly":1,"credit_package":2}})",
                    "application/json");
  });
  int port = server.bind_to_any_port("127.0.0.1");
  REQUIRE(port > 0);
  std::thread listener([&] { server.listen_after_bind(); });

  pixverse::ClientConfig config;
  config.base_url = "https://127.0.0.1:" + std::to_string(port);
  config.api_key = "k";
  config.retry_backoff = std::chrono::milliseconds(1);
  auto out = pixverse::Client(config).get("/openapi/v2/account/balance");
  server.stop();
  listener.join();

  REQUIRE_FALSE(out.ok());
  CHECK(out.error->kind == pixverse::ErrorKind::network);
  CHECK(out.error->api_message.find("SSLServerVerification") != std::string::npos);
}
