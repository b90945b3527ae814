// `pixverse-mcp --check`, the setup doctor, run as a user runs it: the real binary, its exit
// status and the lines it prints, against the simulator or nothing at all. Each failure mode has
// its line; the key never appears.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

#include "e2e_fixture.h"

namespace {

struct Run {
  int status = -1;
  std::string out;
};

// The binary run to its end with `args`: what it printed on stdout, and its exit status.
Run run_binary(std::vector<std::string> args, std::map<std::string, std::string> env,
               std::vector<std::string> unset) {
  args.insert(args.begin(), PIXVERSE_MCP_PATH);
  tools::Subprocess p({std::move(args), std::move(env), std::move(unset), false});
  p.close_stdin();
  Run run;
  while (auto line = p.read_line(std::chrono::seconds(30))) run.out += *line + "\n";
  run.status = p.wait(std::chrono::seconds(30)).value_or(-1);
  return run;
}

Run run_check(std::map<std::string, std::string> env, std::vector<std::string> unset = {}) {
  env.emplace("PIXVERSE_STATE_DIR", e2e::temp_dir("doctor-state"));
  env.emplace("PIXVERSE_OUTPUT_DIR", e2e::temp_dir("doctor-out"));
  return run_binary({"--check"}, std::move(env), std::move(unset));
}

}  // namespace

TEST_CASE("pixverse-mcp --check passes with a working setup and shows the balance", "[doctor]") {
  harness::SimProcess sim(PIXVERSE_SIM_PATH);
  const Run r = run_check({{"PIXVERSE_API_KEY", harness::kSimApiKey}, {"PIXVERSE_BASE_URL", sim.base_url()}});
  INFO(r.out);
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("ok    API key: set (not shown)"));
  CHECK_THAT(r.out, Catch::Contains("ok    PixVerse reachable: " + sim.base_url() + " answers"));
  CHECK(std::regex_search(r.out, std::regex(R"(ok    key accepted: [0-9][0-9,]* credits \(monthly [0-9,]+, package [0-9,]+\))")));
  CHECK_THAT(r.out, Catch::Contains("ok    job registry: "));
  CHECK_THAT(r.out, Catch::Contains("ok    output folder: "));
  CHECK_THAT(r.out, Catch::EndsWith("check: OK\n"));
  CHECK(r.out.find(harness::kSimApiKey) == std::string::npos);
  CHECK(sim.api_request_count() == 1);  // one balance GET, nothing else
}

TEST_CASE("pixverse-mcp --check without a key says so and still checks the rest", "[doctor]") {
  harness::SimProcess sim(PIXVERSE_SIM_PATH);
  const Run r = run_check({{"PIXVERSE_BASE_URL", sim.base_url()}}, {"PIXVERSE_API_KEY"});
  INFO(r.out);
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Catch::Contains("FAIL  API key: not set"));
  CHECK_THAT(r.out, Catch::Contains("ok    PixVerse reachable: "));
  CHECK_THAT(r.out, Catch::Contains("--    key accepted: not checked (no key)"));
  CHECK_THAT(r.out, Catch::Contains("ok    output folder: "));
  CHECK_THAT(r.out, Catch::EndsWith("check: FAILED\n"));
}

TEST_CASE("pixverse-mcp --check with a wrong key says PixVerse refused it, without printing it", "[doctor]") {
  harness::SimProcess sim(PIXVERSE_SIM_PATH);
  const std::string wrong = "wrong-key-0d3f9c2a7b";
  const Run r = run_check({{"PIXVERSE_API_KEY", wrong}, {"PIXVERSE_BASE_URL", sim.base_url()}});
  INFO(r.out);
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Catch::Contains("ok    API key: set (not shown)"));
  CHECK_THAT(r.out, Catch::Contains("FAIL  key accepted: no, PixVerse refused the key"));
  CHECK(r.out.find(wrong) == std::string::npos);
}

TEST_CASE("pixverse-mcp --check against an unreachable host says PixVerse is not reachable", "[doctor]") {
  // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
  const Run r = run_check({{"PIXVERSE_API_KEY", harness::kSimApiKey}, {"PIXVERSE_BASE_URL", "http://127.0.0.1:9"}});
  INFO(r.out);
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Catch::Contains("FAIL  PixVerse reachable: no, no answer from 127.0.0.1: could not connect"));
  CHECK_THAT(r.out, Catch::Contains("--    key accepted: not checked (PixVerse not reachable)"));
  CHECK(r.out.find(harness::kSimApiKey) == std::string::npos);
}

TEST_CASE("pixverse-mcp --check fails TLS trust when SSL_CERT_FILE / SSL_CERT_DIR name no certificates", "[doctor]") {
  // OpenSSL reads only what the variables name when they are set: naming nothing means no https
  // connection can be verified, whatever the system has installed.
  const std::string empty_dir = e2e::temp_dir("doctor-certs");
  const std::map<std::string, std::string> base{{"PIXVERSE_API_KEY", harness::kSimApiKey},
                                                {"PIXVERSE_BASE_URL", "https://127.0.0.1:9"}};
  auto env = base;
  env["SSL_CERT_FILE"] = empty_dir + "/missing.pem";
  env["SSL_CERT_DIR"] = empty_dir;
  Run r = run_check(env);
  INFO(r.out);
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Catch::Contains("FAIL  TLS trust: " + empty_dir + "/missing.pem, " + empty_dir +
                                    " (from SSL_CERT_FILE / SSL_CERT_DIR, which name no CA certificates)"));

  std::ofstream(empty_dir + "/bundle.pem") << "-----BEGIN CERTIFICATE-----\n";
  env["SSL_CERT_FILE"] = empty_dir + "/bundle.pem";
  r = run_check(env);
  INFO(r.out);
  CHECK_THAT(r.out, Catch::Contains("ok    TLS trust: system store " + empty_dir + "/bundle.pem"));
  CHECK(r.out.find(harness::kSimApiKey) == std::string::npos);
}

