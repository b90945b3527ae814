// mcp-harness's command line, its script errors (exit status 2, one line naming file and
// line) and its JUnit report.
#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>

#include "harness_fixture.h"

using namespace e2e;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A strict enough XML well-formedness check for the harness's reports: one root element,
// every tag closed in order, attribute values quoted, and '&' and '<' only as markup or one of
// the five predefined entities.
bool well_formed_xml(const std::string& x, std::string& why) {
  static const std::regex entity("^&(amp|lt|gt|quot|apos);");
  static const std::regex name("^[A-Za-z_][A-Za-z0-9_.-]*");
  std::vector<std::string> open;
  int roots = 0;
  std::size_t i = 0;
  auto text_ok = [&](std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to; ++k)
      if (x[k] == '&' && !std::regex_search(x.substr(k, 8), entity)) return false;
    return true;
  };
  if (x.rfind("<?xml ", 0) == 0) i = x.find("?>") + 2;
  while (i < x.size()) {
    std::size_t lt = x.find('<', i);
    if (lt == std::string::npos) lt = x.size();
    if (!text_ok(i, lt)) return why = "bad '&' in text near " + x.substr(i, 40), false;
    if (open.empty() && x.find_first_not_of(" \r\n\t", i) < lt) return why = "text outside the root", false;
    if (lt == x.size()) break;
    std::size_t gt = x.find('>', lt);
    if (gt == std::string::npos) return why = "unterminated tag", false;
    std::string tag = x.substr(lt + 1, gt - lt - 1);
    if (tag.find('<') != std::string::npos) return why = "'<' inside a tag: " + tag, false;
    std::smatch m;
    if (tag[0] == '/') {
      if (open.empty() || tag.substr(1) != open.back()) return why = "mismatched </" + tag.substr(1) + ">", false;
      open.pop_back();
    } else {
      bool self_closing = !tag.empty() && tag.back() == '/';
      if (self_closing) tag.pop_back();
      if (!std::regex_search(tag, m, name)) return why = "bad tag " + tag, false;
      std::string attrs = m.suffix();
      static const std::regex attr(R"(^\s+[A-Za-z_][A-Za-z0-9_.-]*="[^"<]*")");
      while (std::regex_search(attrs, m, attr)) {
        if (!std::regex_search(m.str(), std::regex("^[^&]*(&(amp|lt|gt|quot|apos);[^&]*)*$")))
          return why = "bad '&' in an attribute: " + m.str(), false;
        attrs = m.suffix();
      }
      if (attrs.find_first_not_of(" \t\r\n") != std::string::npos) return why = "bad attributes: " + attrs, false;
      if (open.empty()) ++roots;
      if (!self_closing) open.push_back(tag.substr(0, tag.find_first_of(" \t\r\n")));
    }
    i = gt + 1;
  }
  if (!open.empty()) return why = "<" + open.back() + "> not closed", false;
  if (roots != 1) return why = std::to_string(roots) + " root elements", false;
  return true;
}

}  // namespace

TEST_CASE("mcp-harness --help prints the subcommands and exits 0 without starting anything", "[harness]") {
  std::string dir = script_folder("s.jsonl", "{\"method\": \"ping\"}\n");
  HarnessRun top = run_harness({"--help"}, dir);
  CHECK(top.status == 0);
  for (const char* word : {"run", "demo", "live"}) CHECK(has(top.out, std::string("\n  ") + word + " "));
  CHECK_FALSE(has(top.out, "simulator  http"));  // the demo's banner: it did not run

  // `run … --help` with a server that would leave a mark if it were started.
  HarnessRun run = run_harness({"run", "s.jsonl", "--help", "--", "/bin/sh", "-c", "touch started"}, dir);
  CHECK(run.status == 0);
  CHECK(has(run.out, "--junit"));
  CHECK(has(run.out, "Exit status: 0"));
  CHECK_FALSE(std::filesystem::exists(dir + "/started"));
}

