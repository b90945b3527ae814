// Endpoints that edit one video: lip sync, sound effect, modify, restyle, mask selection, swap,
// mimic. One valid request each and their representative rejections.
#include <catch2/catch.hpp>

#include "sim_fixture.h"

using simtest::json;

namespace {

constexpr const char* kLipSync = "/openapi/v2/video/lip_sync/generate";
constexpr const char* kSoundEffect = "/openapi/v2/video/sound_effect/generate";
constexpr const char* kModify = "/openapi/v2/video/modify/generate";
constexpr const char* kRestyle = "/openapi/v2/video/restyle/generate";
constexpr const char* kMask = "/openapi/v2/video/mask/selection";
constexpr const char* kSwap = "/openapi/v2/video/swap/generate";
constexpr const char* kMimic = "/openapi/v2/video/mimic/generate";

// A simulator whose jobs finish at once (--polls 0), with one finished video, one uploaded
// video, one uploaded audio and one image.
struct EditSetup {
  simtest::Sim sim{{"--polls", "0", "--max-concurrent", "100"}};
  std::uint64_t video = sim.finished_video();
  std::uint64_t media = sim.upload_media_asset("sample.mp4");
  std::uint64_t audio = sim.upload_media_asset("sample.wav");
  std::uint64_t img = sim.upload_asset("portrait.png");

  json last_job() const { return sim.jobs().back(); }
  // The source one-of rejections every editing endpoint shares.
  std::vector<simtest::Rejection> source_rejections() const {
    return {
        {"both sources", {{"video_media_id", media}}, 400017, "source_video_id and video_media_id are mutually exclusive"},
        {"no source", {{"source_video_id", nullptr}}, 400017, "either source_video_id or video_media_id must be provided"},
        {"audio as video", {{"source_video_id", nullptr}, {"video_media_id", audio}}, 400017,
         "Invalid media_type: not a video resource"},
        {"unknown video", {{"source_video_id", video + 1000}}, 400017, "couldn't find a matching source_video_id"},
        {"video id as string", {{"source_video_id", std::to_string(video)}}, 400013,
         "invalid binding request: source_video_id must be integer (uint64)"},
    };
  }
  void check(const char* path, const json& valid, std::vector<simtest::Rejection> more) const {
    auto all = source_rejections();
    all.insert(all.end(), more.begin(), more.end());
    simtest::check_rejections(sim, path, valid, all);
  }
};

}  // namespace

