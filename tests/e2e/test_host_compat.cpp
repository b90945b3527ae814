// What real hosts send and accept, on the real binary through real pipes: every released
// protocol revision answered in kind, arguments as models send them (strings for numbers and
// flags, null for "unset", JSON text for arrays), and ids that survive a JavaScript parser.
#include <catch2/catch.hpp>

#include <map>

#include "e2e_fixture.h"

using namespace e2e;

namespace {

const std::string kImage = std::string(EXAMPLES_DIR) + "/assets/sunset.png";

std::vector<json> api_requests(const harness::SimProcess& sim, const std::string& path) {
  std::vector<json> out;
  for (const auto& r : sim.requests())
    if (r["path"] == path) out.push_back(r);
  return out;
}

json listed_tool(harness::McpSession& s, const std::string& name) {
  json tools = s.request("tools/list")["result"]["tools"];
  for (const auto& t : tools)
    if (t["name"] == name) return t;
  FAIL("tool " << name << " not listed");
  return json();
}

}  // namespace

TEST_CASE("every released revision is answered in kind, with only the features it defines", "[compat]") {
  struct Expect {
    std::string version;
    bool annotations, titles, output_schema, tasks;
  };
  for (const Expect& e : {Expect{"2024-11-05", false, false, false, false}, Expect{"2025-03-26", true, false, false, false},
                          Expect{"2025-06-18", true, true, true, false}, Expect{"2025-11-25", true, true, true, true}}) {
    DYNAMIC_SECTION("revision " << e.version) {
      auto s = bare_server();
      json init = s.initialize(e.version);
      CHECK(init["protocolVersion"] == e.version);
      CHECK(init["serverInfo"].contains("title") == e.titles);
      CHECK(init["capabilities"].contains("tasks") == e.tasks);
      CHECK(init["capabilities"].contains("tools"));
      json tool = listed_tool(s, "text_to_video");
      CHECK(tool.contains("annotations") == e.annotations);
      CHECK(tool.contains("title") == e.titles);
      CHECK(tool.contains("outputSchema") == e.output_schema);
      CHECK(tool.contains("execution") == e.tasks);
      CHECK(tool["inputSchema"]["type"] == "object");

      // A result: structuredContent where the revision has it, else the same JSON as text.
      json r = s.call_tool("list_jobs", json::object());
      REQUIRE_FALSE(r.value("isError", false));
      CHECK(r.contains("structuredContent") == e.output_schema);
      if (!e.output_schema) {
        REQUIRE(r["content"].size() == 2);
        json data = json::parse(r["content"][1]["text"].get<std::string>());
        CHECK(data.contains("jobs"));
      }
      // Tasks are refused as a method where the revision has none.
      json tasks = s.request("tasks/list");
      CHECK(tasks.contains("result") == e.tasks);
    }
  }
  for (const std::string future : {"2026-07-28", "2099-01-01", "not-a-date"}) {
    auto s = bare_server();
    CHECK(s.initialize(future)["protocolVersion"] == "2025-11-25");  // the newest we serve
  }
}

TEST_CASE("a 2024-11-05 client gets progress without message, and no resource_link blocks before 2025-06-18",
          "[compat]") {
  for (std::string version : {"2024-11-05", "2025-03-26", "2025-06-18"}) {
    DYNAMIC_SECTION("revision " << version) {
      harness::SimProcess sim(PIXVERSE_SIM_PATH, {"--polls", "3"});
      auto s = SimAndServer::make(sim, {});
      s.initialize(version);
      json id = s.send_request("tools/call", {{"name", "text_to_video"},
                                              {"arguments", {{"prompt", "[sim:ms=1500] tide"}, {"wait_seconds", 20}}},
                                              {"_meta", {{"progressToken", "p1"}}}});
      json r = s.await_response(id, 30s);
      REQUIRE(r.contains("result"));
      bool saw_progress = false;
      for (const auto& n : s.notifications()) {
        if (n.value("method", "") != "notifications/progress") continue;
        saw_progress = true;
        CHECK(n["params"].contains("message") == (version != "2024-11-05"));
      }
      CHECK(saw_progress);
      bool link = false;
      for (const auto& block : r["result"]["content"]) link |= block["type"] == "resource_link";
      CHECK(link == (version == "2025-06-18"));
      if (version != "2025-06-18") {
        json data = json::parse(r["result"]["content"].back()["text"].get<std::string>());
        CHECK(data["status"] == "succeeded");
        CHECK(data["video_id"].is_string());
      }
    }
  }
}

