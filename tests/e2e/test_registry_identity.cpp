// The job registry under faults: jobs of two hosts in one state folder never
// collide, and a registry that cannot be written is never silent — the result says the job is
// not recorded, and why, and every tool that needs no registry still works.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <thread>

#include "e2e_fixture.h"

using namespace e2e;
namespace fs = std::filesystem;

TEST_CASE("two simulators that hand out the same ids share one state folder without collisions",
          "[registry][identity]") {
  // Both simulators start their ids at 2^53+1; the two servers share one registry.
  const std::string state = temp_dir("shared-state");
  harness::SimProcess sim_a(PIXVERSE_SIM_PATH), sim_b(PIXVERSE_SIM_PATH);
  harness::McpSession a(SimAndServer::make(sim_a, {{"PIXVERSE_STATE_DIR", state}}));
  harness::McpSession b(SimAndServer::make(sim_b, {{"PIXVERSE_STATE_DIR", state}}));
  a.initialize();
  b.initialize();
  json ja = a.call_tool("text_to_video", {{"prompt", "a kite"}, {"wait_seconds", 20}})["structuredContent"];
  json jb = b.call_tool("text_to_video", {{"prompt", "a boat"}, {"wait_seconds", 20}})["structuredContent"];
  REQUIRE(ja["video_id"] == jb["video_id"]);  // the same id, from two hosts
  CHECK_FALSE(jb.contains("registry_error"));
  CHECK(ja["status"] == "succeeded");
  CHECK(jb["status"] == "succeeded");

  auto listed = [](harness::McpSession& s) { return s.call_tool("list_jobs", json::object())["structuredContent"]["jobs"]; };
  json la = listed(a), lb = listed(b);
  REQUIRE(la.size() == 1);
  REQUIRE(lb.size() == 1);
  CHECK(la[0]["status"] == "succeeded");  // never "submitting" after PixVerse accepted it
  CHECK(lb[0]["status"] == "succeeded");
  CHECK(la[0]["job_id"] != lb[0]["job_id"]);
  CHECK(la[0]["url"] == ja["url"]);
  CHECK(lb[0]["url"] == jb["url"]);
  CHECK(la[0]["url"] != lb[0]["url"]);  // each host's own file, not the other's
}

TEST_CASE("a registry that cannot be used: the server serves, and each job result says it is not recorded",
          "[registry][identity]") {
  harness::SimProcess sim(PIXVERSE_SIM_PATH);
  const std::string not_a_folder = temp_dir("blocked") + "/file";
  { std::ofstream(not_a_folder) << "in the way"; }
  harness::McpSession s(SimAndServer::make(sim, {{"PIXVERSE_STATE_DIR", not_a_folder}}));
  s.initialize();
  CHECK_FALSE(s.call_tool("get_balance", json::object()).value("isError", false));
  json r = s.call_tool("text_to_video", {{"prompt", "a kite"}, {"wait_seconds", 20}});
  const std::string text = harness::result_text(r);
  INFO(text);
  CHECK_FALSE(r.value("isError", false));
  CHECK(r["structuredContent"]["status"] == "succeeded");
  CHECK(r["structuredContent"]["registry_error"].get<std::string>().find(not_a_folder) != std::string::npos);
  CHECK(text.find("Not recorded in the local job registry") != std::string::npos);
  json list = s.call_tool("list_jobs", json::object());
  CHECK(list["isError"] == true);
  CHECK(harness::result_text(list).find(not_a_folder) != std::string::npos);
  CHECK(fs::is_regular_file(not_a_folder));  // nothing was overwritten
  std::ifstream in(not_a_folder);
  std::string content;
  std::getline(in, content);
  CHECK(content == "in the way");
}

