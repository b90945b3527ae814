// PIXVERSE_TOOLSETS and --toolsets: fewer tools, for hosts that want less in the model's context
// (the whole list's budget is test_tool_budget.cpp's). Through the real binary.
#include <catch2/catch.hpp>

#include <cctype>
#include <set>

#include "app/tool_listing.h"
#include "e2e_fixture.h"

namespace {

using e2e::json;

std::set<std::string> names_of(const json& tools_list) {
  std::set<std::string> out;
  for (const auto& tool : tools_list.at("tools")) out.insert(tool.at("name").get<std::string>());
  return out;
}

const std::set<std::string> kInputsAndStatus{"upload_image",     "upload_video",         "upload_audio",
                                             "get_tts_speakers", "list_restyle_effects", "get_video_status",
                                             "get_image_status", "get_balance",          "list_jobs"};

}  // namespace

TEST_CASE("PIXVERSE_TOOLSETS=inputs,status lists exactly those tools, and the others are unknown tools", "[toolsets]") {
  auto session = e2e::bare_server({{"PIXVERSE_TOOLSETS", "inputs,status"}});
  session.initialize();
  const json listed = session.request("tools/list").at("result");
  CHECK(names_of(listed) == kInputsAndStatus);
  CHECK(app::tool_definitions_chars(listed) < 6'000);  // a quarter of the whole list's budget

  // A tool outside the set gets exactly the answer a tool that never existed gets.
  const json outside = session.request("tools/call", {{"name", "text_to_video"}, {"arguments", {{"prompt", "a fox"}}}});
  const json unknown = session.request("tools/call", {{"name", "no_such_tool"}, {"arguments", json::object()}});
  REQUIRE(outside.contains("error"));
  CHECK(outside["error"]["code"] == unknown["error"]["code"]);
  CHECK(outside["error"]["message"] == "Unknown tool: text_to_video");
  // A tool inside the set works as always (no key here: the tool error that says how to set it).
  const json balance = session.call_tool("get_balance", json::object());
  CHECK(balance.value("isError", false));
  CHECK_THAT(balance.dump(), Catch::Contains("PIXVERSE_API_KEY"));
}

TEST_CASE("the --toolsets flag wins over PIXVERSE_TOOLSETS, and a group that starts jobs brings status", "[toolsets]") {
  const e2e::CommandRun flag = e2e::run_command({"--list-tools", "--toolsets=edit"}, {{"PIXVERSE_TOOLSETS", "inputs"}});
  REQUIRE(flag.status == 0);
  const std::set<std::string> edit_and_status{
      "extend_video",     "lip_sync_video",   "sound_effect_video", "modify_video", "restyle_video", "swap_video",
      "create_swap_mask", "get_video_status", "get_image_status",   "get_balance",  "list_jobs"};
  CHECK(names_of(json::parse(flag.out)) == edit_and_status);
  const e2e::CommandRun markdown = e2e::run_command({"--list-tools=markdown"}, {{"PIXVERSE_TOOLSETS", "inputs"}});
  REQUIRE(markdown.status == 0);
  CHECK_THAT(markdown.out, Catch::Contains("| `upload_image` |"));
  CHECK(markdown.out.find("text_to_video") == std::string::npos);
  CHECK(markdown.out.find("get_video_status") == std::string::npos);  // inputs alone start no job
}

TEST_CASE(
    "an unknown tool group: the server still serves every tool and says why on stderr, --list-tools "
    "refuses, --check fails",
    "[toolsets]") {
  std::string log;
  {
    harness::McpSession s({PIXVERSE_MCP_PATH,
                           {},
                           {{"PIXVERSE_TOOLSETS", "genrate,status"},
                            {"PIXVERSE_BASE_URL", "http://127.0.0.1:9"},
                            {"PIXVERSE_LOG_LEVEL", "info"}},
                           {"PIXVERSE_API_KEY"},
                           true});
    s.initialize();
    CHECK(s.request("tools/list").at("result").at("tools").size() == 24);
    s.process().close_stdin();
    CHECK(s.process().wait(std::chrono::seconds(5)) == 0);
    log = s.process().drain_stderr(std::chrono::seconds(2));
  }
  INFO(log);
  CHECK_THAT(log, Catch::Contains("configuration: PIXVERSE_TOOLSETS (or --toolsets) names an unknown group "
                                  "\"genrate\"; the groups are generate, edit, inputs, status, or all; serving "
                                  "every tool"));

  const e2e::CommandRun listing = e2e::run_command({"--list-tools"}, {{"PIXVERSE_TOOLSETS", "genrate"}});
  CHECK(listing.status == 2);
  CHECK(listing.out.empty());
  CHECK_THAT(listing.err, Catch::StartsWith("pixverse-mcp: PIXVERSE_TOOLSETS (or --toolsets) names an unknown "
                                            "group \"genrate\"; the groups are generate, edit, inputs, status"));

  const e2e::CommandRun check =
      e2e::run_command({"--check", "--toolsets", "genrate"}, {{"PIXVERSE_BASE_URL", "http://127.0.0.1:9"},
                                                              {"PIXVERSE_STATE_DIR", e2e::temp_dir("toolsets-state")},
                                                              {"PIXVERSE_OUTPUT_DIR", e2e::temp_dir("toolsets-out")}});
  INFO(check.out);
  CHECK(check.status == 1);
  CHECK_THAT(check.out, Catch::Contains("FAIL  configuration: PIXVERSE_TOOLSETS (or --toolsets) names an unknown "
                                        "group \"genrate\""));
  CHECK_THAT(check.out, Catch::Contains("ok    tools: 24 of 24 (generate, edit, inputs, status), "));
}

TEST_CASE("pixverse-mcp --check names the tools served and what their definitions take", "[toolsets][doctor]") {
  const std::map<std::string, std::string> env{{"PIXVERSE_BASE_URL", "http://127.0.0.1:9"},
                                               {"PIXVERSE_STATE_DIR", e2e::temp_dir("toolsets-state")},
                                               {"PIXVERSE_OUTPUT_DIR", e2e::temp_dir("toolsets-out")},
                                               {"PIXVERSE_TOOLSETS", "generate"}};
  const e2e::CommandRun r = e2e::run_command({"--check"}, env);
  INFO(r.out);
  const e2e::CommandRun listed = e2e::run_command({"--list-tools"}, env);
  REQUIRE(listed.status == 0);
  const std::size_t chars = app::tool_definitions_chars(json::parse(listed.out));
  CHECK_THAT(r.out, Catch::Contains("ok    tools: 12 of 24 (generate, status), "));
  CHECK_THAT(r.out, Catch::Contains(" characters of definitions (about "));
  CHECK_THAT(r.out, Catch::Contains("note: status joined the chosen toolsets"));
  // The figure is the one --list-tools gives (thousands separated by commas).
  std::string digits;
  const auto at = r.out.find("), ", r.out.find("ok    tools: "));
  REQUIRE(at != std::string::npos);
  for (std::size_t i = at + 3;
       i < r.out.size() && (std::isdigit(static_cast<unsigned char>(r.out[i])) || r.out[i] == ','); ++i)
    if (r.out[i] != ',') digits += r.out[i];
  CHECK(digits == std::to_string(chars));
}