TEST_CASE("numbers and flags sent as strings, null for unset and arrays as JSON text are read as meant",
          "[compat]") {
  SimAndServer env;
  auto& s = env.session;
  json r = s.call_tool("text_to_video", {{"prompt", "a kite over dunes"}, {"duration", "5"}, {"water_mark", "false"},
                                         {"seed", "42"}, {"negative_prompt", nullptr}, {"aspect_ratio", nullptr},
                                         {"model", "v6"}, {"wait_seconds", "0"}});
  INFO(harness::result_text(r));
  REQUIRE_FALSE(r.value("isError", false));
  auto posts = api_requests(env.sim, "/openapi/v2/video/text/generate");
  REQUIRE(posts.size() == 1);
  const json body = posts[0]["body"];
  CHECK(body["duration"] == 5);
  CHECK(body["duration"].is_number_integer());
  CHECK(body["water_mark"] == false);
  CHECK(body["water_mark"].is_boolean());
  CHECK(body["seed"] == 42);
  CHECK_FALSE(body.contains("negative_prompt"));
  CHECK(body["aspect_ratio"] == "16:9");  // null = not given: the default applies

  // Nested: the keyframes of a multi-transition, with string durations and a null prompt;
  // the whole array as JSON text (as some hosts send $ref-typed arguments).
  json up = s.call_tool("upload_image", {{"file_path", kImage}});
  const std::string img = up["structuredContent"]["img_id"].get<std::string>();
  json m = s.call_tool("multi_transition_video",
                       {{"multi_transition", json::array({json{{"img_id", img}, {"duration", "4"}, {"prompt", nullptr}},
                                                          json{{"img_id", img}, {"duration", "0"}}})
                                                 .dump()},
                        {"wait_seconds", "0"}, {"seed", nullptr}});
  INFO(harness::result_text(m));
  REQUIRE_FALSE(m.value("isError", false));
  auto multi = api_requests(env.sim, "/openapi/v2/video/multi_transition/generate");
  REQUIRE(multi.size() == 1);
  const json segments = multi[0]["body"]["multi_transition"];
  CHECK(segments[0]["duration"] == 4);
  CHECK(segments[0]["img_id"].is_number_unsigned());
  CHECK_FALSE(segments[0].contains("prompt"));
  CHECK(segments[1]["duration"] == 0);

  // Ambiguous readings keep today's precise errors, and nothing is sent.
  const auto before = env.sim.api_request_count();
  json half = s.call_tool("text_to_video", {{"prompt", "x"}, {"duration", "5.5"}});
  CHECK(half["isError"] == true);
  CHECK(harness::result_text(half).find("duration: must be an integer, got string \"5.5\"") != std::string::npos);
  json yes = s.call_tool("text_to_video", {{"prompt", "x"}, {"water_mark", "yes"}});
  CHECK(harness::result_text(yes).find("water_mark: must be a boolean, got string \"yes\"") != std::string::npos);
  json missing = s.call_tool("text_to_video", {{"prompt", nullptr}});
  CHECK(missing["isError"] == true);
  CHECK(harness::result_text(missing).find("prompt: is required and cannot be null") != std::string::npos);
  CHECK(env.sim.api_request_count() == before);
}

