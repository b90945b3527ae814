// How `mcp-harness run` tells a slow server from one that has gone, a server that stops reading
// from one that answers, and catches what a server writes that MCP and JSON-RPC 2.0 forbid.
// The servers are the sh server of harness_fixture.h, told what to say through RAW_FILE and
// INIT_FILE.
#include <catch2/catch.hpp>

#include "harness_fixture.h"

using namespace e2e;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Runs `script` (JSONL) against the sh server, whose "raw" answer is `raw` and, unless empty,
// whose initialize answer is `init`; `extra` goes before "--".
HarnessRun run_with(const std::string& script, const std::string& raw, const std::string& init = "",
                    const std::vector<std::string>& extra = {}) {
  std::string dir = script_folder("s.jsonl", script);
  write_file(dir + "/raw.txt", raw);
  HarnessOptions options;
  options.env["RAW_FILE"] = dir + "/raw.txt";
  if (!init.empty()) {
    write_file(dir + "/init.txt", init);
    options.env["INIT_FILE"] = dir + "/init.txt";
  }
  std::vector<std::string> args{"run", "s.jsonl", "--junit", "report.xml"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.insert(args.end(), {"--", "./tiny-mcp.sh"});
  HarnessRun r = run_harness(args, dir, options);
  r.err += "\n--- report.xml\n" + read_file(dir + "/report.xml");
  return r;
}

}  // namespace

TEST_CASE("a step whose answer does not come in time is a timeout, not an exit: retries go on, later steps run",
          "[harness]") {
  // shy ignores its first call: the first attempt times out, the second is answered.
  HarnessRun retried = run_with(R"({"tool": "shy", "arguments": {}, "timeout_ms": 1000, "retry": {"max_attempts": 3}})" "\n", "");
  INFO(retried.out << retried.err);
  CHECK(retried.status == 0);
  CHECK(has(retried.out, "… not yet: no answer within 1000 ms; trying again"));
  CHECK(has(retried.out, "← [2/3] shy 2"));
  CHECK_FALSE(has(retried.out, "closed its output"));

  HarnessRun timed_out = run_with(R"({"tool": "shy", "timeout_ms": 300}
{"say": "still alive", "method": "ping", "expect": {"equals": {"/result": {}}}}
)", "");
  INFO(timed_out.out << timed_out.err);
  CHECK(timed_out.status == 1);
  CHECK(has(timed_out.out, "✗ no answer within 300 ms\n"));
  CHECK(has(timed_out.out, "2. still alive\n  → ping\n  ← {}\n"));
  CHECK(has(timed_out.out, "2 steps: 1 passed, 1 failed, 0 skipped"));
}

TEST_CASE("a server that stops reading its input cannot stall the harness: the request is not sent in time",
          "[harness]") {
  std::string dir = script_folder("big.jsonl", R"({"tool": "echo", "arguments": {"big": ")" + std::string(1 << 20, 'x') +
                                                   R"("}, "timeout_ms": 2000}
{"method": "ping", "timeout_ms": 500}
)");
  HarnessOptions options;
  options.env["DEAF"] = dir + "/never";  // answers initialize, then never reads again
  options.timeout = std::chrono::seconds(60);
  HarnessRun r = run_harness({"run", "big.jsonl", "--", "./tiny-mcp.sh"}, dir, options);
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK(has(r.out, "✗ could not send the request within 2000 ms"));
  // The rest of the first request still comes first in the pipe, so the second cannot go either.
  CHECK(has(r.out, "✗ could not send the request within 500 ms"));
  CHECK(has(r.out, "2 steps: 0 passed, 2 failed, 0 skipped"));
}

