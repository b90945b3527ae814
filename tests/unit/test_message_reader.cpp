// Reading hostile JSON-RPC lines: Unicode repair, the nesting limit, and id recovery.
#include <catch2/catch.hpp>

#include <string>

#include "mcp/message_reader.h"

using mcp::json;
using mcp::read_message;
using mcp::ReadLine;

namespace {

const std::string kFffd = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// A ping whose params.s is the JSON text `value`.
std::string ping_with(const std::string& value) {
  return R"({"jsonrpc":"2.0","id":7,"method":"ping","params":{"s":)" + value + "}}";
}

// Reads ping_with(value), requires it to be served, and returns params.s.
std::string served_string(const std::string& value, std::size_t replacements) {
  ReadLine r = read_message(ping_with(value));
  REQUIRE_FALSE(r.error);
  CHECK(r.replacements == replacements);
  CHECK(r.message["id"] == 7);
  return r.message["params"]["s"].get<std::string>();
}

enum class Nest { arrays, objects, mixed };

// `levels` nested containers around a 0: [[0]], {"a":{"a":0}}, [{"a":[0]}].
std::string nested(std::size_t levels, Nest kind) {
  auto is_object = [kind](std::size_t i) { return kind == Nest::objects || (kind == Nest::mixed && i % 2 == 1); };
  std::string s;
  s.reserve(levels * 6 + 1);
  for (std::size_t i = 0; i < levels; ++i) s += is_object(i) ? "{\"a\":" : "[";
  s += "0";
  for (std::size_t i = levels; i-- > 0;) s += is_object(i) ? "}" : "]";
  return s;
}

// A ping with id 1 nesting `depth` levels in all: the message and params count as two.
std::string ping_of_depth(std::size_t depth, Nest kind) {
  return R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":)" + nested(depth - 2, kind) + "}}";
}

// Reads `line`, requires it to fail with `code`, and returns the recovered id.
json failed_id(const std::string& line, int code) {
  ReadLine r = read_message(line);
  REQUIRE(r.error);
  CHECK(r.error->code == code);
  return r.error->id;
}

}  // namespace

TEST_CASE("a valid line is read as it is", "[message_reader]") {
  ReadLine r = read_message(R"({"jsonrpc":"2.0","id":"a","method":"tools/list","params":{"cursor":null}})");
  REQUIRE_FALSE(r.error);
  CHECK(r.replacements == 0);
  CHECK(r.message["id"] == "a");
  CHECK(r.message["params"]["cursor"].is_null());
  // The reader reads any JSON value; whether it is a request is the server's business.
  for (std::string value : {"null", "5", "\"text\"", "[1,2]"}) {
    ReadLine other = read_message(value);
    CHECK_FALSE(other.error);
    CHECK(other.message == json::parse(value));
  }
}

TEST_CASE("valid emoji, escaped or raw, are left untouched", "[message_reader]") {
  const std::string fox = "\xF0\x9F\xA6\x8A";  // U+1F98A
  CHECK(served_string(R"("A fox \ud83e\udd8a")", 0) == "A fox " + fox);
  CHECK(served_string(R"("A fox \uD83E\uDD8A")", 0) == "A fox " + fox);
  CHECK(served_string("\"A fox " + fox + "\"", 0) == "A fox " + fox);
  CHECK(served_string(R"("caf\u00e9 \u20ac")", 0) == "caf\xC3\xA9 \xE2\x82\xAC");
  CHECK(served_string("\"caf\xC3\xA9 \xE2\x82\xAC \xEF\xBF\xBF \xF4\x8F\xBF\xBF\"", 0) ==
        "caf\xC3\xA9 \xE2\x82\xAC \xEF\xBF\xBF \xF4\x8F\xBF\xBF");
}

