// `mcp-harness run` drives a server that has nothing to do with pixverse-mcp: a stdio MCP
// server written in sh (harness_fixture.h), through real pipes.
#include <catch2/catch.hpp>

#include "harness_fixture.h"

using namespace e2e;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("a passing script against a server written in sh exits 0, after the harness's own handshake", "[harness]") {
  std::string dir = script_folder("pass.jsonl",
                                  R"({"say": "Echo something", "tool": "echo", "arguments": {"word": "hello"}, "expect": {"contains": {"/result/content/0/text": "hello"}}}
{"method": "tools/list", "expect": {"contains": {"/result/tools": {"name": "fail"}}}}
{"notify": "notifications/something"}
{"say": "The server asks the client a ping first", "tool": "ask", "expect": {"equals": {"/result/structuredContent/reply/result": {}}}}
{"method": "nope", "expect": {"error_code": -32601}}
)");
  HarnessOptions options;
  options.env["LOG"] = dir + "/received.log";
  HarnessRun r = run_harness({"run", dir + "/pass.jsonl", "--", dir + "/tiny-mcp.sh"}, dir, options);
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(has(r.out, "← tiny-sh 0.1, protocol 2025-11-25"));
  CHECK(has(r.out, "1. Echo something"));
  CHECK(has(r.out, "→ tools/call echo {\"word\":\"hello\"}"));
  CHECK(has(r.out, "← 2 tools: echo, fail"));
  CHECK(has(r.out, "5 steps: 5 passed, 0 failed, 0 skipped"));
  CHECK(has(r.out, "run: OK"));
  // What the server read, in order: the handshake, then the steps, with the harness's answer
  // to the server's ping request in between.
  std::vector<std::string> methods;
  for (const auto& line : lines_of(read_file(dir + "/received.log"))) {
    json m = json::parse(line);
    methods.push_back(m.contains("method") ? m["method"].get<std::string>() : "answer " + m["result"].dump());
  }
  CHECK(methods == std::vector<std::string>{"initialize", "notifications/initialized", "tools/call", "tools/list",
                                            "notifications/something", "tools/call", "answer {}", "nope"});
}

TEST_CASE("a saved result feeds later steps with its JSON type kept, script_dir and env resolve", "[harness]") {
  std::string dir = script_folder("vars.jsonl",
                                  R"({"tool": "echo", "arguments": {"n": 9007199254740993, "list": [1, 2]}, "as": "first"}
{"tool": "echo", "arguments": {"m": "${first.structuredContent.args.n}", "p": "${first/structuredContent/args/list}", "t": "id-${first.structuredContent.args.list.1}", "d": "${script_dir}/x", "w": "${env.HARNESS_TEST_WORD}"}, "expect": {"equals": {"/result/structuredContent/args/m": 9007199254740993, "/result/structuredContent/args/p": [1, 2], "/result/structuredContent/args/t": "id-2", "/result/structuredContent/args/w": "kiwi"}, "contains": {"/result/structuredContent/args/d": "/x"}}}
)");
  HarnessOptions options;
  options.env["HARNESS_TEST_WORD"] = "kiwi";
  HarnessRun r = run_harness({"run", "vars.jsonl", "--", "./tiny-mcp.sh"}, dir, options);
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  // The server echoes the arguments verbatim: an integer, not the string "9007199254740993".
  CHECK(has(r.out, "\"m\":9007199254740993"));
  CHECK(has(r.out, "\"d\":\"" + std::filesystem::canonical(dir).string() + "/x\""));
}