TEST_CASE("Lip sync: one video source and one audio source (uploaded audio or TTS)", "[sim][edit]") {
  EditSetup s;
  auto with_audio = s.sim.post(kLipSync, {{"source_video_id", s.video}, {"audio_media_id", s.audio}});
  REQUIRE(with_audio.err_code() == 0);
  auto job = s.last_job();
  CHECK(job["endpoint"] == "lip_sync");
  CHECK(job["credits"] == 4);  // 1 s of audio
  CHECK(job["duration"] == 5);
  CHECK(job["has_audio"] == true);
  CHECK(job["inputs"]["audio_media_id"].get<std::uint64_t>() == s.audio);
  const auto id = with_audio.resp()["video_id"].get<std::uint64_t>();
  CHECK(s.sim.result(id).resp()["has_audio"] == true);
  for (const char* speaker : {"Auto", "auto", "7", "14"}) {
    INFO(speaker);
    CHECK(s.sim.post(kLipSync, {{"video_media_id", s.media}, {"lip_sync_tts_speaker_id", speaker},
                                {"lip_sync_tts_content", "hello there"}})
              .err_code() == 0);
  }
  CHECK(s.last_job()["credits"] == 4);  // 11 bytes: one started block of 15
  // 200 code points of two bytes each are within the limit
  std::string two_hundred;
  for (int i = 0; i < 200; ++i) two_hundred += "\xC3\xA9";
  CHECK(s.sim.post(kLipSync, {{"source_video_id", s.video}, {"lip_sync_tts_speaker_id", "1"},
                              {"lip_sync_tts_content", two_hundred}})
            .err_code() == 0);
  CHECK(s.last_job()["credits"] == 4 * 27);  // 400 bytes

  const json valid = {{"source_video_id", s.video}, {"lip_sync_tts_speaker_id", "Auto"}, {"lip_sync_tts_content", "hi"}};
  s.check(kLipSync, valid,
          {
              {"audio and TTS", {{"audio_media_id", s.audio}}, 400017,
               "audio_media_id and lip_sync_tts_speaker_id + lip_sync_tts_content are mutually exclusive"},
              {"no audio", {{"lip_sync_tts_speaker_id", nullptr}, {"lip_sync_tts_content", nullptr}}, 400017,
               "either audio_media_id or lip_sync_tts_speaker_id + lip_sync_tts_content must be provided"},
              {"speaker only", {{"lip_sync_tts_content", nullptr}}, 400017,
               "lip_sync_tts_speaker_id must be paired with lip_sync_tts_content"},
              {"content only", {{"lip_sync_tts_speaker_id", ""}}, 400017,
               "lip_sync_tts_content must be paired with lip_sync_tts_speaker_id"},
              {"unknown speaker", {{"lip_sync_tts_speaker_id", "99"}}, 400017,
               "The specified speaker ID is invalid or not supported: '99'"},
              {"speaker as integer", {{"lip_sync_tts_speaker_id", 7}}, 400013,
               "invalid binding request: lip_sync_tts_speaker_id must be string"},
              {"TTS too long", {{"lip_sync_tts_content", two_hundred + "x"}}, 400017,
               "TTS text must be within 200 characters (got 201)"},
              {"video as audio", {{"lip_sync_tts_speaker_id", nullptr}, {"lip_sync_tts_content", nullptr},
                                  {"audio_media_id", s.media}}, 400017, "Invalid media_type: not an audio resource"},
              {"unknown audio", {{"lip_sync_tts_speaker_id", nullptr}, {"lip_sync_tts_content", nullptr},
                                 {"audio_media_id", s.audio + 1000}}, 400017, "couldn't find a matching audio_media_id"},
          });
}

TEST_CASE("Sound effect: video source, optional content, switch and model", "[sim][edit]") {
  EditSetup s;
  auto ok = s.sim.post(kSoundEffect, {{"source_video_id", s.video}});
  REQUIRE(ok.err_code() == 0);
  CHECK(s.last_job()["endpoint"] == "sound_effect");
  CHECK(s.last_job()["credits"] == 10);
  CHECK(s.last_job()["has_audio"] == true);
  const json valid = {{"video_media_id", s.media}, {"sound_effect_content", "rain on a tin roof"},
                      {"original_sound_switch", true}, {"model", "v5"}};
  CHECK(s.sim.post(kSoundEffect, valid).err_code() == 0);
  CHECK(s.last_job()["prompt"] == "rain on a tin roof");
  simtest::check_rejections(
      s.sim, kSoundEffect, valid,
      {
          {"both sources", {{"source_video_id", s.video}}, 400017, "source_video_id and video_media_id are mutually exclusive"},
          {"no source", {{"video_media_id", nullptr}}, 400017, "either source_video_id or video_media_id"},
          {"switch as string", {{"original_sound_switch", "true"}}, 400013,
           "invalid binding request: original_sound_switch must be boolean"},
          {"content as number", {{"sound_effect_content", 5}}, 400013,
           "invalid binding request: sound_effect_content must be string"},
          {"audio as video", {{"video_media_id", s.audio}}, 400017, "Invalid media_type: not a video resource"},
      });
}