namespace {

// The server over a state folder whose registry file holds `bytes` (or is made read-only).
harness::McpSession server_over(harness::SimProcess& sim, const std::string& state) {
  harness::McpSession s(SimAndServer::make(sim, {{"PIXVERSE_STATE_DIR", state}}));
  s.initialize();
  return s;
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("a registry file that is corrupt, truncated or from a newer version: served, said, never overwritten",
          "[registry][identity]") {
  harness::SimProcess sim(PIXVERSE_SIM_PATH);
  struct Case {
    const char* what;
    std::string bytes;
  };
  std::string newer;
  {  // a real registry, then marked as written by a future version
    const std::string state = temp_dir("newer");
    {
      auto s = server_over(sim, state);
      CHECK_FALSE(s.request("tools/list")["result"]["tools"].empty());
      CHECK_FALSE(std::filesystem::exists(state + "/jobs.sqlite3"));  // opened by the first call that needs it…
      CHECK_FALSE(s.call_tool("list_jobs", json::object()).value("isError", false));
      CHECK(std::filesystem::exists(state + "/jobs.sqlite3"));  // …such as this one
    }
    std::string db = file_bytes(state + "/jobs.sqlite3");
    REQUIRE(db.size() >= 100);
    db[60] = 0;  // user_version lives in bytes 60..63 of the header (big-endian)
    db[61] = 0;
    db[62] = 0;
    db[63] = 99;
    newer = db;
  }
  const Case cases[] = {
      {"garbage bytes", std::string(4096, '\x5a')},
      {"truncated header", std::string("SQLite format 3\0", 16) + std::string(10, '\x01')},
      {"a newer schema", newer},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    const std::string state = temp_dir("bad-registry");
    const std::string file = state + "/jobs.sqlite3";
    { std::ofstream(file, std::ios::binary) << c.bytes; }
    auto s = server_over(sim, state);
    CHECK_FALSE(s.call_tool("get_balance", json::object()).value("isError", false));
    json r = s.call_tool("text_to_video", {{"prompt", "a kite"}, {"wait_seconds", 20}});
    CHECK(r["structuredContent"]["status"] == "succeeded");
    CHECK(r["structuredContent"].contains("registry_error"));
    json list = s.call_tool("list_jobs", json::object());
    CHECK(list["isError"] == true);
    CHECK(harness::result_text(list).find(state) != std::string::npos);
    // The log says what is wrong and where, once, when the registry is first needed.
    s.process().close_stdin();
    REQUIRE(s.process().wait(10s).has_value());
    const std::string log = s.process().drain_stderr(1s);
    CHECK(log.find(file) != std::string::npos);
    CHECK(file_bytes(file) == c.bytes);  // nothing overwritten
  }
}

TEST_CASE("a registry path taken by a folder: the server serves and each job result says it is not recorded",
          "[registry][identity]") {
  // (File modes cannot stop root, under whom CI may run; a folder in the file's place can.)
  harness::SimProcess sim(PIXVERSE_SIM_PATH);
  const std::string state = temp_dir("taken");
  fs::create_directories(state + "/jobs.sqlite3/inside");
  auto s = server_over(sim, state);
  json r = s.call_tool("text_to_video", {{"prompt", "a kite"}, {"wait_seconds", 20}});
  CHECK(r["structuredContent"]["status"] == "succeeded");
  CHECK(r["structuredContent"]["registry_error"].get<std::string>().find(state) != std::string::npos);
  CHECK(fs::is_directory(state + "/jobs.sqlite3/inside"));
  // Resources come from the registry: none are listed, and a read says why.
  CHECK(s.request("resources/list")["result"]["resources"].empty());
  const std::string uri = "pixverse://jobs/" + r["structuredContent"]["video_id"].get<std::string>();
  json read = s.request("resources/read", {{"uri", uri}});
  CHECK(read["error"]["code"] == -32002);
  CHECK(read["error"]["message"].get<std::string>().find("job registry is not available") != std::string::npos);
  CHECK(read["error"]["message"].get<std::string>().find(state) != std::string::npos);
}

TEST_CASE("killed at any moment while submitting, the registry stays consistent and nothing accepted is lost",
          "[registry][identity][kill]") {
  harness::SimProcess sim(PIXVERSE_SIM_PATH, {"--max-concurrent", "100"});  // killed servers leave jobs running
  const std::string state = temp_dir("killed");
  std::mt19937 random(20261130);
  for (int round = 0; round < 12; ++round) {
    harness::McpSession s(SimAndServer::make(sim, {{"PIXVERSE_STATE_DIR", state}}));
    s.initialize();
    // As a host does before calling: the tool list is built and the registry open (both wait
    // for first use), so the kill window below spans the submission, also under sanitizers.
    REQUIRE_FALSE(s.request("tools/list")["result"]["tools"].empty());
    REQUIRE_FALSE(s.call_tool("list_jobs", json::object()).value("isError", false));
    s.send_request("tools/call", {{"name", "text_to_video"}, {"arguments", {{"prompt", "a kite"}, {"wait_seconds", 5}}}});
    // Fault timing, not synchronisation: the kill lands anywhere from before the registry
    // write to after PixVerse's answer.
    std::this_thread::sleep_for(std::chrono::microseconds(random() % 40000));
    s.process().kill(round % 2 == 0 ? SIGKILL : SIGTERM);
    s.process().wait(10s);
  }
  // A fresh server reads the registry: every job the simulator accepted is listed (or can be
  // recovered from its submission), and SQLite finds the file intact.
  harness::McpSession s(SimAndServer::make(sim, {{"PIXVERSE_STATE_DIR", state}}));
  s.initialize();
  json jobs = s.call_tool("list_jobs", {{"limit", 100}})["structuredContent"]["jobs"];
  std::set<std::string> known;
  for (const auto& j : jobs) {
    if (j.contains("video_id")) known.insert(j["video_id"].get<std::string>());
    if (j["status"] == "submitting" || j["status"] == "submit_unknown") {
      json recovered = s.call_tool("list_jobs", {{"recover_job_id", j["job_id"]}}, 60s);
      INFO(harness::result_text(recovered));
      CHECK_FALSE(recovered.value("isError", false));
      known.insert(recovered["structuredContent"]["recovered"]["video_id"].get<std::string>());
    }
  }
  INFO(jobs.size() << " registry rows, " << sim.jobs().size() << " jobs on the simulator");
  CHECK_FALSE(sim.jobs().empty());  // the kills did land after some submissions went out
  for (const auto& job : sim.jobs()) CHECK(known.count(id_text(job["id"])) == 1);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2((state + "/jobs.sqlite3").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "ok");
  sqlite3_finalize(st);
  sqlite3_close(db);
}