TEST_CASE("JSONL skips blank and comment lines, the JSON steps form plays the same steps", "[harness]") {
  const std::string jsonl = "# a comment\n\n// another comment\n   # indented\n"
                            R"({"description": "two echoes"})" "\n"
                            R"({"tool": "echo", "arguments": {"a": 1}, "as": "one"})" "\n\n"
                            R"({"tool": "echo", "arguments": {"b": "${one.structuredContent.args.a}"}, "expect": {"equals": {"/result/structuredContent/args/b": 1}}})" "\n";
  const std::string json_form = R"({
  // comments are allowed in the JSON form too
  "description": "two echoes",
  "steps": [
    {"tool": "echo", "arguments": {"a": 1}, "as": "one"},
    {"tool": "echo", "arguments": {"b": "${one.structuredContent.args.a}"},
     "expect": {"equals": {"/result/structuredContent/args/b": 1}}}
  ]
})";
  for (const auto& [name, text] : {std::pair{"steps.jsonl", jsonl}, std::pair{"steps.json", json_form},
                                   std::pair{"steps.script", json_form}}) {
    std::string dir = script_folder(name, text);
    HarnessRun r = run_harness({"run", name, "--", "./tiny-mcp.sh"}, dir);
    INFO(name << "\n" << r.out << r.err);
    CHECK(r.status == 0);
    CHECK(has(r.out, "two echoes"));
    CHECK(has(r.out, "2 steps: 2 passed"));
  }
}

TEST_CASE("retry repeats a step until its expectations hold, and fails once the attempts are used up", "[harness]") {
  std::string dir = script_folder("poll.jsonl",
                                  R"({"tool": "count", "retry": {"max_attempts": 5}, "expect": {"equals": {"/result/structuredContent/status": "done"}}})");
  HarnessRun r = run_harness({"run", "poll.jsonl", "--", "./tiny-mcp.sh"}, dir);
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(has(r.out, "[3/5] call 3: done"));
  CHECK_FALSE(has(r.out, "[4/5]"));

  write_file(dir + "/short.jsonl",
             R"({"tool": "count", "retry": {"max_attempts": 2, "delay_ms": 1}, "expect": {"equals": {"/result/structuredContent/status": "done"}}})");
  HarnessRun s = run_harness({"run", "short.jsonl", "--", "./tiny-mcp.sh"}, dir);
  INFO(s.out << s.err);
  CHECK(s.status == 1);
  CHECK(has(s.out, "✗ /result/structuredContent/status: expected \"done\", got \"running\""));
}

TEST_CASE("mcp-harness run: --env and --cwd reach the server, the command is found on PATH", "[harness]") {
  std::string dir = script_folder("where.jsonl",
                                  R"({"tool": "where", "expect": {"equals": {"/result/structuredContent/greeting": "hi there"}}, "as": "w", "show": "cwd=${w.structuredContent.cwd}"})");
  std::string elsewhere = temp_dir("harness-cwd");
  HarnessOptions options;
  options.env["PATH"] = dir + ":" + std::string(std::getenv("PATH"));
  HarnessRun r = run_harness({"run", "where.jsonl", "--env", "GREETING=hi there", "--cwd", elsewhere, "--", "tiny-mcp.sh"},
                             dir, options);
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(has(r.out, "cwd=" + std::filesystem::canonical(elsewhere).string() + "\n"));
}

TEST_CASE("a script that starts with initialize does the handshake itself", "[harness]") {
  std::string dir = script_folder("own.jsonl",
                                  R"({"method": "initialize", "params": {"protocolVersion": "2024-11-05", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}, "expect": {"equals": {"/result/serverInfo/name": "tiny-sh"}}}
{"notify": "notifications/initialized"}
{"method": "ping"}
)");
  HarnessOptions options;
  options.env["LOG"] = dir + "/received.log";
  HarnessRun r = run_harness({"run", "own.jsonl", "--", "./tiny-mcp.sh"}, dir, options);
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  std::vector<std::string> lines = lines_of(read_file(dir + "/received.log"));
  REQUIRE(lines.size() == 3);
  CHECK(json::parse(lines[0])["params"]["protocolVersion"] == "2024-11-05");  // the script's, not the harness's
  CHECK(json::parse(lines[1])["method"] == "notifications/initialized");
  CHECK(json::parse(lines[2])["method"] == "ping");
}

TEST_CASE("a server that exits fails its step, the steps after it are skipped", "[harness]") {
  std::string dir = script_folder("exit.jsonl", R"({"method": "ping"}
{"tool": "bye"}
{"method": "ping"}
)");
  HarnessRun r = run_harness({"run", "exit.jsonl", "--", "./tiny-mcp.sh"}, dir);
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK(has(r.out, "✗ the server exited (status 3) before answering"));
  CHECK(has(r.out, "3 steps: 1 passed, 1 failed, 1 skipped"));
  CHECK(has(r.out, "run: FAILED"));
}