TEST_CASE("Mask selection: synchronous, 2 credits, stable masks per video and keyframe", "[sim][edit]") {
  EditSetup s;
  const auto before = s.sim.credits_left();
  auto a = s.sim.post(kMask, {{"source_video_id", s.video}});
  REQUIRE(a.err_code() == 0);
  const json& r = a.resp();
  CHECK(r["keyframe_id"] == 1);
  CHECK(r["credits"] == 2);
  CHECK(s.sim.credits_left() == before - 2);
  REQUIRE(r["mask_info"].size() == 3);
  std::vector<std::string> names, ids;
  for (const auto& m : r["mask_info"]) {
    CHECK(m["mask_id"].is_string());
    names.push_back(m["mask_name"].get<std::string>());
    ids.push_back(m["mask_id"].get<std::string>());
    auto png = s.sim.client()->Get(m["mask_url"].get<std::string>().substr(s.sim.base_url().size()).c_str());
    REQUIRE(png);
    CHECK(png->status == 200);
  }
  CHECK(names == std::vector<std::string>{"person", "object", "background"});
  CHECK(ids[0] != ids[1]);
  auto keyframe = s.sim.client()->Get(r["keyframe_url"].get<std::string>().substr(s.sim.base_url().size()).c_str());
  REQUIRE(keyframe);
  CHECK(keyframe->status == 200);
  CHECK(keyframe->get_header_value("Content-Type") == "image/png");
  auto same = s.sim.post(kMask, {{"source_video_id", s.video}, {"keyframe_id", 1}});
  CHECK(same.resp()["mask_info"] == r["mask_info"]);
  auto other = s.sim.post(kMask, {{"source_video_id", s.video}, {"keyframe_id", 0}});
  REQUIRE(other.err_code() == 0);
  CHECK(other.resp()["keyframe_id"] == 0);
  CHECK(other.resp()["mask_info"][0]["mask_id"] != ids[0]);
  CHECK(s.sim.post(kMask, {{"video_media_id", s.media}, {"keyframe_id", 120}}).err_code() == 0);  // 5 s at 24 fps
  CHECK(s.sim.jobs().size() == 1);  // synchronous: no job

  const auto webm = s.sim.upload_media_bytes(std::string("\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01", 9), "a.webm");
  s.check(kMask, {{"source_video_id", s.video}},
          {
              {"negative keyframe", {{"keyframe_id", -1}}, 400017, "keyframe_id must be between 0 and inf (got -1)"},
              {"keyframe as string", {{"keyframe_id", "1"}}, 400013, "invalid binding request: keyframe_id must be integer"},
              {"beyond the last frame", {{"keyframe_id", 121}}, 400017,
               "keyframe_id 121 is beyond the last frame of the video (120)"},
              {"webm upload", {{"source_video_id", nullptr}, {"video_media_id", webm}}, 400017,
               "mask selection needs an H.264/H.265 mp4 or mov video"},
          });
  simtest::Sim poor({"--credits", "1"});
  const auto media = poor.upload_media_asset("sample.mp4");
  auto broke = poor.post(kMask, {{"video_media_id", media}});
  CHECK(broke.err_code() == 500090);
  CHECK(poor.control_get("/_sim/masks").empty());
}

