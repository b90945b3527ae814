// The foundation's tools end to end: build/pixverse-mcp through real pipes, against build/pixverse-sim.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>

#include "../support/media_bytes.h"
#include "e2e_fixture.h"
#include "schema/json_schema.h"
#include "tools/tool_table.h"

using namespace e2e;

namespace {

const std::string kImage = std::string(EXAMPLES_DIR) + "/assets/sunset.png";

// Checks structuredContent against the outputSchema the server advertises in tools/list.
void check_output_schema(harness::McpSession& s, const std::string& tool, const json& result) {
  static std::map<std::string, json> schemas;
  if (schemas.empty()) {
    json listed = s.request("tools/list");
    for (const auto& t : listed["result"]["tools"]) schemas[t["name"].get<std::string>()] = t["outputSchema"];
  }
  REQUIRE(result.contains("structuredContent"));
  auto errors = app::JsonSchema(schemas.at(tool)).validate(result["structuredContent"]);
  INFO(app::describe(errors));
  CHECK(errors.empty());
}

json follow_to_end(harness::McpSession& s, const json& video_id) {
  for (int i = 0; i < 20; ++i) {  // the simulator finishes a job after a fixed number of polls
    json r = s.call_tool("get_video_status", {{"video_id", video_id}});
    if (r["structuredContent"]["status"] != "running") return r;
  }
  FAIL("the job never finished");
  return {};
}

std::vector<json> api_requests(const harness::SimProcess& sim, const std::string& path_prefix) {
  std::vector<json> out;
  for (const auto& r : sim.requests())
    if (r["path"].get<std::string>().rfind(path_prefix, 0) == 0) out.push_back(r);
  return out;
}

}  // namespace

TEST_CASE("tools/list shows every tool of the table, with schemas and annotations", "[tools]") {
  auto s = bare_server();
  s.initialize();
  json tools = s.request("tools/list")["result"]["tools"];
  std::set<std::string> names;
  for (const auto& t : tools) {
    names.insert(t["name"].get<std::string>());
    CHECK(t["inputSchema"]["type"] == "object");
    CHECK(t.contains("outputSchema"));
    CHECK(t.contains("description"));
  }
  // The tool names promised to users are listed once, in tests/unit/test_tool_schemas.cpp.
  std::set<std::string> table;
  for (const auto& row : app::tool_table()) table.insert(std::string(row.name));
  CHECK(tools.size() == table.size());
  CHECK(names == table);
  const std::set<std::string> read_only{"get_video_status", "get_image_status", "get_balance", "get_tts_speakers",
                                        "list_restyle_effects"};
  for (const auto& t : tools) {
    INFO(t["name"]);
    if (t["name"] == "list_jobs") continue;  // read-only unless it recovers a job
    CHECK(t["annotations"]["readOnlyHint"].get<bool>() == (read_only.count(t["name"].get<std::string>()) == 1));
    if (t["name"] == "text_to_video") {
      CHECK(t["annotations"]["openWorldHint"] == true);
      CHECK(t["annotations"]["idempotentHint"] == false);
    }
  }
}

TEST_CASE("upload an image, animate it, follow the job: big int64 ids come back exactly", "[tools]") {
  SimAndServer env;  // the simulator's ids start above 2^53: a double would corrupt them
  auto& s = env.session;
  json up = s.call_tool("upload_image", {{"file_path", kImage}});
  REQUIRE_FALSE(up.value("isError", false));
  check_output_schema(s, "upload_image", up);
  json img_id = up["structuredContent"]["img_id"];
  CHECK(img_id.is_string());  // a JS host keeps every digit of a string
  CHECK(std::stoull(id_text(img_id)) > (1ULL << 53));
  auto uploads = api_requests(env.sim, "/openapi/v2/image/upload");
  REQUIRE(uploads.size() == 1);
  CHECK(uploads[0]["multipart"][0]["name"] == "image");
  CHECK(uploads[0]["multipart"][0]["content_type"] == "image/png");

  json gen = s.call_tool("image_to_video", {{"img_id", img_id}, {"prompt", "the sun sets"}, {"model", "v5"},
                                            {"duration", 5}, {"quality", "720p"}, {"wait_seconds", 0}});
  REQUIRE_FALSE(gen.value("isError", false));
  check_output_schema(s, "image_to_video", gen);
  json video_id = gen["structuredContent"]["video_id"];
  CHECK(gen["structuredContent"]["status"] == "running");
  auto posts = api_requests(env.sim, "/openapi/v2/video/img/generate");
  REQUIRE(posts.size() == 1);
  CHECK(id_text(posts[0]["body"]["img_id"]) == id_text(img_id));  // sent as an exact JSON integer
  CHECK(posts[0]["body"]["img_id"].is_number_integer());
  CHECK(id_text(env.sim.jobs()[0]["id"]) == id_text(video_id));

  json done = follow_to_end(s, video_id);
  check_output_schema(s, "get_video_status", done);
  json job = done["structuredContent"];
  CHECK(job["status"] == "succeeded");
  CHECK(id_text(job["video_id"]) == id_text(video_id));
  CHECK(job["url"].get<std::string>().find(id_text(video_id)) != std::string::npos);
  // 720p: the short side is 720 px; the frame follows the image's shape (96x64, landscape).
  CHECK(job["height"] == 720);
  CHECK(job["width"].get<int>() > 720);
  CHECK(job["size_bytes"].get<long long>() > 0);
  CHECK(harness::result_text(done).find(id_text(video_id)) != std::string::npos);
  // PIXVERSE_OUTPUT_DIR is set, so the video was saved and the link points at the local copy.
  bool has_link = false;
  for (const auto& block : done["content"])
    if (block["type"] == "resource_link") has_link = block["uri"] == "file://" + job["local_path"].get<std::string>();
  CHECK(has_link);
}

