// The job registry under faults (issue 11): jobs of two hosts in one state folder never
// collide, and a registry that cannot be written is never silent — the result says the job is
// not recorded, and why, and every tool that needs no registry still works.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

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
