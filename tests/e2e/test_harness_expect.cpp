// Each kind of expectation of `mcp-harness run`, holding and failing, against the sh server
// of harness_fixture.h.
#include <catch2/catch.hpp>

#include "harness_fixture.h"

using namespace e2e;

TEST_CASE("every kind of expectation holds when it should", "[harness]") {
  std::string dir = script_folder("hold.jsonl",
                                  R"({"tool": "echo", "arguments": {"n": 7, "s": "abc", "o": {"k": 1, "l": 2}, "a": [1, {"x": 1, "y": 2}]}, "expect": {"equals": {"/result/structuredContent/args/n": 7}, "contains": {"/result/structuredContent/args/s": "b", "/result/structuredContent/args/o": {"k": 1}, "/result/structuredContent/args/a": {"x": 1}}, "matches": {"/result/structuredContent/args/s": "^a.c$"}, "isError": false, "error": false, "within_ms": 60000}}
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

TEST_CASE("numbers compare exactly: an integer equals only the same integer, or a float of exactly its value",
          "[harness]") {
  // The sh server echoes its arguments verbatim: 9007199254740992.0 comes back as a float,
  // 18446744073709551615 as an unsigned integer. Compared through double (or a cast), each
  // of these would pass.
  const char* wrong[] = {
      R"({"tool": "echo", "arguments": {"v": 9007199254740992.0}, "expect": {"equals": {"/result/structuredContent/args/v": 9007199254740993}}})",
      R"({"tool": "echo", "arguments": {"v": [9007199254740992.0]}, "expect": {"equals": {"/result/structuredContent/args/v": [9007199254740993]}}})",
      R"({"tool": "echo", "arguments": {"v": {"k": 9007199254740992.0}}, "expect": {"equals": {"/result/structuredContent/args/v": {"k": 9007199254740993}}}})",
      R"({"tool": "echo", "arguments": {"v": [1, 9007199254740992.0]}, "expect": {"contains": {"/result/structuredContent/args/v": 9007199254740993}}})",
      R"({"tool": "echo", "arguments": {"v": [{"k": 9007199254740992.0}]}, "expect": {"contains": {"/result/structuredContent/args/v": {"k": 9007199254740993}}}})",
      R"({"tool": "echo", "arguments": {"v": {"k": {"j": 9007199254740992.0}}}, "expect": {"contains": {"/result/structuredContent/args/v": {"k": {"j": 9007199254740993}}}}})",
      R"({"tool": "echo", "arguments": {"v": 18446744073709551615}, "expect": {"equals": {"/result/structuredContent/args/v": -1}}})",
      R"({"tool": "echo", "arguments": {"v": 9007199254740992.0}, "retry": {"max_attempts": 2}, "expect": {"equals": {"/result/structuredContent/args/v": 9007199254740993}}})",
      R"({"tool": "echo", "arguments": {"v": 5.5}, "expect": {"equals": {"/result/structuredContent/args/v": 5}}})",
  };
  for (const char* step : wrong) {
    std::string dir = script_folder("big.jsonl", std::string(step) + "\n");
    HarnessRun r = run_harness({"run", "big.jsonl", "--", "./tiny-mcp.sh"}, dir);
    INFO(step << "\n" << r.out << r.err);
    CHECK(r.status == 1);
    CHECK(r.out.find("1 step: 0 passed, 1 failed") != std::string::npos);
  }
  // The same value written two ways is equal.
  std::string dir = script_folder("same.jsonl",
                                  R"({"tool": "echo", "arguments": {"a": 5.0, "b": 9007199254740992.0, "c": [1.0, {"d": -2.0}], "e": 5}, "expect": {"equals": {"/result/structuredContent/args/a": 5, "/result/structuredContent/args/b": 9007199254740992, "/result/structuredContent/args/c": [1, {"d": -2}], "/result/structuredContent/args/e": 5.0}, "contains": {"/result/structuredContent/args/c": {"d": -2}}}})" "\n");
  HarnessRun r = run_harness({"run", "same.jsonl", "--", "./tiny-mcp.sh"}, dir);
  INFO(r.out << r.err);
  CHECK(r.status == 0);
}

TEST_CASE("a step with an expect is judged by it alone: an expected error or isError passes", "[harness]") {
  std::string dir = script_folder("expected.jsonl", R"({"method": "nope/nope", "expect": {"equals": {"/error/code": -32601}}}
{"tool": "fail", "expect": {"equals": {"/result/isError": true}}}
{"tool": "fail", "expect": {"contains": {"/result/content/0/text": "broke"}}}
{"method": "nope/nope", "expect": {"within_ms": 60000}}
)");
  HarnessRun r = run_harness({"run", "expected.jsonl", "--", "./tiny-mcp.sh"}, dir);
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find("4 steps: 4 passed, 0 failed, 0 skipped") != std::string::npos);
}

TEST_CASE("contains on a scalar compares for equality, matches wants a string", "[harness]") {
  std::string dir = script_folder("scalar.jsonl", R"({"tool": "echo", "arguments": {"n": 1, "t": true}, "expect": {"contains": {"/result/structuredContent/args/n": 1, "/result/structuredContent/args/t": true}}}
)");
  HarnessRun pass = run_harness({"run", "scalar.jsonl", "--", "./tiny-mcp.sh"}, dir);
  INFO(pass.out << pass.err);
  CHECK(pass.status == 0);

  write_file(dir + "/wrong.jsonl", R"({"tool": "echo", "arguments": {"n": 1, "m": 7, "o": {"k": 1}}, "expect": {"contains": {"/result/structuredContent/args/n": 2}, "matches": {"/result/structuredContent/args/m": "^7$", "/result/structuredContent/args/o": "k"}}}
)");
  HarnessRun fail = run_harness({"run", "wrong.jsonl", "--", "./tiny-mcp.sh"}, dir);
  INFO(fail.out << fail.err);
  CHECK(fail.status == 1);
  CHECK(fail.out.find("✗ /result/structuredContent/args/n: expected 2, got 1\n") != std::string::npos);
  CHECK(fail.out.find("✗ /result/structuredContent/args/m: expected a string matching \"^7$\", got 7\n") != std::string::npos);
  CHECK(fail.out.find("✗ /result/structuredContent/args/o: expected a string matching \"k\", got {\"k\":1}\n") != std::string::npos);
}