TEST_CASE("text_to_video sends the documented body with a fresh UUID trace id per request", "[tools]") {
  SimAndServer env;
  auto& s = env.session;
  json gen = s.call_tool("text_to_video", {{"prompt", "a red fox in snow"}, {"seed", 42}, {"wait_seconds", 0}});
  REQUIRE_FALSE(gen.value("isError", false));
  auto posts = api_requests(env.sim, "/openapi/v2/video/text/generate");
  REQUIRE(posts.size() == 1);
  CHECK(posts[0]["body"] == json{{"prompt", "a red fox in snow"}, {"seed", 42}, {"model", "v6"}, {"duration", 5},
                                 {"quality", "540p"}, {"aspect_ratio", "16:9"}});
  CHECK(posts[0]["api_key_ok"] == true);
  CHECK(gen["structuredContent"]["trace_id"] == posts[0]["trace_id"]);
  follow_to_end(s, gen["structuredContent"]["video_id"]);
  std::set<std::string> traces;
  auto all = env.sim.requests();
  for (const auto& r : all) traces.insert(r["trace_id"].get<std::string>());
  CHECK(traces.size() == all.size());  // polls never reuse a trace id (PixVerse would replay the first answer)
}

TEST_CASE("requests to PixVerse reuse kept-alive connections", "[tools][connections]") {
  SimAndServer env;
  auto& s = env.session;
  for (int i = 0; i < 10; ++i) REQUIRE_FALSE(s.call_tool("get_balance", json::object()).value("isError", false));
  json gen = s.call_tool("text_to_video", {{"prompt", "a red fox in snow"}, {"wait_seconds", 0}});
  REQUIRE_FALSE(gen.value("isError", false));
  std::set<int> ports;
  auto all = env.sim.requests();
  for (const auto& r : all) ports.insert(r["client_port"].get<int>());
  INFO(all.dump());
  CHECK(all.size() == 11);
  // One call at a time: one connection serves them all (a new one per request would show 11).
  CHECK(ports.size() == 1);
}

TEST_CASE("a kept-alive connection that fails in a request is dropped, and the retry takes a new one",
          "[tools][connections]") {
  SimAndServer env;
  auto& s = env.session;
  REQUIRE_FALSE(s.call_tool("get_balance", json::object()).value("isError", false));
  env.sim.add_fault({{"path", "/openapi/v2/account/balance"}, {"kind", "drop"}, {"times", 1}});
  json r = s.call_tool("get_balance", json::object());
  CHECK_FALSE(r.value("isError", false));
  auto all = env.sim.requests();
  INFO(all.dump());
  REQUIRE(all.size() == 3);           // no more than the retry policy sends: one retry after a lost answer
  CHECK(all[1]["http_status"] == 0);  // dropped on the reused connection…
  CHECK(all[1]["client_port"] == all[0]["client_port"]);
  CHECK(all[2]["client_port"] != all[1]["client_port"]);  // …which is not reused
  CHECK(all[2]["trace_id"] != all[1]["trace_id"]);        // a GET's retry takes a new trace id
  CHECK(all[2]["http_status"] == 200);
}

