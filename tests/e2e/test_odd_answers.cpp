// Answers nobody can use: PixVerse, or a proxy in front of it, says "success" with a
// Resp of the wrong shape — a string, an array, null, members of the wrong type, numbers out of
// range. Every tool reads every such answer without trusting it: the call gets a result (an
// error the model can read, or what could be read), never an internal error, and the server
// stays up.
#include <catch2/catch.hpp>

#include "e2e_fixture.h"
#include "schema/json_schema.h"
#include "schema/tool_schema.h"

using namespace e2e;

namespace {

const std::string kImage = std::string(EXAMPLES_DIR) + "/assets/sunset.png";

struct Call {
  std::string path;  // the endpoint whose answer is replaced
  std::string tool;
  json arguments;
};

}  // namespace

TEST_CASE("success answers of the wrong shape give a tool result, never an internal error", "[hostile][odd-answers]") {
  SimAndServer env;
  auto& s = env.session;
  // A real job and an uploaded video, for the tools that need ids.
  json job = s.call_tool("text_to_video", {{"prompt", "a kite"}, {"wait_seconds", 0}})["structuredContent"];
  json clip = s.call_tool("upload_video", {{"file_url", env.sim.base_url() + "/_sim/assets/sample.mp4"}});
  REQUIRE_FALSE(clip.value("isError", false));
  const json media_id = clip["structuredContent"]["media_id"];

  const std::vector<Call> calls{
      {"/openapi/v2/account/balance", "get_balance", json::object()},
      {"/openapi/v2/image/upload", "upload_image", {{"file_path", kImage}}},
      {"/openapi/v2/media/upload", "upload_video", {{"file_url", env.sim.base_url() + "/_sim/assets/sample.mp4"}}},
      {"/openapi/v2/video/text/generate", "text_to_video", {{"prompt", "a kite"}, {"wait_seconds", 0}}},
      {"/openapi/v2/video/result/", "get_video_status", {{"video_id", job["video_id"]}, {"wait_seconds", 0}}},
      {"/openapi/v2/video/restyle/list", "list_restyle_effects", json::object()},
      {"/openapi/v2/video/lip_sync/tts_list", "get_tts_speakers", json::object()},
      {"/openapi/v2/video/mask/selection", "create_swap_mask", {{"video_media_id", media_id}, {"keyframe_id", 1}}},
  };
  const std::vector<json> odd{
      "oops",
      json::array({1, 2}),
      nullptr,
      5,
      json{{"video_id", {{"x", 1}}}, {"img_id", json::array({1})}, {"media_id", "abc"}, {"media_type", 7},
           {"url", 5}, {"img_url", json::array()}, {"credits", "x"}, {"credit", 1e300}, {"keyframe_id", 1.5e300},
           {"keyframe_url", false}, {"mask_info", json::array({{{"mask_name", 5}, {"mask_id", {{"a", 1}}}}, 3})},
           {"credit_monthly", 1e300}, {"credit_package", -1e300}, {"account_id", "me"}, {"total", "many"},
           {"data", "x"}, {"list", json::array({1, "a", nullptr})}, {"status", {{"s", 1}}}},
  };
  for (const auto& call : calls)
    for (const auto& resp : odd) {
      env.sim.add_fault({{"path", call.path}, {"kind", "resp"}, {"resp", resp}, {"times", 1}});
      json answer = s.request("tools/call", {{"name", call.tool}, {"arguments", call.arguments}}, 60s);
      INFO(call.tool << " with Resp " << resp.dump() << " → " << answer.dump().substr(0, 400));
      CHECK(answer.contains("result"));
      CHECK_FALSE(answer.contains("error"));
      // What a host's SDK checks: a successful result matches the tool's outputSchema.
      const json& result = answer["result"];
      if (!result.value("isError", false) && result.contains("structuredContent")) {
        const app::ToolSchema schema(call.tool);
        CHECK(app::describe(schema.output_validator().validate(result["structuredContent"])).empty());
      }
    }
  CHECK(s.request("ping").contains("result"));
}

TEST_CASE("answers found by review: overflowing credits, items of the wrong shape, a status for another id",
          "[hostile][odd-answers]") {
  SimAndServer env;
  auto& s = env.session;
  auto odd = [&](const std::string& path, const json& resp) {
    env.sim.add_fault({{"path", path}, {"kind", "resp"}, {"resp", resp}, {"times", 1}});
  };
  odd("/openapi/v2/account/balance", {{"credit_monthly", 9223372036854775807LL}, {"credit_package", 1}});
  json overflow = s.call_tool("get_balance", json::object());
  CHECK(overflow["isError"] == true);  // not a negative balance
  odd("/openapi/v2/account/balance", "oops");
  CHECK(s.call_tool("get_balance", json::object())["isError"] == true);  // not "0 credits"
  odd("/openapi/v2/video/restyle/list", json::array({{{"restyle_id", nullptr}}, {{"restyle_id", 7}, {"restyle_name", "ok"}}}));
  json list = s.call_tool("list_restyle_effects", json::object());
  INFO(list.dump());
  CHECK_FALSE(list.value("isError", false));
  CHECK(harness::result_text(list).find("left out") != std::string::npos);
  const app::ToolSchema restyle("list_restyle_effects");
  CHECK(app::describe(restyle.output_validator().validate(list["structuredContent"])).empty());

  json job = s.call_tool("text_to_video", {{"prompt", "a kite"}, {"wait_seconds", 0}})["structuredContent"];
  odd("/openapi/v2/video/result/", {{"id", 1}, {"status", 1}, {"url", "javascript:alert(1)"}, {"size", -1}});
  json status = s.call_tool("get_video_status", {{"video_id", job["video_id"]}, {"wait_seconds", 0}});
  INFO(status.dump());
  CHECK(status["structuredContent"]["video_id"] == job["video_id"]);  // the id asked about
  CHECK(status["structuredContent"]["status"] == "running");           // no usable URL: not done
  for (const auto& block : status["content"])
    CHECK(block.value("uri", "").rfind("javascript:", 0) == std::string::npos);
}