TEST_CASE("Swap: the mask must come from the same video and keyframe", "[sim][edit]") {
  EditSetup s;
  auto masks = s.sim.post(kMask, {{"source_video_id", s.video}, {"keyframe_id", 1}}).resp()["mask_info"];
  const auto person = masks[0]["mask_id"].get<std::string>();
  auto elsewhere = s.sim.post(kMask, {{"video_media_id", s.media}}).resp()["mask_info"][0]["mask_id"].get<std::string>();
  const json valid = {{"source_video_id", s.video}, {"keyframe_id", 1}, {"mask_id", person}, {"img_id", s.img},
                      {"quality", "720p"}};
  auto ok = s.sim.post(kSwap, simtest::patched(valid, {{"original_sound_switch", true}}));
  REQUIRE(ok.err_code() == 0);
  CHECK(ok.resp()["credits"] == 60);  // 12 per second at 720p (assumed) x 5 s
  auto job = s.last_job();
  CHECK(job["endpoint"] == "swap");
  CHECK(job["width"] == 1280);
  CHECK(job["height"] == 720);
  CHECK(job["inputs"]["mask_id"] == person);
  s.check(kSwap, valid,
          {
              {"mask id as integer", {{"mask_id", std::stoll(person)}}, 400013,
               "invalid binding request: mask_id must be string"},
              {"mask missing", {{"mask_id", nullptr}}, 400011, "mask_id is required"},
              {"keyframe missing", {{"keyframe_id", nullptr}}, 400011, "keyframe_id is required"},
              {"img missing", {{"img_id", nullptr}}, 400011, "img_id is required"},
              {"other keyframe", {{"keyframe_id", 2}}, 400017, "mask_id '" + person + "' belongs to video"},
              {"other video's mask", {{"mask_id", elsewhere}}, 400017, "mask_id '" + elsewhere + "' belongs to video"},
              {"unknown mask", {{"mask_id", "nope"}}, 400017, "couldn't find a matching mask_id: 'nope'"},
              {"1080p", {{"quality", "1080p"}}, 400017, "quality '1080p' is not supported (allowed: 360p, 540p, 720p)"},
              {"unknown image", {{"img_id", s.img + 1000}}, 400032, "couldn't find a matching img_id"},
          });
}

TEST_CASE("Modify: masks and images referenced as @selectionN / @imgN", "[sim][edit]") {
  EditSetup s;
  auto masks = s.sim.post(kMask, {{"video_media_id", s.media}}).resp()["mask_info"];
  const auto m0 = masks[0]["mask_id"].get<std::string>();
  const json valid = {{"video_media_id", s.media}, {"prompt", "@selection0 subject is swapped with @img0"},
                      {"img_ids", {s.img}}, {"mask_ids", {m0}}, {"keyframe_ids", 1}, {"quality", "540p"}};
  auto ok = s.sim.post(kModify, valid);
  REQUIRE(ok.err_code() == 0);
  const auto id = ok.resp()["video_id"].get<std::uint64_t>();
  CHECK(s.sim.result(id).resp()["status"] == 1);
  CHECK(s.last_job()["endpoint"] == "modify");
  CHECK(s.last_job()["credits"] == 25);  // 5 per second at 540p (assumed)
  CHECK(s.sim.post(kModify, simtest::patched(valid, {{"keyframe_ids", {1}}})).err_code() == 0);  // both shapes
  CHECK(s.sim.post(kModify, {{"source_video_id", s.video}, {"prompt", "remove the lamp"}, {"quality", "360p"}})
            .err_code() == 0);
  // references that do not match the masks/images: accepted, but the task fails
  auto mismatch = s.sim.post(kModify, simtest::patched(valid, {{"prompt", "@selection0 and @selection1 become @img0"}}));
  REQUIRE(mismatch.err_code() == 0);
  CHECK(s.sim.result(mismatch.resp()["video_id"].get<std::uint64_t>()).resp()["status"] == 8);
  auto unreferenced = s.sim.post(kModify, simtest::patched(valid, {{"prompt", "make it snow"}}));
  CHECK(s.sim.result(unreferenced.resp()["video_id"].get<std::uint64_t>()).resp()["status"] == 8);

  s.check(kModify, simtest::patched(valid, {{"video_media_id", nullptr}, {"source_video_id", s.video},
                                            {"mask_ids", nullptr}}),
          {
              {"1080p", {{"quality", "1080p"}}, 400017, "quality '1080p' is not supported (allowed: 360p, 540p, 720p)"},
              {"prompt missing", {{"prompt", nullptr}}, 400011, "prompt is required"},
              {"four images", {{"img_ids", {s.img, s.img, s.img, s.img}}}, 400017, "img_ids must have at most 3 items (got 4)"},
              {"mask id as integer", {{"mask_ids", {1}}}, 400013, "invalid binding request: mask_ids must be array of strings"},
              {"four masks", {{"mask_ids", {m0, m0, m0, m0}}}, 400017, "mask_ids must have at most 3 items"},
              {"unknown mask", {{"mask_ids", {"nope"}}}, 400017, "couldn't find a matching mask_id: 'nope'"},
              {"other video's mask", {{"mask_ids", {m0}}}, 400017, "mask_id '" + m0 + "' was selected on video"},
              {"keyframe as string", {{"keyframe_ids", "1"}}, 400013,
               "invalid binding request: keyframe_ids must be integer or array of integers"},
              {"negative keyframe", {{"keyframe_ids", {2, -1}}}, 400017, "keyframe_ids[1] must be between 0 and inf"},
              {"unknown image", {{"img_ids", {s.img + 1000}}}, 400032, "couldn't find a matching img_id"},
          });
}