TEST_CASE("what a server must not write fails the step in progress, naming it and showing the line", "[harness]") {
  struct Case {
    const char* what;
    std::string raw;      // the server's answer to the step {"method": "raw"}
    std::string message;  // part of the ✗ line
  };
  const std::string ok = R"({"jsonrpc":"2.0","id":@ID@,"result":{}})" "\n";
  const Case cases[] = {
      {"no jsonrpc", R"({"id":@ID@,"result":{}})" "\n", R"(protocol violation: a message without "jsonrpc": "2.0": {"id":2,"result":{}})"},
      {"wrong jsonrpc", R"({"jsonrpc":"1.0","id":@ID@,"result":{}})" "\n", R"(protocol violation: a message without "jsonrpc": "2.0": {"jsonrpc":"1.0","id":2,"result":{}})"},
      {"a number", "42\n" + ok, "protocol violation: not a JSON-RPC message (a number): 42"},
      {"a string", "\"str\"\n" + ok, "protocol violation: not a JSON-RPC message (a string): \"str\""},
      {"null", "null\n" + ok, "protocol violation: not a JSON-RPC message (null): null"},
      {"empty array", "[]\n" + ok, "protocol violation: an empty array, which is not a JSON-RPC message: []"},
      {"batch", "[" + ok.substr(0, ok.size() - 1) + "]\n",
       R"(protocol violation: a JSON-RPC batch (an array), which protocol 2025-11-25 does not allow: [{"jsonrpc":"2.0","id":2,"result":{}}])"},
      {"null id", R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}})" "\n",
       "protocol violation: an error with id null (the server could not read a request): {\"jsonrpc\":\"2.0\",\"id\":null"},
      {"never sent", R"({"jsonrpc":"2.0","id":999,"result":{}})" "\n" + ok,
       R"(protocol violation: an answer to id 999, which mcp-harness never sent: {"jsonrpc":"2.0","id":999,"result":{}})"},
      {"not JSON", "hello there\n" + ok, "protocol violation: a line that is not JSON: hello there"},
      {"result and error", R"({"jsonrpc":"2.0","id":@ID@,"result":{},"error":{"code":1,"message":"x"}})" "\n",
       R"(protocol violation: an answer with both "result" and "error")"},
      {"bad error", R"({"jsonrpc":"2.0","id":@ID@,"error":"oops"})" "\n",
       R"(protocol violation: an error that is not {"code": integer, "message": string})"},
      {"long line", std::string(300, 'z') + "\n" + ok, "protocol violation: a line that is not JSON: " + std::string(200, 'z') + "…"},
  };
  for (const auto& c : cases) {
    HarnessRun r = run_with(R"({"say": "odd", "method": "raw"})" "\n" R"({"say": "next", "method": "ping"})" "\n", c.raw);
    INFO(c.what << "\n" << r.out << r.err);
    CHECK(r.status == 1);
    CHECK(has(r.out, "1. odd\n  → raw\n  ✗ " + c.message));
    CHECK(has(r.out, "2 steps: 1 passed, 1 failed, 0 skipped"));  // the server is still there: ping passes
    CHECK(has(r.err, "<testcase classname=\"s.jsonl\" name=\"1. raw — odd\""));
    CHECK(has(r.err, "failures=\"1\""));
  }
}

TEST_CASE("blank lines between messages are tolerated, and a batch is read when the protocol allows it", "[harness]") {
  HarnessRun blank = run_with(R"({"method": "raw", "expect": {"equals": {"/result/n": 1}}})" "\n",
                              "\n\r\n  \t\n" R"({"jsonrpc":"2.0","id":@ID@,"result":{"n":1}})" "\r\n");
  INFO(blank.out << blank.err);
  CHECK(blank.status == 0);
  CHECK(has(blank.out, "1 step: 1 passed, 0 failed, 0 skipped"));

  // 2025-03-26 is the one revision whose transport allows JSON-RPC batches.
  HarnessRun batch = run_with(R"({"method": "raw", "expect": {"equals": {"/result/n": 2}}})" "\n",
                              R"([{"jsonrpc":"2.0","method":"notifications/message","params":{}},{"jsonrpc":"2.0","id":@ID@,"result":{"n":2}}])" "\n",
                              "", {"--protocol-version", "2025-03-26"});
  INFO(batch.out << batch.err);
  CHECK(batch.status == 0);
  CHECK(has(batch.out, "protocol 2025-03-26"));
}

