// The client reads at most pixverse::kMaxAnswerBytes of an answer: an in-process HTTP server on
// 127.0.0.1 answers with bodies just under and over the cap, announced by Content-Length or
// chunked (no length up front), and the client stops receiving past it. The same server checks
// that GET queries and multipart uploads still arrive as sent.
#include <catch2/catch.hpp>
#include <httplib.h>

#include <atomic>
#include <mutex>
#include <optional>

#include "../support/served_on_loopback.h"
#include "pixverse/client.h"
#include "pixverse/envelope.h"

namespace {

const std::string kHead = R"({"ErrCode":0,"ErrMsg":"success","Resp":{"pad":")";
const std::string kTail = "\"}}";

// A success envelope of exactly `size` bytes.
std::string envelope_of_size(std::size_t size) { return kHead + std::string(size - kHead.size() - kTail.size(), 'x') + kTail; }

class Server {
 public:
  Server() {
    server_.Get("/fits", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(envelope_of_size(pixverse::kMaxAnswerBytes), "application/json");
    });
    server_.Get("/announced", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(envelope_of_size(pixverse::kMaxAnswerBytes + 1), "application/json");
    });
    // Chunked, 64 KiB at a time, until the client hangs up (or 64 MiB): no length up front.
    server_.Get("/endless", [this](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("application/json", [this](std::size_t offset, httplib::DataSink& sink) {
        const std::string chunk = offset == 0 ? kHead + std::string(65536, 'x') : std::string(65536, 'x');
        if (offset > (64u << 20)) {
          sink.done();
          return true;
        }
        sent_ = offset + chunk.size();
        return sink.write(chunk.data(), chunk.size());
      });
    });
    server_.Get("/query", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(nlohmann::json{{"ErrCode", 0}, {"Resp", {{"a", req.get_param_value("a")}, {"b", req.get_param_value("b")}}}}.dump(),
                      "application/json");
    });
    server_.Post("/upload", [](const httplib::Request& req, httplib::Response& res) {
      nlohmann::json files = nlohmann::json::object();
      for (const auto& [name, file] : req.files)
        files[name] = {{"content", file.content}, {"filename", file.filename}, {"type", file.content_type}};
      res.set_content(nlohmann::json{{"ErrCode", 0}, {"Resp", files}}.dump(), "application/json");
    });
    server_.Post("/json", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(nlohmann::json{{"ErrCode", 0}, {"Resp", {{"body", req.body}, {"type", req.get_header_value("Content-Type")}}}}.dump(),
                      "application/json");
    });
    serving_.emplace(server_);
  }
  pixverse::Client client() const {
    pixverse::ClientConfig config;
    config.base_url = "http://127.0.0.1:" + std::to_string(serving_->port());
    config.api_key = "k";
    config.max_attempts = 1;
    return pixverse::Client(config);
  }
  std::size_t sent() const { return sent_; }

 private:
  httplib::Server server_;
  std::atomic<std::size_t> sent_{0};
  std::optional<testsupport::ServedOnLoopback> serving_;  // last: stops first
};

}  // namespace

TEST_CASE("client: an answer of exactly 8 MiB is read", "[client][bounds]") {
  Server server;
  auto out = server.client().get("/fits");
  REQUIRE(out.ok());
  CHECK(out.resp["pad"].get_ref<const std::string&>().size() == pixverse::kMaxAnswerBytes - kHead.size() - kTail.size());
}

TEST_CASE("client: an answer announced larger than 8 MiB is not read", "[client][bounds]") {
  Server server;
  auto out = server.client().get("/announced");
  REQUIRE_FALSE(out.ok());
  CHECK(out.error->http_status == 200);
  CHECK(out.error->kind == pixverse::ErrorKind::protocol);
  CHECK(out.error->answer == pixverse::Answer::lost);  // like any unreadable 2xx: PixVerse may have acted
  CHECK(out.error->api_message.find("larger than 8 MiB") != std::string::npos);
}

TEST_CASE("client: a chunked answer is cut off at 8 MiB", "[client][bounds]") {
  Server server;
  auto out = server.client().get("/endless");
  REQUIRE_FALSE(out.ok());
  CHECK(out.error->http_status == 200);
  CHECK(out.error->api_message.find("larger than 8 MiB") != std::string::npos);
  CHECK(server.sent() < (16u << 20));  // the client hung up soon after the cap
}

TEST_CASE("client: queries, JSON bodies and multipart uploads arrive as sent", "[client][bounds]") {
  Server server;
  const pixverse::Client client = server.client();
  auto query = client.get("/query", {{"a", "1 2&3"}, {"b", "é"}});
  REQUIRE(query.ok());
  CHECK(query.resp == nlohmann::json{{"a", "1 2&3"}, {"b", "é"}});

  auto json = client.post_json("/json", {{"x", 1}}, "");
  REQUIRE(json.ok());
  CHECK(json.resp["body"] == "{\"x\":1}");
  CHECK(json.resp["type"] == "application/json");

  const std::string bytes("PNG\0\r\n--x\r\nend", 14);  // a NUL and a line that looks like a boundary
  auto upload = client.post_multipart("/upload", {{"image", bytes, "a.png", "image/png"}, {"note", "hi", "", ""}}, "");
  REQUIRE(upload.ok());
  CHECK(upload.resp["image"]["content"] == bytes);
  CHECK(upload.resp["image"]["filename"] == "a.png");
  CHECK(upload.resp["image"]["type"] == "image/png");
  CHECK(upload.resp["note"]["content"] == "hi");
}
