// Every tool end to end: the real binary through real pipes against the simulator.
// For each tool the simulator's request log must show the exact path and body it sent, and
// the result's structuredContent must match the tool's declared outputSchema.
#include <catch2/catch.hpp>

#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "../support/retimed_mp4.h"
#include "e2e_fixture.h"
#include "schema/json_schema.h"

using namespace e2e;

namespace {

const std::string kImage = std::string(EXAMPLES_DIR) + "/assets/sunset.png";

struct Env {
  SimAndServer env;
  std::map<std::string, json> output_schemas;

  Env() {
    const json listed = env.session.request("tools/list");  // named: a temporary's members would dangle
    for (const auto& t : listed["result"]["tools"])
      output_schemas[t["name"].get<std::string>()] = t["outputSchema"];
  }

  // Calls a tool that must succeed; checks its structuredContent against its outputSchema.
  json ok(const std::string& tool, json args) {
    json r = env.session.call_tool(tool, std::move(args), 60s);
    INFO(tool << ": " << harness::result_text(r));
    REQUIRE_FALSE(r.value("isError", false));
    auto errors = app::JsonSchema(output_schemas.at(tool)).validate(r["structuredContent"]);
    INFO(app::describe(errors));
    CHECK(errors.empty());
    return r["structuredContent"];
  }

  // The last request the simulator received on `path`.
  json last(const std::string& path) {
    json found;
    for (const auto& r : env.sim.requests())
      if (r["path"] == path) found = r;
    INFO(path);
    REQUIRE_FALSE(found.is_null());
    return found;
  }

  std::string fetch_asset(const std::string& name) {
    httplib::Client c("127.0.0.1", env.sim.port());
    auto res = c.Get("/_sim/assets/" + name);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    auto path = std::filesystem::path(temp_dir("assets")) / name;
    std::ofstream(path, std::ios::binary) << res->body;
    return path.string();
  }
};

std::uint64_t id(const json& v) { return std::stoull(id_text(v)); }

}  // namespace