TEST_CASE("a second answer after the last step is a protocol entry of its own in the summary and the report",
          "[harness]") {
  const std::string answer = R"({"jsonrpc":"2.0","id":@ID@,"result":{}})" "\n";
  HarnessRun r = run_with(R"({"method": "raw"})" "\n", answer + answer);
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK(has(r.out, R"(✗ protocol violation: a second answer to request 2: {"jsonrpc":"2.0","id":2,"result":{}})"));
  CHECK(has(r.out, "1 step: 1 passed, 0 failed, 0 skipped; 1 protocol violation outside the steps"));
  CHECK(has(r.out, "run: FAILED"));
  CHECK(has(r.err, R"(name="protocol, after step 1")"));
  CHECK(has(r.err, R"(tests="2" failures="1")"));
}

TEST_CASE("a line longer than 64 MiB is a protocol violation, not read further", "[harness]") {
  HarnessRun r = run_with(R"({"method": "huge", "timeout_ms": 20000})" "\n", "");
  INFO(r.out.substr(0, 2000) << r.err.substr(0, 2000));
  CHECK(r.status == 1);
  CHECK(has(r.out, "✗ protocol violation: a line longer than 64 MiB (not read further): aaaaaaaa"));
  CHECK(r.out.size() < 10000);
}

TEST_CASE("an initialize answer that breaks the MCP lifecycle fails the run before any step", "[harness]") {
  struct Case {
    const char* what;
    std::string init;
    const char* message;
  };
  auto answer = [](const std::string& result) { return R"({"jsonrpc":"2.0","id":@ID@,"result":)" + result + "}\n"; };
  const std::string info = R"("capabilities":{},"serverInfo":{"name":"odd","version":"1"})";
  const Case cases[] = {
      {"empty result", answer("{}"), "protocolVersion is not a string, capabilities is not an object, serverInfo is not an object"},
      {"array result", answer("[1]"), "the initialize result is not an object: [1]"},
      {"no version of serverInfo", answer(R"({"protocolVersion":"2025-11-25","capabilities":{},"serverInfo":{"name":"odd"}})"),
       "serverInfo.version is not a string"},
      {"unknown version", answer(R"({"protocolVersion":"2099-01-01",)" + info + "}"),
       "protocolVersion \"2099-01-01\" is not a known MCP version (2024-11-05, 2025-03-26, 2025-06-18, 2025-11-25)"},
      {"other version", answer(R"({"protocolVersion":"2025-06-18",)" + info + "}"),
       "initialize asked for 2025-11-25, a version MCP knows, and the server answered 2025-06-18"},
      {"no jsonrpc", R"({"id":@ID@,"result":{"protocolVersion":"2025-11-25",)" + info + "}}\n", "a message without \"jsonrpc\": \"2.0\""},
  };
  for (const auto& c : cases) {
    HarnessRun r = run_with(R"({"method": "ping"})" "\n" R"({"method": "ping"})" "\n", "", c.init);
    INFO(c.what << "\n" << r.out << r.err);
    CHECK(r.status == 1);
    CHECK(has(r.out, "✗ initialize: protocol violation: "));
    CHECK(has(r.out, c.message));
    // initialize is not a step: it is reported on its own, and the steps are skipped.
    CHECK(has(r.out, "2 steps: 0 passed, 0 failed, 2 skipped; initialize failed"));
    CHECK(has(r.err, R"(<testcase classname="s.jsonl" name="initialize")"));
  }
  // A version the harness does not know may be answered with any version MCP knows.
  HarnessRun unknown = run_with(R"({"method": "ping"})" "\n", "", "", {"--protocol-version", "1999-01-01"});
  INFO(unknown.out << unknown.err);
  CHECK(unknown.status == 0);
  CHECK(has(unknown.out, "protocol 2025-06-18"));
}