TEST_CASE("a file upload is read from disk as it is sent, and sent again whole when its answer is lost",
          "[tools][connections]") {
  SimAndServer env;
  const std::string dir = temp_dir("streamed-upload");
  const std::string path = dir + "/clip.mp4";
  // A 5 s 640x360 MP4 header, then 3 MiB of media data: several buffers' worth.
  std::string video = testsupport::mp4_of(5000, 640, 360);
  video += testsupport::box("mdat", std::string(3u << 20, '\x5a'));
  std::ofstream(path, std::ios::binary) << video;
  env.sim.add_fault({{"path", "/openapi/v2/media/upload"}, {"kind", "drop"}, {"times", 1}, {"after_processing", true}});
  json r = env.session.call_tool("upload_video", {{"file_path", path}});
  INFO(r.dump());
  REQUIRE_FALSE(r.value("isError", false));
  auto uploads = api_requests(env.sim, "/openapi/v2/media/upload");
  REQUIRE(uploads.size() == 2);
  for (const auto& u : uploads) {
    REQUIRE(u["multipart"].size() == 1);
    CHECK(u["multipart"][0]["size"] == video.size());  // every byte, both times
    CHECK(u["multipart"][0]["filename"] == "clip.mp4");
  }
  CHECK(uploads[1]["trace_id"] == uploads[0]["trace_id"]);
  CHECK(uploads[1]["replayed"] == true);  // the first upload's answer, not a second media_id
}

TEST_CASE("a bad argument is rejected with a clear message and sends no HTTP request", "[tools]") {
  SimAndServer env;
  auto& s = env.session;
  json r = s.call_tool("text_to_video", {{"prompt", "x"}, {"duration", "abc"}});
  CHECK(r["isError"] == true);
  CHECK(harness::result_text(r).find("duration: must be an integer, got string \"abc\"") != std::string::npos);
  json r2 = s.call_tool("text_to_video", {{"prompt", "x"}, {"model", "v5.5"}, {"duration", 10}, {"quality", "1080p"}});
  CHECK(harness::result_text(r2).find("1080p") != std::string::npos);
  json r3 = s.call_tool("upload_image", {{"file_path", temp_dir("missing") + "/no-such-file.png"}});
  CHECK(harness::result_text(r3).find("no such file") != std::string::npos);
  // Outside the allowed folders, existing or not, the answer is the same refusal (no probing).
  json outside = s.call_tool("upload_image", {{"file_path", "/no/such/file.png"}});
  json outside_existing = s.call_tool("upload_image", {{"file_path", "/etc/hostname"}});
  CHECK(harness::result_text(outside).find("outside the folders") != std::string::npos);
  CHECK(harness::result_text(outside_existing).find("outside the folders") != std::string::npos);
  json r4 = s.call_tool("get_video_status", {{"video_id", "12abc"}});
  CHECK(r4["isError"] == true);
  CHECK(env.sim.api_request_count() == 0);
}

TEST_CASE("without PIXVERSE_API_KEY the tools say how to set it", "[tools]") {
  auto s = bare_server();
  s.initialize();
  json r = s.call_tool("get_balance", json::object());
  CHECK(r["isError"] == true);
  std::string text = harness::result_text(r);
  CHECK(text.find("PIXVERSE_API_KEY") != std::string::npos);
  CHECK(text.find("\"env\"") != std::string::npos);
}

TEST_CASE("a wrong API key is an auth error, and no key ever appears in output or logs", "[tools]") {
  const std::string secret = "sk-wrong-secret-0123456789";
  harness::SimProcess sim(PIXVERSE_SIM_PATH);
  harness::McpSession s({PIXVERSE_MCP_PATH, {},
                         {{"PIXVERSE_API_KEY", secret}, {"PIXVERSE_BASE_URL", sim.base_url()},
                          {"PIXVERSE_LOG_LEVEL", "trace"}},
                         {}, true});
  s.initialize();
  json r = s.call_tool("get_balance", json::object());
  CHECK(r["isError"] == true);
  std::string text = harness::result_text(r);
  CHECK(text.find("authentication failed") != std::string::npos);
  CHECK(text.find("PIXVERSE_API_KEY") != std::string::npos);
  CHECK(r.dump().find(secret) == std::string::npos);
  s.process().close_stdin();
  s.process().wait(5s);
  CHECK(s.process().drain_stderr(2s).find(secret) == std::string::npos);
  CHECK(sim.requests().dump().find(secret) == std::string::npos);
}

