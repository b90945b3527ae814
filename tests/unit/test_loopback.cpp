// The one loopback check (common/loopback.h), which decides where the server may send the API
// key over plain http and where the simulator may bind: by address, never by a name's spelling.
#include <catch2/catch.hpp>

#include <string>

#include "common/loopback.h"

TEST_CASE("loopback: localhost in any case, 127.0.0.0/8 dotted quads, ::1 in any spelling", "[loopback][base-url]") {
  for (const char* host : {"localhost", "LOCALHOST", "LocalHost", "127.0.0.1", "127.255.255.254", "127.8.9.10",
                           "127.0.0.0", "::1", "[::1]", "0:0:0:0:0:0:0:1", "[0:0::1]", "::0001"}) {
    INFO(host);
    CHECK(common::is_loopback_host(host));
  }
}

TEST_CASE("loopback: names that only look local, other addresses and odd spellings are not", "[loopback][base-url]") {
  for (const char* host : {"",
                           "0.0.0.0",
                           "localhost.",
                           "localhost.example.com",
                           "my-localhost",
                           "localhos",
                           "127.0.0.1.evil.com",
                           "127.example.com",
                           "127.0.0.1.nip.io",
                           "128.0.0.1",
                           "126.255.255.255",
                           "10.0.0.1",
                           "192.168.1.10",
                           "127.1",
                           "0x7f.0.0.1",
                           "0177.0.0.1",
                           "127.0.0.01",
                           "127.0.0.256",
                           " 127.0.0.1",
                           "127.0.0.1 ",
                           "+127.0.0.1",
                           "[127.0.0.1]",
                           "::",
                           "::2",
                           "[::2]",
                           "::ffff:127.0.0.1",
                           "[::ffff:127.0.0.1]",
                           "::1%lo",
                           "[::1",
                           "::1]",
                           "[[::1]]",
                           "[localhost]",
                           "example.com"}) {
    INFO('"' << host << '"');
    CHECK_FALSE(common::is_loopback_host(host));
  }
  // A NUL inside must not let "127.0.0.1" stand for the whole text.
  CHECK_FALSE(common::is_loopback_host(std::string("127.0.0.1\0.evil.com", 19)));
  CHECK_FALSE(common::is_loopback_host(std::string(100, '1')));
}
