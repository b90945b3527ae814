// Each kind of expectation of `mcp-harness run`, holding and failing, against the sh server
// of harness_fixture.h.
#include <catch2/catch.hpp>

#include "harness_fixture.h"

using namespace e2e;

TEST_CASE("every kind of expectation holds when it should", "[harness]") {
  std::string dir = script_folder("hold.jsonl",
                                  R"({"tool": "echo", "arguments": {"n": 7, "s": "abc", "o": {"k": 1, "l": 2}, "a": [1, {"x": 1, "y": 2}]}, "expect": {"equals": {"/result/structuredContent/args/n": 7}, "contains": {"/result/structuredContent/args/s": "b", "/result/structuredContent/args/o": {"k": 1}, "/result/structuredContent/args/a": {"x": 1}}, "matches": {"/result/structuredContent/args/s": "^a.c$", "/result/structuredContent/args/n": "^[0-9]$"}, "isError": false, "error": false, "within_ms": 60000}}
{"tool": "fail", "expect": {"isError": true}}
{"method": "nope", "expect": {"error": true}}
{"method": "nope", "expect": {"error_code": -32601}}
{"tool": "slow", "expect": {"within_ms": 60000}}
)");
  HarnessRun r = run_harness({"run", "hold.jsonl", "--", "./tiny-mcp.sh"}, dir);
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find("5 steps: 5 passed, 0 failed, 0 skipped") != std::string::npos);
}

TEST_CASE("every kind of expectation fails readably, with exit status 1", "[harness]") {
  struct Case {
    const char* kind;
    const char* step;
    const char* message;  // part of the ✗ line: what was expected and what came
  };
  const Case cases[] = {
      {"equals", R"({"tool": "echo", "arguments": {"n": 7}, "expect": {"equals": {"/result/structuredContent/args/n": "7"}}})",
       R"(✗ /result/structuredContent/args/n: expected "7", got 7)"},
      {"equals, absent", R"({"tool": "echo", "expect": {"equals": {"/result/structuredContent/nope": 1}}})",
       "✗ /result/structuredContent/nope: expected 1, but the answer has no /result/structuredContent/nope"},
      {"contains, string", R"({"tool": "echo", "arguments": {"s": "abc"}, "expect": {"contains": {"/result/structuredContent/args/s": "z"}}})",
       R"(✗ /result/structuredContent/args/s: expected to contain "z", got "abc")"},
      {"contains, array", R"({"tool": "echo", "arguments": {"a": [1, 2]}, "expect": {"contains": {"/result/structuredContent/args/a": 3}}})",
       "✗ /result/structuredContent/args/a: expected to contain 3, got [1,2]"},
      {"contains, object", R"({"tool": "echo", "arguments": {"o": {"k": 1}}, "expect": {"contains": {"/result/structuredContent/args/o": {"k": 2}}}})",
       R"(✗ /result/structuredContent/args/o: expected to contain {"k":2}, got {"k":1})"},
      {"matches", R"({"tool": "echo", "arguments": {"s": "abc"}, "expect": {"matches": {"/result/structuredContent/args/s": "^b"}}})",
       R"(✗ /result/structuredContent/args/s: expected to match "^b", got "abc")"},
      {"isError true", R"({"tool": "echo", "expect": {"isError": true}})", "✗ isError: expected true, got false: \"echo {}\""},
      {"isError by default", R"({"tool": "fail"})", "✗ isError: expected false, got true: \"it broke"},
      {"error true", R"({"method": "ping", "expect": {"error": true}})", "✗ error: expected a JSON-RPC error, got a result: {}"},
      {"error by default", R"({"method": "nope"})", "✗ expected a result, got JSON-RPC error -32601 \"Method not found\""},
      {"error_code", R"({"method": "nope", "expect": {"error_code": -32602}})",
       "✗ error_code: expected -32602, got JSON-RPC error -32601 \"Method not found\""},
      {"error_code on a result", R"({"method": "ping", "expect": {"error_code": -32601}})",
       "✗ error_code: expected JSON-RPC error -32601, got a result: {}"},
      {"within_ms", R"({"tool": "slow", "expect": {"within_ms": 1}})", "✗ within_ms: expected an answer within 1 ms, it took "},
      {"timeout", R"({"tool": "slow", "timeout_ms": 1})", "✗ no answer within 1 ms"},
  };
  for (const auto& c : cases) {
    std::string dir = script_folder("fail.jsonl", std::string(c.step) + "\n");
    HarnessRun r = run_harness({"run", "fail.jsonl", "--", "./tiny-mcp.sh"}, dir);
    INFO(c.kind << "\n" << r.out << r.err);
    CHECK(r.status == 1);
    CHECK(r.out.find(c.message) != std::string::npos);
    CHECK(r.out.find("run: FAILED") != std::string::npos);
  }
}
