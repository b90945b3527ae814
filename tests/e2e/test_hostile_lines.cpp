// Lines real hosts send that are not quite JSON-RPC: each one that carries an id is answered
// with that id, on the real binary through real pipes, and the server keeps serving.
#include <catch2/catch.hpp>

#include <string>

#include "e2e_fixture.h"

using namespace e2e;

namespace {

// The next line must be the answer to `id` (cheap requests are answered in order).
json next_answer(harness::McpSession& s, const json& id) {
  auto msg = s.next_message(10s);
  REQUIRE(msg);
  INFO(msg->dump());
  REQUIRE(msg->contains("id"));
  CHECK((*msg)["id"] == id);
  return *msg;
}

}  // namespace

TEST_CASE("a tools/call whose prompt ends in a lone surrogate is served with its id", "[hostile]") {
  auto s = bare_server();
  s.initialize();
  // A JavaScript host cut the prompt inside an emoji: \ud83e without its low half.
  s.send_raw(R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"text_to_video",)"
             R"("arguments":{"prompt":"A fox secret-marker-5bq1 \ud83e","model":"v5","duration":5}}})");
  json r = s.await_response(json(7), 10s);
  INFO(r.dump());
  REQUIRE(r.contains("result"));  // a tool result, not a protocol error
  CHECK_FALSE(r.contains("error"));
  CHECK(r["result"]["isError"] == true);  // the tool ran: no API key in this test
  CHECK(harness::result_text(r["result"]).find("PIXVERSE_API_KEY") != std::string::npos);

  s.process().close_stdin();
  auto status = s.process().wait(10s);
  REQUIRE(status);
  CHECK(*status == 0);
  std::string err = s.process().drain_stderr(2s);
  CHECK(err.find("U+FFFD") != std::string::npos);                 // the repair is logged...
  CHECK(err.find("secret-marker-5bq1") == std::string::npos);    // ...never the content
}

TEST_CASE("raw bytes that are not UTF-8 in a ping's params are served", "[hostile]") {
  auto s = bare_server();
  s.send_raw(std::string(R"({"jsonrpc":"2.0","id":"utf8","method":"ping","params":{"note":")") +
             "\xFF \xC0\x80 \xED\xA0\x80 \xF0\x9F\xA6" + "\"}}");
  json r = next_answer(s, json("utf8"));
  CHECK(r["result"] == json::object());
}

TEST_CASE("a line nesting 200,000 levels is refused with its id and the server lives on", "[hostile]") {
  auto s = bare_server();
  const std::size_t depth = 200000;
  s.send_raw(R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":)" + std::string(depth, '[') +
             std::string(depth, ']') + "}}");
  json r = next_answer(s, json(1));
  CHECK(r["error"]["code"] == -32600);
  CHECK(r["error"]["message"].get<std::string>().find("256") != std::string::npos);
  // The same with objects, and the id after the deep part.
  std::string objects;
  for (std::size_t i = 0; i < depth; ++i) objects += "{\"a\":";
  objects += "0" + std::string(depth, '}');
  s.send_raw(R"({"jsonrpc":"2.0","method":"ping","params":{"x":)" + objects + R"(},"id":"deep"})");
  CHECK(next_answer(s, json("deep"))["error"]["code"] == -32600);

  s.send_request("ping", json::object(), json("alive"));
  CHECK(next_answer(s, json("alive"))["result"] == json::object());
}