TEST_CASE("every tool sends the documented request and returns its declared output", "[all-tools]") {
  Env e;
  const std::string asset_url = e.env.sim.base_url() + "/_sim/assets/";

  // Inputs: image by path, video by URL, audio by path.
  json img = e.ok("upload_image", {{"file_path", kImage}});
  CHECK(e.last("/openapi/v2/image/upload")["multipart"][0]["name"] == "image");
  json vid = e.ok("upload_video", {{"file_url", asset_url + "sample.mp4"}});
  json up = e.last("/openapi/v2/media/upload");
  CHECK(up["multipart"][0]["name"] == "file_url");
  CHECK(vid["media_type"] == "video");
  json aud = e.ok("upload_audio", {{"file_path", e.fetch_asset("sample.wav")}});
  CHECK(e.last("/openapi/v2/media/upload")["multipart"][0]["name"] == "file");
  CHECK(aud["media_type"] == "audio");

  // A finished video to edit.
  json a = e.ok("text_to_video", {{"prompt", "a lighthouse at dusk"}, {"model", "v6"}, {"duration", 4}});
  REQUIRE(a["status"] == "succeeded");
  CHECK(e.last("/openapi/v2/video/text/generate")["body"] ==
        json({{"prompt", "a lighthouse at dusk"}, {"model", "v6"}, {"duration", 4}, {"quality", "540p"},
              {"aspect_ratio", "16:9"}}));

  // A file path where an id is expected is uploaded first, once, and reported.
  json t = e.ok("transition_video", {{"prompt", "day to night"}, {"first_frame_img", kImage},
                                     {"last_frame_img", img["img_id"]}, {"model", "v5.5"}, {"duration", 8}});
  json tb = e.last("/openapi/v2/video/transition/generate")["body"];
  REQUIRE(t["uploads"].size() == 1);
  CHECK(t["uploads"][0]["field"] == "first_frame_img");
  CHECK(tb["first_frame_img"].dump() == id_text(t["uploads"][0]["id"]));
  CHECK(tb["last_frame_img"].dump() == id_text(img["img_id"]));
  CHECK_FALSE(tb.contains("wait_seconds"));  // server-side arguments never reach PixVerse
  CHECK_FALSE(tb.contains("aspect_ratio"));

  // PixVerse requires a seed on extend: none given, a random one is sent and reported.
  json ext = e.ok("extend_video", {{"source_video_id", a["video_id"]}, {"prompt", "the light turns on"}});
  json eb = e.last("/openapi/v2/video/extend/generate")["body"];
  CHECK(id_text(eb["source_video_id"]) == id_text(a["video_id"]));
  CHECK_FALSE(eb.contains("video_media_id"));
  REQUIRE(eb["seed"].is_number_integer());
  CHECK(eb["seed"].get<std::int64_t>() >= 0);
  CHECK(eb["seed"].get<std::int64_t>() <= 2147483647);
  CHECK(ext["seed"] == eb["seed"]);

  e.ok("sound_effect_video", {{"source_video_id", a["video_id"]}, {"sound_effect_content", "waves"}});
  CHECK(e.last("/openapi/v2/video/sound_effect/generate")["body"] ==
        json({{"source_video_id", id(a["video_id"])}, {"sound_effect_content", "waves"}}));

  e.ok("lip_sync_video", {{"video_media_id", vid["media_id"]}, {"audio_media_id", aud["media_id"]}});
  CHECK(e.last("/openapi/v2/video/lip_sync/generate")["body"] ==
        json({{"video_media_id", id(vid["media_id"])}, {"audio_media_id", id(aud["media_id"])}}));
  e.ok("lip_sync_video", {{"source_video_id", a["video_id"]}, {"lip_sync_tts_speaker_id", "Auto"},
                          {"lip_sync_tts_content", "Hello there"}});
  CHECK(e.last("/openapi/v2/video/lip_sync/generate")["body"]["lip_sync_tts_speaker_id"] == "Auto");

  json refs = {{{"type", "subject"}, {"img_id", img["img_id"]}, {"ref_name", "sun"}},
               {{"type", "background"}, {"img_id", img["img_id"]}, {"ref_name", "sea"}}};
  e.ok("fusion_video", {{"prompt", "@sun rises over @sea "}, {"image_references", refs}, {"model", "c1"}});
  json fb = e.last("/openapi/v2/video/fusion/generate")["body"];
  CHECK(fb["image_references"][1]["ref_name"] == "sea");
  CHECK(fb["aspect_ratio"] == "16:9");

  e.ok("template_video", {{"template_id", 315446315336768ULL}, {"img_id", img["img_id"]}});
  json tvb = e.last("/openapi/v2/video/img/generate")["body"];
  CHECK(tvb["template_id"] == 315446315336768ULL);
  CHECK(tvb["duration"] == 5);

  e.ok("multi_transition_video",
       {{"multi_transition", {{{"img_id", img["img_id"]}, {"duration", 3}, {"prompt", "zoom"}}, {{"img_id", img["img_id"]}}}}});
  json mb = e.last("/openapi/v2/video/multi_transition/generate")["body"];
  CHECK(mb["model"] == "v5");
  CHECK(mb["multi_transition"].size() == 2);

  json effects = e.ok("list_restyle_effects", json::object());
  REQUIRE_FALSE(effects["effects"].empty());
  CHECK(effects["effects"][0].contains("name"));  // restyle_name renamed
  CHECK(e.last("/openapi/v2/video/restyle/list")["query"].get<std::string>().find("page_num=1") != std::string::npos);
  e.ok("restyle_video", {{"source_video_id", a["video_id"]}, {"restyle_id", effects["effects"][0]["restyle_id"]}});
  CHECK(e.last("/openapi/v2/video/restyle/generate")["body"].contains("restyle_id"));

  json masks = e.ok("create_swap_mask", {{"source_video_id", a["video_id"]}});
  REQUIRE_FALSE(masks["masks"].empty());
  CHECK(e.last("/openapi/v2/video/mask/selection")["body"] ==
        json({{"source_video_id", id(a["video_id"])}, {"keyframe_id", 1}}));
  json mask_id = masks["masks"][0]["mask_id"];
  e.ok("swap_video", {{"source_video_id", a["video_id"]}, {"mask_id", mask_id}, {"img_id", img["img_id"]}});
  json sb = e.last("/openapi/v2/video/swap/generate")["body"];
  CHECK(sb["mask_id"].is_string());
  CHECK(sb["keyframe_id"] == 1);
  CHECK(sb["quality"] == "540p");
  e.ok("modify_video", {{"source_video_id", a["video_id"]}, {"prompt", "@selection0 is replaced by @img0"},
                        {"mask_ids", {mask_id}}, {"img_ids", {img["img_id"]}}, {"keyframe_ids", 1}});
  CHECK(e.last("/openapi/v2/video/modify/generate")["body"]["mask_ids"] == json::array({mask_id}));

  e.ok("motion_control_video", {{"video_media_id", vid["media_id"]}, {"img_id", img["img_id"]}});
  CHECK(e.last("/openapi/v2/video/mimic/generate")["body"] ==
        json({{"video_media_id", id(vid["media_id"])}, {"img_id", id(img["img_id"])}, {"quality", "540p"}}));

  json image = e.ok("image_template", {{"template_id", 384268229671680ULL}, {"img_ids", {img["img_id"]}}});
  CHECK(image["status"] == "succeeded");
  CHECK(e.last("/openapi/v2/image/template/generate")["body"]["img_ids"] == json::array({id(img["img_id"])}));
  json again = e.ok("get_image_status", {{"image_id", image["image_id"]}, {"wait_seconds", 0}});
  CHECK(again["status"] == "succeeded");
  CHECK(again["url"] == image["url"]);

  json speakers = e.ok("get_tts_speakers", {{"page_size", 50}});
  bool has_auto = false;
  for (const auto& s : speakers["speakers"]) has_auto |= s["speaker_id"] == "Auto";
  CHECK(has_auto);
  e.ok("get_balance", json::object());

  json jobs = e.ok("list_jobs", {{"limit", 100}});
  std::set<std::string> tools;
  for (const auto& j : jobs["jobs"]) tools.insert(j["tool"].get<std::string>());
  CHECK(tools == std::set<std::string>{"text_to_video", "transition_video", "extend_video", "sound_effect_video",
                                       "lip_sync_video", "fusion_video", "template_video", "multi_transition_video",
                                       "restyle_video", "swap_video", "modify_video", "motion_control_video",
                                       "image_template"});
  // Every request carried the key and a fresh trace id; nothing was rejected by the simulator.
  std::set<std::string> traces;
  for (const auto& r : e.env.sim.requests()) {
    INFO(r.dump().substr(0, 400));
    CHECK(r["err_code"] == 0);
    CHECK(r["api_key_ok"] == true);
    traces.insert(r["trace_id"].get<std::string>());
  }
  CHECK(traces.size() == e.env.sim.requests().size());
}