TEST_CASE("mcp-harness run: --quiet prints only failures and the summary", "[harness]") {
  std::string dir = script_folder("quiet.jsonl", R"({"say": "fine", "tool": "echo"}
{"say": "broken on purpose", "tool": "fail"}
)");
  HarnessRun r = run_harness({"run", "--quiet", "quiet.jsonl", "--", "./tiny-mcp.sh"}, dir);
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK_FALSE(has(r.out, "fine"));
  CHECK(has(r.out, "2. broken on purpose\n  → tools/call fail {}\n"));
  CHECK(has(r.out, "✗ isError: expected false, got true: \"it broke <badly> & \\\"loudly\\\"\""));
}

TEST_CASE("a step that uses what a failed step would have saved is skipped, the others still run", "[harness]") {
  std::string dir = script_folder("dep.jsonl", R"({"tool": "fail", "as": "broken"}
{"tool": "echo", "arguments": {"a": "${broken.structuredContent.x}"}}
{"say": "independent", "tool": "echo", "arguments": {"b": 2}}
)");
  HarnessRun r = run_harness({"run", "dep.jsonl", "--", "./tiny-mcp.sh"}, dir);
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK(has(r.out, "not run: it uses ${broken…}"));
  CHECK(has(r.out, "← echo {\"b\":2}"));
  CHECK(has(r.out, "3 steps: 1 passed, 1 failed, 1 skipped"));
}

TEST_CASE("with --cwd, a relative command with a slash is found from that folder, as a shell finds it after cd",
          "[harness]") {
  std::string dir = script_folder("where.jsonl", R"({"tool": "where"})" "\n");
  std::string server_dir = temp_dir("harness-cwd-server");
  std::filesystem::create_directories(server_dir + "/bin");
  std::filesystem::rename(write_tiny_server(server_dir), server_dir + "/bin/only-here.sh");
  HarnessRun r = run_harness({"run", "where.jsonl", "--cwd", server_dir, "--", "bin/only-here.sh"}, dir);
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(has(r.out, "← in " + std::filesystem::canonical(server_dir).string() + "\n"));
  // Without --cwd the same name is looked for from the harness's folder, where it is not.
  HarnessRun missing = run_harness({"run", "where.jsonl", "--", "bin/only-here.sh"}, dir);
  CHECK(missing.status == 2);
  CHECK(has(missing.err, "bin/only-here.sh: command not found"));
}

TEST_CASE("control characters from the server are shown escaped, UTF-8 text as it is, stray bytes in hex", "[harness]") {
  std::string dir = script_folder("esc.jsonl", R"({"tool": "raw"})" "\n");
  write_file(dir + "/raw.txt",
             R"({"jsonrpc":"2.0","id":@ID@,"result":{"content":[{"type":"text","text":"\u001b[31mred\u001b[0m, caf\u00e9 \u2192 ok\u009b2J\r\u0007\u007f"}],"isError":true}})" "\n");
  HarnessOptions options;
  options.env["RAW_FILE"] = dir + "/raw.txt";
  HarnessRun r = run_harness({"run", "esc.jsonl", "--junit", "report.xml", "--", "./tiny-mcp.sh"}, dir, options);
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK(has(r.out, "← isError: \\u001b[31mred\\u001b[0m, café → ok\\u009b2J\\u000d\\u0007\\u007f\n"));
  const std::string report = read_file(dir + "/report.xml");
  for (const std::string& raw : {std::string("\x1b"), std::string("\xc2\x9b"), std::string("\r"), std::string("\x07"), std::string("\x7f")}) {
    CHECK_FALSE(has(r.out, raw));
    CHECK_FALSE(has(report, raw));
  }

  write_file(dir + "/raw.txt", "caf\xe9 \x1b[2J\n");
  HarnessRun bytes = run_harness({"run", "esc.jsonl", "--", "./tiny-mcp.sh"}, dir, options);
  INFO(bytes.out << bytes.err);
  CHECK(bytes.status == 1);
  CHECK(has(bytes.out, "✗ protocol violation: a line that is not JSON: caf\\xe9 \\u001b[2J\n"));
  CHECK_FALSE(has(bytes.out, "\xe9"));
}