TEST_CASE("API errors become tool errors a model can act on", "[tools]") {
  SimAndServer env;
  auto& s = env.session;
  env.sim.add_fault({{"path", "/openapi/v2/video/text/generate"}, {"kind", "refuse"}, {"err_code", 500044},
                     {"err_msg", "Reached the limit for concurrent generations."}, {"times", 3}});
  json busy = s.call_tool("text_to_video", {{"prompt", "x"}}, 60s);  // refused on each of its 3 attempts
  CHECK(busy["isError"] == true);
  CHECK(harness::result_text(busy).find("concurrency limit") != std::string::npos);
  CHECK(harness::result_text(busy).find("500044") != std::string::npos);
  CHECK(harness::result_text(busy).find("recover_job_id") == std::string::npos);

  env.sim.add_fault({{"path", "/openapi/v2/video/text/generate"}, {"kind", "errcode"}, {"err_code", 500090},
                     {"err_msg", "insufficient balance"}, {"times", 1}});
  json broke = s.call_tool("text_to_video", {{"prompt", "x"}});
  CHECK(harness::result_text(broke).find("insufficient credits") != std::string::npos);

  env.sim.add_fault({{"path", "/openapi/v2/video/text/generate"}, {"kind", "http_500"}, {"times", 3}});
  json lost = s.call_tool("text_to_video", {{"prompt", "x"}});
  CHECK(lost["isError"] == true);
  CHECK(harness::result_text(lost).find("may have accepted the job") != std::string::npos);

  json unknown = s.call_tool("get_video_status", {{"video_id", 12345}});
  CHECK(unknown["isError"] == true);
  CHECK(harness::result_text(unknown).find("400017") != std::string::npos);

  json moderated = s.call_tool("text_to_video", {{"prompt", "[sim:moderate] something"}});
  json end = follow_to_end(s, moderated["structuredContent"]["video_id"]);
  CHECK(end["isError"] == true);
  CHECK(end["structuredContent"]["status"] == "moderated");
  CHECK(harness::result_text(end).find("refunded") != std::string::npos);
}

TEST_CASE("a lost answer to a paid POST is replayed with the same trace id: one job, one charge", "[tools]") {
  SimAndServer env;
  auto& s = env.session;
  env.sim.add_fault({{"path", "/openapi/v2/video/text/generate"}, {"kind", "drop"}, {"after_processing", true},
                     {"times", 1}});
  json r = s.call_tool("text_to_video", {{"prompt", "a lighthouse in a storm"}});
  REQUIRE_FALSE(r.value("isError", false));
  auto posts = api_requests(env.sim, "/openapi/v2/video/text/generate");
  REQUIRE(posts.size() == 2);
  CHECK(posts[0]["trace_id"] == posts[1]["trace_id"]);
  CHECK(posts[0]["body"] == posts[1]["body"]);
  json jobs = env.sim.jobs();
  REQUIRE(jobs.size() == 1);
  CHECK(id_text(jobs[0]["id"]) == id_text(r["structuredContent"]["video_id"]));
}

TEST_CASE("upload_image by URL, and get_balance", "[tools]") {
  SimAndServer env;
  auto& s = env.session;
  json up = s.call_tool("upload_image", {{"image_url", env.sim.base_url() + "/_sim/assets/cat.png"}});
  REQUIRE_FALSE(up.value("isError", false));
  auto uploads = api_requests(env.sim, "/openapi/v2/image/upload");
  REQUIRE(uploads.size() == 1);
  CHECK(uploads[0]["multipart"][0]["name"] == "image_url");
  json bal = s.call_tool("get_balance", json::object());
  REQUIRE_FALSE(bal.value("isError", false));
  check_output_schema(s, "get_balance", bal);
  json b = bal["structuredContent"];
  CHECK(b["credits_total"].get<long long>() == b["credit_monthly"].get<long long>() + b["credit_package"].get<long long>());
}

TEST_CASE("a cancelled call sends no response while ping keeps answering", "[tools]") {
  SimAndServer env;
  auto& s = env.session;
  env.sim.add_fault({{"path", "/openapi/v2/account/balance"}, {"kind", "delay"}, {"delay_ms", 3000}, {"times", 1}});
  json id = s.send_request("tools/call", json{{"name", "get_balance"}, {"arguments", json::object()}});
  auto t0 = std::chrono::steady_clock::now();
  CHECK(s.request("ping", json::object(), 2s)["result"] == json::object());
  CHECK(std::chrono::steady_clock::now() - t0 < 1s);
  s.notify("notifications/cancelled", json{{"requestId", id}, {"reason", "user"}});
  CHECK(s.request("ping", json::object(), 2s)["result"] == json::object());
  // The balance call ends when its delayed answer arrives; nothing may be written for it.
  json after = s.request("tools/call", json{{"name", "get_balance"}, {"arguments", json::object()}}, 10s);
  CHECK(after.contains("result"));
  s.process().close_stdin();
  while (auto msg = s.next_message(5s)) CHECK_FALSE(((*msg).contains("id") && (*msg)["id"] == id));
}

TEST_CASE("a plain-http base URL that is not loopback is refused before anything is sent", "[tools]") {
  harness::McpSession s({PIXVERSE_MCP_PATH, {},
                         {{"PIXVERSE_API_KEY", "k"}, {"PIXVERSE_BASE_URL", "http://app-api.pixverse.ai"},
                          {"PIXVERSE_LOG_LEVEL", "warn"}},
                         {}, true});
  s.initialize();
  json r = s.call_tool("get_balance", json::object());
  CHECK(r["isError"] == true);
  CHECK(harness::result_text(r).find("must use https://") != std::string::npos);
}