TEST_CASE("ids above 2^53 go out as strings and come back in either form to the same job", "[compat]") {
  SimAndServer env;  // the simulator's ids start at 2^53 + 1
  auto& s = env.session;
  json r = s.call_tool("text_to_video", {{"prompt", "a lantern"}, {"wait_seconds", 0}});
  const json video_id = r["structuredContent"]["video_id"];
  REQUIRE(video_id.is_string());
  const std::string digits = video_id.get<std::string>();
  CHECK(std::stoull(digits) > (1ULL << 53));
  // What a JS host holding the integer would have sent back: the nearest double, another id.
  const double as_double = static_cast<double>(std::stoull(digits));
  CHECK(static_cast<std::uint64_t>(as_double) != std::stoull(digits));
  for (const json& given : {json(digits), json(std::stoull(digits))}) {
    json st = s.call_tool("get_video_status", {{"video_id", given}, {"wait_seconds", 20}});
    REQUIRE_FALSE(st.value("isError", false));
    CHECK(st["structuredContent"]["video_id"] == digits);
    CHECK(st["structuredContent"]["status"] == "succeeded");
  }
  // The status request went to PixVerse with the exact id.
  bool exact = false;
  for (const auto& req : env.sim.requests()) exact |= req["path"] == "/openapi/v2/video/result/" + digits;
  CHECK(exact);
  // list_jobs and the job resource carry it as a string too.
  json jobs = s.call_tool("list_jobs", json::object());
  CHECK(jobs["structuredContent"]["jobs"][0]["video_id"] == digits);
  json read = s.request("resources/read", {{"uri", "pixverse://jobs/" + digits}})["result"];
  json body = json::parse(read["contents"][0]["text"].get<std::string>());
  CHECK(body["video_id"] == digits);
}

TEST_CASE("JSON-RPC batches are served where the revision has them, as one array of responses", "[compat]") {
  for (std::string version : {"2025-03-26", "2024-11-05"}) {
    DYNAMIC_SECTION("revision " << version) {
      auto s = bare_server();
      s.initialize(version);
      // A ping, a notification (no answer), a tool call answered later on a worker, an invalid
      // member without a usable id, and a request without a method.
      s.send_raw(R"([{"jsonrpc":"2.0","id":"a","method":"ping"},)"
                 R"({"jsonrpc":"2.0","method":"notifications/initialized"},)"
                 R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"get_balance","arguments":{}}},)"
                 R"(42,)"
                 R"({"jsonrpc":"2.0","id":8}])");
      auto answer = s.next_message(10s);
      REQUIRE(answer);
      REQUIRE(answer->is_array());
      std::map<std::string, json> by_id;
      int without_id = 0;
      for (const auto& r : *answer) {
        if (r.contains("id")) by_id[r["id"].dump()] = r;
        else ++without_id;
      }
      CHECK(answer->size() == 4);
      CHECK(by_id["\"a\""]["result"] == json::object());
      CHECK(by_id["7"]["result"]["isError"] == true);  // no API key: a tool error saying how to set it
      CHECK(harness::result_text(by_id["7"]["result"]).find("PIXVERSE_API_KEY") != std::string::npos);
      CHECK(by_id["8"]["error"]["code"] == -32600);
      CHECK(without_id == 1);

      // Only notifications: nothing is answered; initialize in a batch is refused; empty is invalid.
      s.send_raw(R"([{"jsonrpc":"2.0","method":"notifications/initialized"}])");
      s.send_raw(R"([{"jsonrpc":"2.0","id":9,"method":"initialize","params":{"protocolVersion":"2025-03-26"}}])");
      auto refused = s.next_message(5s);
      REQUIRE(refused);
      REQUIRE(refused->is_array());
      CHECK((*refused)[0]["id"] == 9);
      CHECK((*refused)[0]["error"]["code"] == -32600);
      s.send_raw("[]");
      auto empty = s.next_message(5s);
      REQUIRE(empty);
      CHECK((*empty)["error"]["code"] == -32600);
      CHECK(s.request("ping")["result"] == json::object());  // single messages still work
    }
  }
  auto s = bare_server();
  s.initialize("2025-06-18");  // batching was removed in 2025-06-18
  // Each request of the refused array still gets its answer, by its id (no client waits forever);
  // its notification gets none.
  s.send_raw(R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/x"},)"
             R"({"jsonrpc":"2.0","id":"two","method":"tools/list"}])");
  std::map<std::string, json> refused;
  for (int i = 0; i < 2; ++i) {
    auto m = s.next_message(5s);
    REQUIRE(m);
    REQUIRE(m->is_object());
    refused[(*m)["id"].dump()] = *m;
  }
  CHECK(refused["1"]["error"]["code"] == -32600);
  CHECK(refused["\"two\""]["error"]["code"] == -32600);
  // An array with no request at all gets one error, with no id.
  s.send_raw(R"([{"jsonrpc":"2.0","method":"notifications/x"}])");
  auto lone = s.next_message(5s);
  REQUIRE(lone);
  CHECK((*lone)["error"]["code"] == -32600);
  CHECK_FALSE(lone->contains("id"));
}