TEST_CASE("a malformed script exits 2 with one line naming the file and the line, nothing starts", "[harness]") {
  struct Case {
    const char* name;
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"bad.jsonl", "# comment\n{\"method\": \"ping\"}\n{\"tool\": \"echo\",\n", "bad.jsonl:3: not valid JSON: "},
      {"bad.json", "{\"steps\": [\n  {\"method\": \"ping\"},\n  {\"tool\": \"echo\" \"x\"}\n]}\n", "bad.json:3: not valid JSON: "},
      {"field.json", "{\"steps\": [\n  {\"method\": \"ping\"},\n\n  {\"tool\": \"echo\", \"expects\": {}}\n]}\n",
       "field.json:4: step 2: unknown field \"expects\""},
      {"kind.jsonl", "{\"method\": \"ping\", \"expect\": {\"status\": \"x\"}}\n", "kind.jsonl:1: step 1: unknown expectation \"status\""},
      {"blank_expect.jsonl", "{\"tool\": \"echo\", \"expect\": {}}\n", "blank_expect.jsonl:1: step 1: \"expect\" is empty: it would accept any answer"},
      {"ref.jsonl", "{\"method\": \"ping\"}\n{\"tool\": \"echo\", \"arguments\": {\"a\": \"${nope.id}\"}}\n",
       "ref.jsonl:2: step 2: arguments: ${nope.id} refers to \"nope\", which no earlier step saves"},
      {"later.jsonl", "{\"tool\": \"echo\", \"arguments\": {\"a\": \"${mine.x}\"}, \"as\": \"mine\"}\n",
       "later.jsonl:1: step 1: arguments: ${mine.x} refers to \"mine\""},
      {"two.jsonl", "{\"tool\": \"echo\", \"method\": \"ping\"}\n", "two.jsonl:1: step 1: a step has exactly one of"},
      {"empty.jsonl", "# nothing\n", "empty.jsonl: the script has no steps"},
  };
  for (const auto& c : cases) {
    std::string dir = script_folder(c.name, c.text);
    HarnessOptions options;
    options.env["LOG"] = dir + "/received.log";
    HarnessRun r = run_harness({"run", c.name, "--", "./tiny-mcp.sh"}, dir, options);
    INFO(c.name << "\n" << r.out << r.err);
    CHECK(r.status == 2);
    CHECK(r.err.rfind("mcp-harness run: " + std::string(c.message), 0) == 0);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_FALSE(std::filesystem::exists(dir + "/received.log"));  // the server never started
  }
}

TEST_CASE("usage errors exit 2: no script file, no such command, a bad --env", "[harness]") {
  std::string dir = script_folder("s.jsonl", "{\"method\": \"ping\"}\n");
  HarnessRun missing = run_harness({"run", "missing.jsonl", "--", "./tiny-mcp.sh"}, dir);
  CHECK(missing.status == 2);
  CHECK(has(missing.err, "missing.jsonl: cannot read the script"));
  HarnessRun command = run_harness({"run", "s.jsonl", "--", "no-such-mcp-server-anywhere"}, dir);
  CHECK(command.status == 2);
  CHECK(has(command.err, "no-such-mcp-server-anywhere: command not found"));
  HarnessRun env = run_harness({"run", "s.jsonl", "--env", "NOEQUALS", "--", "./tiny-mcp.sh"}, dir);
  CHECK(env.status == 2);
  CHECK(has(env.err, "--env takes NAME=VALUE"));
  HarnessRun no_command = run_harness({"run", "s.jsonl"}, dir);
  CHECK(no_command.status == 2);
}

TEST_CASE("the first harness's --live still reaches the live check, which stops without a key", "[harness]") {
  HarnessOptions options;
  options.env["PIXVERSE_API_KEY"] = "";  // empty: the check refuses to start, nothing is sent
  HarnessRun r = run_harness({"--live", "--yes"}, temp_dir("harness-live"), options);
  CHECK(r.status == 2);
  CHECK(has(r.err, "live-check: set PIXVERSE_API_KEY"));
}