TEST_CASE("lone and mismatched surrogate escapes become U+FFFD and the line is served", "[message_reader]") {
  SECTION("a high surrogate at the end of a string (a prompt cut inside an emoji)") {
    ReadLine r = read_message(
        R"({"jsonrpc":"2.0","id":7,"method":"tools/call",)"
        R"("params":{"name":"x","arguments":{"prompt":"A fox \ud83e"}}})");
    REQUIRE_FALSE(r.error);
    CHECK(r.replacements == 1);
    CHECK(r.message["id"] == 7);
    CHECK(r.message["method"] == "tools/call");
    CHECK(r.message["params"]["arguments"]["prompt"] == "A fox " + kFffd);
  }
  SECTION("a high surrogate mid-string") { CHECK(served_string(R"("a\ud83eb")", 1) == "a" + kFffd + "b"); }
  SECTION("a lone low surrogate, at the start and at the end") {
    CHECK(served_string(R"("\udc00x")", 1) == kFffd + "x");
    CHECK(served_string(R"("x\uDFFF")", 1) == "x" + kFffd);
  }
  SECTION("a reversed pair is two lone surrogates") {
    CHECK(served_string(R"("\udd8a\ud83e")", 2) == kFffd + kFffd);
  }
  SECTION("a high surrogate followed by an escape that is not a low surrogate") {
    CHECK(served_string(R"("\ud83e\u0041")", 1) == kFffd + "A");
    CHECK(served_string(R"("\ud83e\n")", 1) == kFffd + "\n");
    CHECK(served_string(R"("\ud83e\"")", 1) == kFffd + "\"");
  }
  SECTION("two high surrogates then a low one: the first is lone, the second pairs") {
    CHECK(served_string(R"("\ud83e\ud83e\udd8a")", 1) == kFffd + "\xF0\x9F\xA6\x8A");
  }
  SECTION("in a key") {
    ReadLine r = read_message(R"({"jsonrpc":"2.0","id":7,"method":"ping","params":{"k\ud800":1}})");
    REQUIRE_FALSE(r.error);
    CHECK(r.message["params"].contains("k" + kFffd));
  }
  SECTION("an escaped backslash before u is text, not an escape") {
    ReadLine r = read_message(R"({"jsonrpc":"2.0","id":7,"method":"ping","params":{"a":"\\ud83e","b":"\ud83e"}})");
    REQUIRE_FALSE(r.error);
    CHECK(r.replacements == 1);
    CHECK(r.message["params"]["a"] == "\\ud83e");
    CHECK(r.message["params"]["b"] == kFffd);
  }
  SECTION("escaped quotes do not end the string") {
    CHECK(served_string(R"("say \"\ud83e\" now")", 1) == "say \"" + kFffd + "\" now");
  }
}

TEST_CASE("raw bytes that are not UTF-8 become U+FFFD and the line is served", "[message_reader]") {
  CHECK(served_string("\"a\xFF" "b\"", 1) == "a" + kFffd + "b");
  CHECK(served_string("\"\xFE\xFF\"", 2) == kFffd + kFffd);
  SECTION("overlong encodings") {
    CHECK(served_string("\"\xC0\x80\"", 2) == kFffd + kFffd);  // C0 never starts a sequence
    CHECK(served_string("\"\xE0\x80\xAF\"", 3) == kFffd + kFffd + kFffd);
  }
  SECTION("an encoded surrogate (ED A0 80)") {
    CHECK(served_string("\"x\xED\xA0\x80y\"", 3) == "x" + kFffd + kFffd + kFffd + "y");
  }
  SECTION("a truncated 4-byte sequence is one replacement") {
    CHECK(served_string("\"A fox \xF0\x9F\xA6\"", 1) == "A fox " + kFffd);
    CHECK(served_string("\"\xF0\x9F\xA6" "A\"", 1) == kFffd + "A");
  }
  SECTION("a lone continuation byte and a code point above U+10FFFF") {
    CHECK(served_string("\"\x80\"", 1) == kFffd);
    CHECK(served_string("\"\xF4\x90\x80\x80\"", 4) == kFffd + kFffd + kFffd + kFffd);
  }
  SECTION("mixed with a lone surrogate escape") {
    CHECK(served_string("\"\xFF\\ud83e\"", 2) == kFffd + kFffd);
  }
  SECTION("bytes outside strings are not repaired: the line is not JSON") {
    ReadLine r = read_message(std::string(R"({"jsonrpc":"2.0","id":3,"method":"ping"})") + "\xFF");
    REQUIRE(r.error);
    CHECK(r.error->code == mcp::kParseError);
    CHECK(r.error->id == 3);
  }
}