TEST_CASE("a rejected per-model combination sends nothing, for every generation tool", "[all-tools]") {
  SimAndServer env;
  const std::vector<std::pair<std::string, json>> bad{
      {"text_to_video", {{"prompt", "x"}, {"model", "v5"}, {"duration", 10}}},
      {"image_to_video", {{"prompt", "x"}, {"img_id", 1}, {"model", "v5.5"}, {"duration", 10}, {"quality", "1080p"}}},
      {"transition_video", {{"prompt", "x"}, {"first_frame_img", 1}, {"last_frame_img", 2}, {"model", "v4"}, {"duration", 7}}},
      {"extend_video", {{"prompt", "x"}, {"source_video_id", 1}, {"model", "c1"}}},
      {"fusion_video", {{"prompt", "@a"}, {"model", "v4.5"}, {"aspect_ratio", "21:9"},
                        {"image_references", {{{"type", "subject"}, {"img_id", 1}, {"ref_name", "a"}}}}}},
      {"swap_video", {{"source_video_id", 1}, {"mask_id", "1"}, {"img_id", 1}, {"quality", "1080p"}}},
      {"lip_sync_video", {{"source_video_id", 1}, {"video_media_id", 2}, {"audio_media_id", 3}}},
      {"restyle_video", {{"source_video_id", 1}}},
      {"multi_transition_video", {{"model", "v6"}, {"multi_transition", {{{"img_id", 1}}, {{"img_id", 2}}}}}},
  };
  for (const auto& [tool, args] : bad) {
    json r = env.session.call_tool(tool, args);
    INFO(tool << ": " << harness::result_text(r));
    CHECK(r["isError"] == true);
    CHECK(harness::result_text(r).find("Nothing was sent") != std::string::npos);
  }
  CHECK(env.sim.api_request_count() == 0);
}