TEST_CASE("Restyle: restyle_id or restyle_prompt, sources up to 16 s", "[sim][edit]") {
  EditSetup s;
  auto ok = s.sim.post(kRestyle, {{"source_video_id", s.video}, {"restyle_id", 1001}, {"seed", 42}});
  REQUIRE(ok.err_code() == 0);
  CHECK(ok.resp()["credits"] == 50);  // 10 per second
  CHECK(s.last_job()["endpoint"] == "restyle");
  CHECK(s.sim.result(ok.resp()["video_id"].get<std::uint64_t>()).resp()["seed"] == 42);
  CHECK(s.sim.post(kRestyle, {{"video_media_id", s.media}, {"restyle_prompt", "like a watercolor"}}).err_code() == 0);
  const auto fifteen = s.sim.finished_video({{"model", "v6"}, {"duration", 15}});
  CHECK(s.sim.post(kRestyle, {{"source_video_id", fifteen}, {"restyle_id", 1002}}).err_code() == 0);
  // a 20 s video made by extending the 15 s one, and a 20 s upload
  auto extended = s.sim.post("/openapi/v2/video/extend/generate", {{"source_video_id", fifteen}, {"prompt", "more"},
                                                                   {"model", "v6"}, {"duration", 5}, {"quality", "540p"},
                                                                   {"seed", 1}});
  REQUIRE(extended.err_code() == 0);
  const auto twenty = extended.resp()["video_id"].get<std::uint64_t>();
  const auto long_upload = s.sim.upload_media_bytes(simtest::retimed_mp4(s.sim.asset("sample.mp4"), 20000), "long.mp4");

  const json valid = {{"source_video_id", s.video}, {"restyle_id", 1001}};
  s.check(kRestyle, valid,
          {
              {"both", {{"restyle_prompt", "noir"}}, 400017,
               "Either \"restyle_id\" or \"restyle_prompt\" must be provided, not both"},
              {"neither", {{"restyle_id", nullptr}}, 400017, "Either \"restyle_id\" or \"restyle_prompt\" must be provided"},
              {"empty prompt", {{"restyle_id", nullptr}, {"restyle_prompt", ""}}, 400017,
               "Either \"restyle_id\" or \"restyle_prompt\" must be provided"},
              {"not in the list", {{"restyle_id", 42}}, 400017, "restyle_id 42 is not in the restyle list"},
              {"id as string", {{"restyle_id", "1001"}}, 400013, "invalid binding request: restyle_id must be integer"},
              {"prompt too long", {{"restyle_id", nullptr}, {"restyle_prompt", std::string(5001, 'a')}}, 400017,
               "restyle_prompt is too long: 5001 characters (max 5000)"},
              {"seed range", {{"seed", 2147483648LL}}, 400017, "seed must be between 0 and 2147483647"},
              {"20 s video", {{"source_video_id", twenty}}, 400017,
               "restyle: the source video must be at most 16 s long (source_video_id " + std::to_string(twenty) +
                   " is 20.0 s)"},
              {"20 s upload", {{"source_video_id", nullptr}, {"video_media_id", long_upload}}, 400017,
               "restyle: the source video must be at most 16 s long"},
          });
}