TEST_CASE("the JUnit report is well-formed XML with one testcase per step and names the failed one", "[harness]") {
  std::string dir = script_folder("suite.jsonl", R"({"say": "first", "tool": "echo"}
{"say": "a <tricky> & \"quoted\" 'name'", "tool": "fail"}
{"say": "third", "method": "ping"}
)");
  std::string reports = temp_dir("harness-junit");
  HarnessRun r = run_harness({"run", "suite.jsonl", "--junit", reports + "/report.xml", "--", "./tiny-mcp.sh"}, dir);
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  std::string xml = read_file(reports + "/report.xml");
  INFO(xml);
  std::string why;
  CHECK(well_formed_xml(xml, why));
  INFO(why);
  CHECK(has(xml, R"(<testsuite name="suite.jsonl" tests="3" failures="1" errors="0" skipped="0")"));
  CHECK(has(xml, R"(<testcase classname="suite.jsonl" name="1. tools/call echo — first" time=")"));
  CHECK(has(xml, R"(name="3. ping — third")"));
  // The failed case, escaped, with the expected and actual values in its failure.
  std::regex failed(R"re(<testcase classname="suite\.jsonl" name="2\. tools/call fail — a &lt;tricky&gt; &amp; &quot;quoted&quot; &apos;name&apos;" time="[0-9.]+">\s*<failure message="isError: expected false, got true: &quot;it broke &lt;badly&gt; &amp; )re");
  CHECK(std::regex_search(xml, failed));

  // A relative --junit path is relative to the current folder, not to the script.
  HarnessRun rel = run_harness({"run", dir + "/suite.jsonl", "--junit", "here.xml", "--", dir + "/tiny-mcp.sh"}, reports);
  CHECK(rel.status == 1);
  CHECK(std::filesystem::exists(reports + "/here.xml"));
  CHECK(well_formed_xml(read_file(reports + "/here.xml"), why));
}

TEST_CASE("the well-formedness check itself rejects broken XML", "[harness]") {
  std::string why;
  CHECK(well_formed_xml("<a x=\"1\"><b/>t &amp; u</a>", why));
  CHECK_FALSE(well_formed_xml("<a><b></a></b>", why));
  CHECK_FALSE(well_formed_xml("<a>x & y</a>", why));
  CHECK_FALSE(well_formed_xml("<a x=\"<\"/>", why));
  CHECK_FALSE(well_formed_xml("<a x=\"&\"/>", why));
  CHECK_FALSE(well_formed_xml("<a/><b/>", why));
  CHECK_FALSE(well_formed_xml("<a>", why));
}

TEST_CASE("usage errors exit 2: an empty --protocol-version or --junit, a folder as the script, shown escaped", "[harness]") {
  std::string dir = script_folder("s.jsonl", "{\"method\": \"ping\"}\n");
  for (const std::string option : {"--protocol-version", "--junit"}) {
    HarnessRun r = run_harness({"run", "s.jsonl", option, "", "--", "./tiny-mcp.sh"}, dir);
    INFO(option << "\n" << r.out << r.err);
    CHECK(r.status == 2);
    CHECK(has(r.err, option));
  }
  std::filesystem::create_directories(dir + "/folder.jsonl");
  HarnessRun folder = run_harness({"run", "folder.jsonl", "--", "./tiny-mcp.sh"}, dir);
  CHECK(folder.status == 2);
  CHECK(folder.err == "mcp-harness run: folder.jsonl: is a folder, not a script\n");
  // A name with bytes that are not UTF-8 and an escape sequence: both shown escaped, on one line.
  HarnessRun bytes = run_harness({"run", "bad\xff\x1b[2J\n.jsonl", "--", "./tiny-mcp.sh"}, dir);
  CHECK(bytes.status == 2);
  CHECK(bytes.err == "mcp-harness run: bad\\xff\\u001b[2J\\u000a.jsonl: cannot read the script (no such file, or not readable)\n");
}

TEST_CASE("run --help documents how to write a literal dollar and brace", "[harness]") {
  HarnessRun help = run_harness({"run", "--help"}, temp_dir("harness-help"));
  CHECK(help.status == 0);
  CHECK(has(help.out, "$${"));
}
