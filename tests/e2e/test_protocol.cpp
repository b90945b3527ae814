// The MCP lifecycle and JSON-RPC rules, checked on the real binary through real pipes.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>

#include "e2e_fixture.h"
#include "tools/tool_table.h"

using namespace e2e;

// The whole initialize result (server info, capabilities, instructions) is in the golden
// transcripts (tests/golden/basics.golden, revision_2024_11_05.golden).
TEST_CASE("initialize negotiates the protocol version", "[protocol]") {
  for (std::string asked : {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"}) {
    auto s = bare_server();
    json r = s.initialize(asked);
    CHECK(r["protocolVersion"] == asked);
  }
  auto s = bare_server();
  json r = s.initialize("1999-01-01");
  CHECK(r["protocolVersion"] == "2025-11-25");
}

TEST_CASE("initialize without a protocolVersion is invalid params", "[protocol]") {
  auto s = bare_server();
  json r = s.request("initialize", json{{"capabilities", json::object()}});
  CHECK(r["error"]["code"] == -32602);
}

TEST_CASE("ping works before initialize and echoes the id's JSON type", "[protocol]") {
  auto s = bare_server();
  json r = s.await_response(s.send_request("ping", json::object(), json("abc")));
  CHECK(r["id"] == "abc");
  CHECK(r["result"] == json::object());
  json r2 = s.await_response(s.send_request("ping", json::object(), json(7)));
  CHECK(r2["id"].is_number_integer());
}

TEST_CASE("server/discover is answered at once: served with modern _meta, -32602 without", "[protocol]") {
  auto s = bare_server();
  json r = s.request("server/discover", json::object(), 5s);
  CHECK(r["error"]["code"] == -32602);  // it exists only in the modern era, whose requests carry _meta
  r = s.request("server/discover",
                json{{"_meta",
                      {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
                       {"io.modelcontextprotocol/clientCapabilities", json::object()}}}},
                5s);
  CHECK(r["result"]["supportedVersions"] == json::array({"2026-07-28"}));
  s.initialize();  // and a legacy session on the same pipe is still usable afterwards
  CHECK(s.request("ping")["result"] == json::object());
}

TEST_CASE("malformed lines and invalid requests get the spec's errors", "[protocol]") {
  auto s = bare_server();
  s.initialize();
  s.send_raw("this is not json");
  auto parse = s.next_message(5s);
  REQUIRE(parse);
  CHECK((*parse)["error"]["code"] == -32700);
  CHECK_FALSE(parse->contains("id"));

  s.send_raw(R"({"jsonrpc":"2.0","id":5})");
  auto invalid = s.next_message(5s);
  REQUIRE(invalid);
  CHECK((*invalid)["error"]["code"] == -32600);
  CHECK((*invalid)["id"] == 5);

  s.send_raw(R"({"jsonrpc":"1.0","id":6,"method":"ping"})");
  CHECK((*s.next_message(5s))["error"]["code"] == -32600);

  s.send_raw(R"({"jsonrpc":"2.0","id":null,"method":"ping"})");
  auto null_id = s.next_message(5s);
  CHECK((*null_id)["error"]["code"] == -32600);
  CHECK_FALSE(null_id->contains("id"));

  s.send_raw(R"([{"jsonrpc":"2.0","id":8,"method":"ping"}])");
  CHECK((*s.next_message(5s))["error"]["code"] == -32600);

  CHECK(s.request("tools/call", json{{"name", "no_such_tool"}})["error"]["code"] == -32602);
  CHECK(s.request("tools/call", json{{"arguments", json::object()}})["error"]["code"] == -32602);
  CHECK(s.request("logging/setLevel", json{{"level", "loud"}})["error"]["code"] == -32602);
  CHECK(s.request("logging/setLevel", json{{"level", "debug"}})["result"] == json::object());
  CHECK(s.request("tools/list", json{{"cursor", "bogus"}})["error"]["code"] == -32602);
}

TEST_CASE("notifications get no answer, not even an error", "[protocol]") {
  auto s = bare_server();
  s.initialize();
  s.notify("notifications/initialized");
  s.notify("notifications/cancelled", json{{"requestId", 999}});
  s.notify("notifications/unknown_thing");
  s.send_raw(R"({"jsonrpc":"2.0","method":"notifications/with_bad_version","params":[]})");
  // The next line must be the ping's answer: nothing was written for the notifications.
  s.send_request("ping", json::object(), json("after"));
  auto next = s.next_message(5s);
  REQUIRE(next);
  CHECK((*next)["id"] == "after");
}

TEST_CASE("a CRLF line is accepted and an over-long line is refused without breaking the stream", "[protocol]") {
  auto s = bare_server();
  s.send_raw(R"({"jsonrpc":"2.0","id":1,"method":"ping"})" "\r");
  CHECK((*s.next_message(5s))["id"] == 1);
  std::string huge = R"({"jsonrpc":"2.0","id":2,"method":"ping","params":{"pad":")" + std::string(81u << 20, 'x') + "\"}}";
  s.send_raw(huge);
  auto refused = s.next_message(20s);
  REQUIRE(refused);
  CHECK((*refused)["error"]["code"] == -32600);
  CHECK((*refused)["error"]["message"].get<std::string>().find("too long") != std::string::npos);
  CHECK((*refused)["id"] == 2);  // read from the line's first bytes: the client is not left waiting
  CHECK(s.request("ping")["result"] == json::object());
}

