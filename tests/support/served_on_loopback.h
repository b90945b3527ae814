#pragma once
// Runs a test's own httplib::Server (an SSLServer too) on a free port of 127.0.0.1, on a thread
// of its own, from construction to destruction. Bound before the constructor returns, so a
// connection made any time after is answered, not refused. Construct it once the routes are
// set (httplib's routes are not to change while it serves): a std::optional member emplaced at
// the end of the owner's constructor, declared after the server so that it stops first.
#include <httplib.h>
#include <catch2/catch.hpp>

#include <thread>

namespace testsupport {

class ServedOnLoopback {
 public:
  explicit ServedOnLoopback(httplib::Server& server) : server_(server), port_(server.bind_to_any_port("127.0.0.1")) {
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~ServedOnLoopback() {
    server_.stop();
    thread_.join();
  }
  ServedOnLoopback(const ServedOnLoopback&) = delete;
  ServedOnLoopback& operator=(const ServedOnLoopback&) = delete;

  int port() const { return port_; }

 private:
  httplib::Server& server_;
  int port_;
  std::thread thread_;
};

}  // namespace testsupport