TEST_CASE("extend without a seed: the seed sent is the one reported, also when the call returns at once",
          "[all-tools]") {
  Env e;
  json a = e.ok("text_to_video", {{"prompt", "a pier"}, {"duration", 3}});
  REQUIRE(a["status"] == "succeeded");
  json running = e.ok("extend_video", {{"source_video_id", a["video_id"]}, {"prompt", "waves"}, {"wait_seconds", 0}});
  CHECK(running["status"] == "running");
  const json sent = e.last("/openapi/v2/video/extend/generate")["body"];
  REQUIRE(sent["seed"].is_number_integer());
  CHECK(running["seed"] == sent["seed"]);  // known from the request, before any status answer
  json mine = e.ok("extend_video", {{"source_video_id", a["video_id"]}, {"prompt", "waves"}, {"seed", 1234}});
  CHECK(e.last("/openapi/v2/video/extend/generate")["body"]["seed"] == 1234);
  CHECK(mine["seed"] == 1234);
}

TEST_CASE("fusion omni mode with a local video file as a reference", "[all-tools]") {
  Env e;
  const std::string clip = e.fetch_asset("sample.mp4");  // 5 s, 640x360, on this machine
  json r = e.ok("fusion_video", {{"prompt", "@sun dances like @moves "},
                                 {"image_references", {{{"type", "subject"}, {"img_id", kImage}, {"ref_name", "sun"}}}},
                                 {"video_references", {{{"ref_name", "moves"}, {"video_media_id", clip}}}},
                                 {"aspect_ratio", "auto"}});
  CHECK(r["status"] == "succeeded");
  REQUIRE(r["uploads"].size() == 2);  // the picture and the video, each uploaded first
  json video_upload;
  for (const auto& u : r["uploads"])
    if (u["field"] == "video_references[0].video_media_id") video_upload = u;
  REQUIRE_FALSE(video_upload.is_null());
  CHECK(video_upload["kind"] == "video");
  CHECK(video_upload["source"] == clip);
  CHECK(e.last("/openapi/v2/media/upload")["multipart"][0]["name"] == "file");

  const json body = e.last("/openapi/v2/video/fusion/generate")["body"];
  CHECK(body["reference_mode"] == "omni");  // set by itself with video_references
  CHECK(body["duration"] == 0);             // as long as the references
  CHECK(body["aspect_ratio"] == "auto");
  CHECK(body["model"] == "v6");
  REQUIRE(body["video_references"].size() == 1);
  CHECK(body["video_references"][0]["ref_name"] == "moves");
  CHECK(body["video_references"][0]["video_media_id"].is_number_integer());
  CHECK(body["video_references"][0]["video_media_id"].dump() == id_text(video_upload["id"]));
  CHECK(body["image_references"][0]["img_id"].is_number_integer());
  const json job = e.env.sim.jobs().back();
  CHECK(job["duration"] == 5);  // the simulator made it as long as the reference
  CHECK(job["width"] == 960);   // and in its shape (auto)
  for (const auto& req : e.env.sim.requests()) CHECK(req["err_code"] == 0);
}