TEST_CASE("a line that is not JSON gets -32700, with its id when one can be recovered", "[hostile]") {
  auto s = bare_server();
  s.send_raw(R"({"jsonrpc":"2.0","id":31,"method":"ping","params":{"a":)");  // truncated
  json truncated = next_answer(s, json(31));
  CHECK(truncated["error"]["code"] == -32700);

  s.send_raw(R"({"jsonrpc":"2.0","method":"ping","params":{"a":tru},"id":"late"})");  // id after the damage
  CHECK(next_answer(s, json("late"))["error"]["code"] == -32700);

  s.send_raw(R"({"jsonrpc":"2.0","method":"ping","params":{"id":5,"a":})");  // only a nested "id"
  auto nested = s.next_message(10s);
  REQUIRE(nested);
  CHECK((*nested)["error"]["code"] == -32700);
  CHECK_FALSE(nested->contains("id"));

  s.send_raw("\x01garbage\xFF{{");
  auto garbage = s.next_message(10s);
  REQUIRE(garbage);
  CHECK((*garbage)["error"]["code"] == -32700);
  CHECK_FALSE(garbage->contains("id"));

  s.send_request("ping", json::object(), json("alive"));
  CHECK(next_answer(s, json("alive"))["result"] == json::object());
}

TEST_CASE("a repaired notification is still never answered", "[hostile]") {
  auto s = bare_server();
  s.send_raw(R"({"jsonrpc":"2.0","method":"notifications/initialized","params":{"x":"\udc00"}})");
  s.send_raw(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"\ud83e"}})");
  s.send_request("ping", json::object(), json("after"));
  json r = next_answer(s, json("after"));  // nothing was written before it
  CHECK(r["result"] == json::object());
}

TEST_CASE("null where a member may be omitted reads as omitted", "[hostile]") {
  auto s = bare_server();
  s.send_raw(R"({"jsonrpc":"2.0","id":1,"method":"ping","params":null})");
  CHECK(next_answer(s, json(1))["result"] == json::object());

  s.send_raw(R"({"jsonrpc":"2.0","id":2,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
             R"("capabilities":{},"clientInfo":{"name":"t","version":"1"},"_meta":null}})");
  CHECK(next_answer(s, json(2))["result"]["protocolVersion"] == "2025-11-25");
  s.send_raw(R"({"jsonrpc":"2.0","method":"notifications/initialized","params":null})");

  s.send_raw(R"({"jsonrpc":"2.0","id":3,"method":"tools/list","params":null})");
  json list = next_answer(s, json(3));
  REQUIRE(list.contains("result"));
  CHECK(list["result"]["tools"].size() > 0);

  s.send_raw(R"({"jsonrpc":"2.0","id":4,"method":"ping","params":{"_meta":null}})");
  CHECK(next_answer(s, json(4))["result"] == json::object());

  s.send_raw(R"({"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"get_balance","arguments":{},)"
             R"("_meta":null,"task":null}})");
  json call = s.await_response(json(5), 10s);
  INFO(call.dump());
  REQUIRE(call.contains("result"));
  CHECK(harness::result_text(call["result"]).find("PIXVERSE_API_KEY") != std::string::npos);

  // A present params of the wrong type is still refused.
  s.send_raw(R"({"jsonrpc":"2.0","id":6,"method":"ping","params":7})");
  CHECK(next_answer(s, json(6))["error"]["code"] == -32602);
}

TEST_CASE("ids found by review: a float id is echoed, a whole message padded past the line limit keeps its id",
          "[hostile]") {
  auto s = bare_server();
  s.send_raw(R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})");
  json r = next_answer(s, json(1.5));
  CHECK(r["error"]["code"] == -32600);
  s.send_raw(R"({"jsonrpc":"2.0","id":true,"method":"ping"})");  // not an id at all: answered without one
  auto no_id = s.next_message(10s);
  REQUIRE(no_id);
  CHECK((*no_id)["error"]["code"] == -32600);
  CHECK(no_id->value("id", json()).is_null());
  // 81 MiB of spaces after a complete ping: the line is too long, and its head is a message.
  s.send_raw(R"({"jsonrpc":"2.0","id":31,"method":"ping"})" + std::string(81u << 20, ' '));
  json big = next_answer(s, json(31));
  CHECK(big["error"]["code"] == -32600);
  s.send_request("ping", json::object(), json("alive"));
  CHECK(next_answer(s, json("alive"))["result"] == json::object());
}