TEST_CASE("the server exits with status 0 promptly when stdin closes", "[protocol]") {
  auto s = bare_server();
  s.initialize();
  s.process().close_stdin();
  auto status = s.process().wait(5s);
  REQUIRE(status);
  CHECK(*status == 0);
}

TEST_CASE("stdout carries only JSON-RPC messages", "[protocol]") {
  auto s = bare_server({{"PIXVERSE_LOG_LEVEL", "trace"}});
  s.initialize();
  s.request("tools/list");
  s.call_tool("get_balance", json::object());  // fails: no key; logs at trace level go to stderr
  s.process().close_stdin();
  // Every remaining stdout line must be a JSON object with "jsonrpc":"2.0".
  while (auto line = s.process().read_line(5s)) {
    json j = json::parse(*line, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    CHECK(j["jsonrpc"] == "2.0");
  }
  std::string err = s.process().drain_stderr(2s);
  CHECK(err.find("starting") != std::string::npos);  // the logs went to stderr
}

namespace {

// Pipes examples/<file> into a server without a key, closes stdin, and returns every answer it
// wrote, by the dump of its id.
std::map<std::string, json> piped_session_answers(const std::string& file) {
  auto s = bare_server();
  std::ifstream in(std::string(EXAMPLES_DIR) + "/" + file);
  REQUIRE(in);
  std::string line;
  while (std::getline(in, line)) s.send_raw(line);
  s.process().close_stdin();
  std::map<std::string, json> by_id;
  while (auto msg = s.next_message(10s))
    if (msg->contains("id")) by_id[(*msg)["id"].dump()] = *msg;
  return by_id;
}

}  // namespace

TEST_CASE("the README's piped 2026-07-28 session answers every request in that revision's form", "[protocol][docs]") {
  auto by_id = piped_session_answers("protocol_session_2026.jsonl");
  REQUIRE(by_id.size() == 5);
  CHECK(by_id["1"]["result"]["supportedVersions"] == json::array({"2026-07-28"}));
  CHECK(by_id["2"]["result"]["tools"].size() == app::tool_table().size());
  CHECK(by_id["2"]["result"]["cacheScope"] == "public");
  CHECK(by_id["3"]["result"]["isError"] == true);
  CHECK(harness::result_text(by_id["3"]["result"]).find("5 or 8") != std::string::npos);
  CHECK(harness::result_text(by_id["4"]["result"]).find("PIXVERSE_API_KEY") != std::string::npos);
  for (const char* id : {"1", "2", "3", "4"}) CHECK(by_id[id]["result"]["resultType"] == "complete");
  CHECK(by_id["\"x\""]["error"]["code"] == -32601);
}

TEST_CASE("the README's piped example session answers every request", "[protocol][docs]") {
  auto by_id = piped_session_answers("protocol_session.jsonl");
  REQUIRE(by_id.size() == 5);  // ids 1, 2, 3, 4 and "x"; the notification got nothing
  CHECK(by_id["1"]["result"]["protocolVersion"] == "2025-11-25");
  CHECK(by_id["2"]["result"]["tools"].size() == app::tool_table().size());
  CHECK(by_id["3"]["result"]["isError"] == true);
  CHECK(harness::result_text(by_id["3"]["result"]).find("5 or 8") != std::string::npos);
  CHECK(harness::result_text(by_id["4"]["result"]).find("PIXVERSE_API_KEY") != std::string::npos);
  CHECK(by_id["\"x\""]["result"] == json::object());
}