TEST_CASE("requests PixVerse would refuse are refused here and send nothing", "[all-tools]") {
  SimAndServer env;
  const std::string dir = temp_dir("limits");
  auto write = [&](const std::string& name, const std::string& bytes) {
    std::string path = dir + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  };
  httplib::Client c("127.0.0.1", env.sim.port());
  auto sample = c.Get("/_sim/assets/sample.mp4");
  REQUIRE(sample);
  const std::string ten_s = write("ten.mp4", testsupport::retimed_mp4(sample->body, 10000));
  const std::string six_s = write("six.mp4", testsupport::retimed_mp4(sample->body, 6000));
  const std::string long_s = write("long.mp4", testsupport::retimed_mp4(sample->body, 45000));
  const std::string uhd = write("uhd.mp4", testsupport::retimed_mp4(sample->body, 5000, 3840, 2160));
  const std::string over(2049, 'a');
  auto images = [](int n) {
    json out = json::array();
    for (int i = 0; i < n; ++i) out.push_back({{"type", "subject"}, {"img_id", i + 1}, {"ref_name", "p" + std::to_string(i)}});
    return out;
  };
  const json moves = {{"ref_name", "moves"}, {"video_media_id", 5}};
  const std::vector<std::pair<std::string, json>> bad{
      {"motion_control_video", {{"video_media_id", 1}, {"img_id", 2}, {"quality", "1080p"}}},
      {"transition_video", {{"prompt", over}, {"first_frame_img", 1}, {"last_frame_img", 2}}},
      {"extend_video", {{"prompt", over}, {"source_video_id", 1}}},
      {"template_video", {{"prompt", over}, {"template_id", 315446315336768ULL}, {"img_id", 1}}},
      {"fusion_video", {{"prompt", "@a @b @c "}, {"video_references", {moves, moves, moves}}}},
      {"fusion_video", {{"prompt", "@p0 "}, {"reference_mode", "omni"}, {"image_references", images(11)}}},
      {"fusion_video", {{"prompt", "@p0 "}, {"image_references", images(8)}}},
      {"fusion_video", {{"prompt", "@moves "}, {"video_references", {moves}}, {"model", "c1"}}},
      {"fusion_video", {{"prompt", "@moves "}, {"video_references", {moves}}, {"duration", 5}}},
      {"fusion_video", {{"prompt", "@p0 "}, {"image_references", images(1)}, {"aspect_ratio", "auto"}}},
      // Local files are checked against the input's own limits before anything is uploaded.
      {"fusion_video", {{"prompt", "@a @b "},
                        {"video_references", {{{"ref_name", "a"}, {"video_media_id", ten_s}},
                                              {{"ref_name", "b"}, {"video_media_id", six_s}}}}}},
      {"extend_video", {{"prompt", "more"}, {"video_media_id", long_s}}},
      {"lip_sync_video", {{"video_media_id", uhd}, {"audio_media_id", 3}}},
  };
  for (const auto& [tool, args] : bad) {
    json r = env.session.call_tool(tool, args);
    INFO(tool << " " << args.dump().substr(0, 160) << ": " << harness::result_text(r));
    CHECK(r["isError"] == true);
    CHECK(harness::result_text(r).find("Nothing was sent") != std::string::npos);
  }
  CHECK(env.sim.api_request_count() == 0);
  const std::string text = harness::result_text(env.session.call_tool(
      "fusion_video", {{"prompt", "@a @b "},
                       {"video_references", {{{"ref_name", "a"}, {"video_media_id", ten_s}},
                                             {{"ref_name", "b"}, {"video_media_id", six_s}}}}}));
  CHECK_THAT(text, Catch::Contains("10 s + 6 s = 16 s together") && Catch::Contains("at most 15 s"));
  CHECK_THAT(harness::result_text(env.session.call_tool("extend_video", {{"prompt", "x"}, {"video_media_id", long_s}})),
             Catch::Contains("plays for 45 s") && Catch::Contains("under 40 s"));
  CHECK(env.sim.api_request_count() == 0);
}

TEST_CASE("what only PixVerse can know is left to it: the simulator refuses, and no job is made", "[all-tools]") {
  Env e;
  httplib::Client c("127.0.0.1", e.env.sim.port());
  auto sample = c.Get("/_sim/assets/sample.mp4");
  REQUIRE(sample);
  const auto path = std::filesystem::path(temp_dir("ten")) / "ten.mp4";
  std::ofstream(path, std::ios::binary) << testsupport::retimed_mp4(sample->body, 10000);
  // Uploaded alone each is fine; given by id, their lengths are for PixVerse to add up.
  json a = e.ok("upload_video", {{"file_path", path.string()}});
  json b = e.ok("upload_video", {{"file_path", path.string()}});
  json r = e.env.session.call_tool(
      "fusion_video", {{"prompt", "@a @b "},
                       {"video_references", {{{"ref_name", "a"}, {"video_media_id", a["media_id"]}},
                                             {{"ref_name", "b"}, {"video_media_id", b["media_id"]}}}}});
  INFO(harness::result_text(r));
  CHECK(r["isError"] == true);
  CHECK_THAT(harness::result_text(r), Catch::Contains("20.0 s together"));
  CHECK(e.env.sim.jobs().empty());
}