TEST_CASE("nesting is limited to kMaxJsonDepth levels", "[message_reader]") {
  STATIC_REQUIRE(mcp::kMaxJsonDepth == 256);
  for (Nest kind : {Nest::arrays, Nest::objects, Nest::mixed}) {
    for (std::size_t depth : {255u, 256u}) {
      ReadLine r = read_message(ping_of_depth(depth, kind));
      REQUIRE_FALSE(r.error);
      json copy = r.message;  // a copy recurses: fine within the limit
      CHECK(copy == r.message);
      CHECK(r.message.dump().size() > depth);
    }
    for (std::size_t depth : {257u, 200000u}) {
      ReadLine r = read_message(ping_of_depth(depth, kind));
      REQUIRE(r.error);
      CHECK(r.error->code == mcp::kInvalidRequest);
      CHECK(r.error->message.find("nesting deeper than 256 levels") != std::string::npos);
      CHECK(r.error->id == 1);
    }
  }
  SECTION("the top-level object counts: 256 bare arrays pass, 257 do not") {
    CHECK_FALSE(read_message(nested(256, Nest::arrays)).error);
    CHECK(read_message(nested(257, Nest::arrays)).error);
  }
  SECTION("the id after a deep part is recovered") {
    std::string line =
        R"({"jsonrpc":"2.0","method":"ping","params":{"x":)" + nested(200000, Nest::mixed) + R"(},"id":"late"})";
    CHECK(failed_id(line, mcp::kInvalidRequest) == "late");
  }
  SECTION("unclosed brackets count too, with no id to recover") {
    json id = failed_id(std::string(3000000, '['), mcp::kInvalidRequest);
    CHECK(id.is_null());
  }
  SECTION("many shallow containers side by side are fine") {
    std::string many = "[";
    for (int i = 0; i < 100000; ++i) many += i ? ",[[]]" : "[[]]";
    many += "]";
    CHECK_FALSE(read_message(R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":)" + many + "}}").error);
  }
}

TEST_CASE("brackets inside strings do not count as nesting", "[message_reader]") {
  const std::string brackets = std::string(300, '[') + std::string(300, '{');
  CHECK(served_string("\"" + brackets + "\"", 0) == brackets);
  // An escaped quote does not end the string, so the brackets after it are still text.
  CHECK(served_string("\"\\\"" + brackets + "\"", 0) == "\"" + brackets);
  // An escaped backslash does end it: the brackets after the string are real.
  std::string line =
      R"({"jsonrpc":"2.0","id":4,"method":"ping","params":{"a":"\\","b":)" + nested(300, Nest::arrays) + "}}";
  CHECK(failed_id(line, mcp::kInvalidRequest) == 4);
}

TEST_CASE("a broken line is answered with its id when the id can be recovered", "[message_reader]") {
  SECTION("integer and string ids before the broken part") {
    CHECK(failed_id(R"({"jsonrpc":"2.0","id":42,"method":"ping","params":{)", mcp::kParseError) == 42);
    CHECK(failed_id(R"({"jsonrpc":"2.0","id":-5,"method":"ping","params":{)", mcp::kParseError) == -5);
    CHECK(failed_id(R"({"jsonrpc":"2.0", "id" : "abc" ,"method":)", mcp::kParseError) == "abc");
    CHECK(failed_id(R"({"id":18446744073709551615,"x":})", mcp::kParseError) == 18446744073709551615ull);
  }
  SECTION("an escaped string id is decoded") {
    CHECK(failed_id(R"({"jsonrpc":"2.0","id":"a\"b\\c\u00e9}","method":)", mcp::kParseError) == "a\"b\\c\xC3\xA9}");
  }
  SECTION("ids after the broken part") {
    CHECK(failed_id(R"({"jsonrpc":"2.0","method":"ping","params":{"x":tru},"id":9})", mcp::kParseError) == 9);
    CHECK(failed_id(R"({"method":"ping","params":{"x":[1,2,,],"y":"}{]["},"id":"after"})", mcp::kParseError) ==
          "after");
    CHECK(failed_id(R"({"method":"ping","params":{"n":1e999},"id":3})", mcp::kParseError) == 3);
  }
  SECTION("a key spelled with escapes") {
    CHECK(failed_id(R"({"jsonrpc":"2.0","\u0069d":8,"method":)", mcp::kParseError) == 8);
  }
  SECTION("a string id with a lone surrogate is recovered as repaired") {
    CHECK(failed_id(R"({"jsonrpc":"2.0","id":"\ud83e","method":)", mcp::kParseError) == kFffd);
  }
}