TEST_CASE("Mimic: video source, img_id, quality, answers {video_id, credit}", "[sim][edit]") {
  EditSetup s;
  const json valid = {{"source_video_id", s.video}, {"img_id", s.img}, {"quality", "540p"}};
  auto ok = s.sim.post(kMimic, valid);
  REQUIRE(ok.err_code() == 0);
  CHECK(ok.resp()["credit"] == 50);  // 10 per second at 540p
  CHECK_FALSE(ok.resp().contains("credits"));
  CHECK(s.last_job()["endpoint"] == "mimic");
  CHECK(s.last_job()["height"] == 960);  // the portrait image decides the frame
  CHECK(s.sim.post(kMimic, simtest::patched(valid, {{"quality", "720p"}})).err_code() == 0);
  s.check(kMimic, valid,
          {
              {"img missing", {{"img_id", nullptr}}, 400011, "img_id is required"},
              {"quality missing", {{"quality", nullptr}}, 400011, "quality is required"},
              {"quality 4k", {{"quality", "4k"}}, 400017, "quality '4k' is not supported"},
              {"quality 1080p (the Mimic guide: no 1080p)", {{"quality", "1080p"}}, 400017,
               "quality '1080p' is not supported (allowed: 360p, 540p, 720p)"},
              {"unknown image", {{"img_id", s.img + 1000}}, 400032, "couldn't find a matching img_id"},
          });
}

TEST_CASE("Editing endpoints: concurrency limit, balance, trace-id replay and faults", "[sim][edit]") {
  simtest::Sim sim({"--max-concurrent", "2", "--credits", "200"});
  const auto media = sim.upload_media_asset("sample.mp4");
  const json restyle = {{"video_media_id", media}, {"restyle_id", 1003}};
  const std::string trace = simtest::new_uuid();
  auto first = sim.post(kRestyle, restyle, simtest::api_headers(trace));
  REQUIRE(first.err_code() == 0);
  CHECK(sim.post(kRestyle, restyle, simtest::api_headers(trace)).body == first.body);  // replayed, not charged
  CHECK(sim.credits_left() == 150);
  CHECK(sim.post(kSoundEffect, {{"video_media_id", media}}).err_code() == 0);
  auto busy = sim.post(kMimic, {{"video_media_id", media}, {"img_id", sim.upload_asset("cat.png")}, {"quality", "360p"}});
  CHECK(busy.err_code() == 500044);
  REQUIRE(sim.result(first.resp()["video_id"].get<std::uint64_t>()).err_code() == 0);
  REQUIRE(sim.result(first.resp()["video_id"].get<std::uint64_t>()).resp()["status"] == 1);
  CHECK(sim.post(kRestyle, restyle).err_code() == 0);  // one finished: room for one more
  auto poorer = sim.post(kRestyle, restyle);
  CHECK(poorer.err_code() == 500044);
  sim.add_fault({{"path", kLipSync}, {"kind", "errcode"}, {"err_code", 500069}, {"err_msg", "busy"}, {"times", 1}});
  const json lip = {{"video_media_id", media}, {"lip_sync_tts_speaker_id", "Auto"}, {"lip_sync_tts_content", "hi"}};
  CHECK(sim.post(kLipSync, lip).err_code() == 500069);
  auto jobs = sim.jobs();
  CHECK(jobs.size() == 3);
  CHECK(jobs[0]["endpoint"] == "restyle");
  CHECK(jobs[0]["trace_id"] == trace);
  CHECK(jobs[0]["inputs"]["video_media_id"].get<std::uint64_t>() == media);
  CHECK(jobs[0]["inputs"]["restyle_id"] == 1003);

  simtest::Sim tight({"--credits", "40"});
  const auto m = tight.upload_media_asset("sample.mp4");
  auto refused = tight.post(kRestyle, {{"video_media_id", m}, {"restyle_prompt", "noir"}});
  CHECK(refused.err_code() == 500090);
  CHECK(tight.jobs().empty());
}