TEST_CASE("pixverse-mcp --check names an unwritable registry or output folder", "[doctor]") {
  harness::SimProcess sim(PIXVERSE_SIM_PATH);
  // A regular file where a folder should be: unwritable for every user, root included.
  const std::string dir = e2e::temp_dir("doctor-file");
  const std::string file = dir + "/not-a-folder";
  std::ofstream(file) << "x";
  const Run r = run_check({{"PIXVERSE_API_KEY", harness::kSimApiKey},
                           {"PIXVERSE_BASE_URL", sim.base_url()},
                           {"PIXVERSE_STATE_DIR", file + "/state"},
                           {"PIXVERSE_OUTPUT_DIR", file + "/videos"}});
  INFO(r.out);
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Catch::Contains("FAIL  job registry folder: " + file + "/state: cannot create it"));
  CHECK_THAT(r.out, Catch::Contains("FAIL  output folder: " + file + "/videos: cannot create it"));
  CHECK_THAT(r.out, Catch::Contains("ok    key accepted: "));  // the other checks still ran
}

TEST_CASE("pixverse-mcp --check reports a configuration mistake before anything is sent", "[doctor]") {
  const Run r = run_check({{"PIXVERSE_API_KEY", harness::kSimApiKey}, {"PIXVERSE_BASE_URL", "http://example.com"}});
  INFO(r.out);
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Catch::Contains("FAIL  configuration: "));
  CHECK_THAT(r.out, Catch::Contains("FAIL  PixVerse API: no usable base URL"));
  CHECK_THAT(r.out, Catch::Contains("--    PixVerse reachable: not checked"));
}

TEST_CASE("pixverse-mcp --list-tools prints tools/list's catalog, and the markdown table", "[doctor][list-tools]") {
  const Run json_run = run_binary({"--list-tools"}, {}, {"PIXVERSE_API_KEY"});
  REQUIRE(json_run.status == 0);
  const e2e::json listed = e2e::json::parse(json_run.out);
  auto session = e2e::bare_server();
  session.initialize();
  CHECK(listed == session.request("tools/list").at("result"));  // the same catalog a host is sent

  const Run markdown = run_binary({"--list-tools=markdown"}, {}, {"PIXVERSE_API_KEY"});
  CHECK(markdown.status == 0);
  for (const auto& tool : listed.at("tools"))
    CHECK_THAT(markdown.out, Catch::Contains("| `" + tool.at("name").get<std::string>() + "` |"));
  CHECK(run_binary({"--list-tools=yaml"}, {}, {"PIXVERSE_API_KEY"}).status == 2);
}

TEST_CASE("pixverse-mcp --check names an input folder that does not exist", "[doctor]") {
  harness::SimProcess sim(PIXVERSE_SIM_PATH);
  const std::string missing = e2e::temp_dir("doctor-inputs") + "/no-such-folder";
  const Run r = run_check({{"PIXVERSE_API_KEY", harness::kSimApiKey},
                           {"PIXVERSE_BASE_URL", sim.base_url()},
                           {"PIXVERSE_INPUT_DIRS", missing}});
  INFO(r.out);
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Catch::Contains("FAIL  input folder: " + missing + " is not a folder"));
}

TEST_CASE("pixverse-mcp --check with --http says where it would listen, and fails an open one without a token",
          "[doctor][http]") {
  harness::SimProcess sim(PIXVERSE_SIM_PATH);
  const std::map<std::string, std::string> base = {{"PIXVERSE_API_KEY", harness::kSimApiKey},
                                                   {"PIXVERSE_BASE_URL", sim.base_url()}};
  auto with = [&](std::map<std::string, std::string> extra) {
    extra.insert(base.begin(), base.end());
    return run_check(std::move(extra));
  };
  const Run local = with({{"PIXVERSE_HTTP_LISTEN", "127.0.0.1:8808"}});
  INFO(local.out);
  CHECK(local.status == 0);
  CHECK_THAT(local.out, Catch::Contains("ok    HTTP: http://127.0.0.1:8808/mcp, loopback only, no bearer token"));
  CHECK_THAT(local.out, Catch::Contains("no local file is read for a caller"));
  const Run open = with({{"PIXVERSE_HTTP_LISTEN", "0.0.0.0:8808"}});
  INFO(open.out);
  CHECK(open.status == 1);
  CHECK_THAT(open.out, Catch::Contains("FAIL  HTTP: http://0.0.0.0:8808/mcp, NOT loopback, no bearer token"));
  const Run guarded = with({{"PIXVERSE_HTTP_LISTEN", "0.0.0.0:8808"}, {"PIXVERSE_HTTP_TOKEN", "tok-doctor-91"}});
  INFO(guarded.out);
  CHECK(guarded.status == 0);
  CHECK(guarded.out.find("tok-doctor-91") == std::string::npos);
  const Run bad = with({{"PIXVERSE_HTTP_LISTEN", "localhost:http"}});
  CHECK(bad.status == 1);
  CHECK_THAT(bad.out, Catch::Contains("FAIL  HTTP: PIXVERSE_HTTP_LISTEN (or --http): expected HOST:PORT"));
}