TEST_CASE("a NUL byte makes a line malformed: nothing after it is dropped unseen", "[message_reader]") {
  // nlohmann's parser alone stops at a NUL, so this line would read as the ping and the call
  // after it would vanish, unanswered; the line is not JSON, and its first id gets the error.
  const std::string two(std::string(R"({"jsonrpc":"2.0","id":31,"method":"ping"})") + '\0' +
                        R"({"jsonrpc":"2.0","id":32,"method":"tools/list"})");
  CHECK(failed_id(two, mcp::kParseError) == 31);
  CHECK(mcp::parse_json_text(std::string("1") + '\0').is_discarded());
  CHECK(mcp::parse_json_text(R"({"s":"\u0000"})")["s"].get<std::string>() == std::string(1, '\0'));  // escaped: fine
}

TEST_CASE("no id is made up", "[message_reader]") {
  SECTION("an id nested in params is not the request's id") {
    CHECK(failed_id(R"({"jsonrpc":"2.0","method":"tools/call","params":{"id":5,"x":})", mcp::kParseError).is_null());
    CHECK(failed_id(R"({"jsonrpc":"2.0","params":[{"id":5}],"x":})", mcp::kParseError).is_null());
    CHECK(failed_id(R"({"jsonrpc":"2.0",{"id":5},"x":})", mcp::kParseError).is_null());  // a stray object
  }
  SECTION("\"id\" as a value, or inside a string, is not a key") {
    CHECK(failed_id(R"({"method":"id":7,"x":})", mcp::kParseError).is_null());
    CHECK(failed_id(R"({"note":"\"id\":7","x":})", mcp::kParseError).is_null());
    CHECK(failed_id(R"(["id":7,)", mcp::kParseError).is_null());
  }
  SECTION("ids that are not a string or an integer") {
    for (std::string value : {"null", "true", "1.5", "2e3", "{}", "[1]", "123456789012345678901234567890"})
      CHECK(failed_id(R"({"jsonrpc":"2.0","id":)" + value + R"(,"x":})", mcp::kParseError).is_null());
  }
  SECTION("the first id member decides") {
    CHECK(failed_id(R"({"id":null,"id":5,"x":})", mcp::kParseError).is_null());
  }
  SECTION("an id cut off by the end of the line") {
    CHECK(failed_id(R"({"jsonrpc":"2.0","id":12)", mcp::kParseError).is_null());
    CHECK(failed_id(R"({"jsonrpc":"2.0","id":"ab)", mcp::kParseError).is_null());
    CHECK(failed_id(R"({"jsonrpc":"2.0","id":)", mcp::kParseError).is_null());
  }
  SECTION("no id at all, an empty line, a lone brace, garbage") {
    CHECK(failed_id(R"({"jsonrpc":"2.0","method":"ping",)", mcp::kParseError).is_null());
    CHECK(failed_id("", mcp::kParseError).is_null());
    CHECK(failed_id("{", mcp::kParseError).is_null());
    CHECK(failed_id("}", mcp::kParseError).is_null());
    CHECK(failed_id("this is not json", mcp::kParseError).is_null());
    CHECK(failed_id("\"unterminated", mcp::kParseError).is_null());
  }
}

TEST_CASE("huge numbers", "[message_reader]") {
  SECTION("an integer beyond 64 bits is read as a float") {
    ReadLine r = read_message(ping_with("123456789012345678901234567890"));
    REQUIRE_FALSE(r.error);
    CHECK(r.message["params"]["s"].is_number_float());
  }
  SECTION("an id beyond 64 bits is read, as a float the server will refuse") {
    ReadLine r = read_message(R"({"jsonrpc":"2.0","id":123456789012345678901234567890,"method":"ping"})");
    REQUIRE_FALSE(r.error);
    CHECK_FALSE(mcp::is_valid_request_id(r.message["id"]));
  }
  SECTION("a float that overflows is not JSON nlohmann reads: -32700 with the id") {
    ReadLine r = read_message(ping_with("1e999999"));
    REQUIRE(r.error);
    CHECK(r.error->code == mcp::kParseError);
    CHECK(r.error->id == 7);
  }
  SECTION("a number of a million digits") {
    ReadLine r = read_message(ping_with(std::string(1000000, '9')));
    if (r.error)
      CHECK(r.error->id == 7);
    else
      CHECK(r.message["params"]["s"].is_number());
  }
}