TEST_CASE("odd arguments found by review: deep JSON text, ids past 64 bits or 2^53, union fields, huge spans",
          "[compat]") {
  SimAndServer env;
  auto& s = env.session;
  const auto before = env.sim.api_request_count();
  // An argument carrying JSON text nested 200,000 deep: refused as an argument, the server lives.
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  json r = s.call_tool("multi_transition_video", {{"multi_transition", deep}});
  CHECK(r["isError"] == true);
  CHECK(harness::result_text(r).find("multi_transition") != std::string::npos);
  CHECK(s.request("ping")["result"] == json::object());

  // Ids that cannot be exact are refused before anything is sent.
  for (const json& bad : {json("18446744073709551616"), json("99999999999999999999"), json::parse("1e20"),
                          json::parse("9.007199254741137e15")}) {
    json st = s.call_tool("get_video_status", {{"video_id", bad}, {"wait_seconds", 0}});
    INFO(bad.dump() << ": " << harness::result_text(st));
    CHECK(st["isError"] == true);
    CHECK(harness::result_text(st).find("video_id") != std::string::npos);
    json ext = s.call_tool("extend_video", {{"source_video_id", bad}, {"prompt", "more"}});
    CHECK(ext["isError"] == true);
  }
  CHECK(env.sim.api_request_count() == before);

  // A union field (an integer or a list of them) reads loose values the way tools/list shows it.
  json m = s.call_tool("modify_video", {{"source_video_id", "9007199254740993"}, {"prompt", "x"},
                                        {"keyframe_ids", "[1, \"2\"]"}, {"wait_seconds", 0}});
  INFO(harness::result_text(m));
  auto posts = env.sim.requests();
  bool sent = false;
  for (const auto& p : posts)
    if (p["path"] == "/openapi/v2/video/modify/generate") {
      sent = true;
      CHECK(p["body"]["keyframe_ids"] == json{1, 2});
    }
  CHECK(sent);

  // A span too long to mean anything is a tool error, not an internal one.
  json jobs = s.call_tool("list_jobs", {{"since", "9999999999999999999h"}});
  CHECK(jobs["isError"] == true);
  CHECK(harness::result_text(jobs).find("since") != std::string::npos);
}

TEST_CASE("resources carry no title before 2025-06-18", "[compat]") {
  for (std::string version : {"2024-11-05", "2025-03-26", "2025-06-18"}) {
    auto s = bare_server();
    s.initialize(version);
    json templates = s.request("resources/templates/list")["result"]["resourceTemplates"];
    REQUIRE_FALSE(templates.empty());
    for (const auto& t : templates) CHECK(t.contains("title") == (version == "2025-06-18"));
  }
}
