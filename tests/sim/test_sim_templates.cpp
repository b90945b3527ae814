// Effect templates: video templates through image-to-video (activation, image counts), image
// templates (POST image/template/generate) and the image result endpoint.
#include <catch2/catch.hpp>

#include "sim_fixture.h"

using simtest::json;

namespace {

constexpr std::uint64_t kKissKiss = 315446315336768ULL;   // one image
constexpr std::uint64_t kHug = 316826014376384ULL;        // two images
constexpr std::uint64_t kFigurine = 384268229671680ULL;   // image template, one image
constexpr std::uint64_t kCouple = 377378608924544ULL;     // image template, two images
constexpr const char* kImageTemplate = "/openapi/v2/image/template/generate";

json i2v(const json& patch) {
  json b = simtest::t2v_body();
  b.erase("aspect_ratio");
  return simtest::patched(b, patch);
}

}  // namespace

TEST_CASE("Video templates must be activated and get the number of images they take", "[sim][templates]") {
  simtest::Sim sim({"--max-concurrent", "100"});
  const auto a = sim.upload_asset("cat.png"), b = sim.upload_asset("portrait.png");
  auto templates = sim.control_get("/_sim/templates");
  CHECK(templates.size() == 7);
  CHECK(templates[0]["template_id"].get<std::uint64_t>() == kKissKiss);

  auto single = sim.post(simtest::kI2V, i2v({{"img_id", a}, {"template_id", kKissKiss}, {"sound_effect_switch", true},
                                             {"model", "v6"}}));
  REQUIRE(single.err_code() == 0);
  CHECK(sim.jobs().back()["template_id"].get<std::uint64_t>() == kKissKiss);
  CHECK(sim.post(simtest::kI2V, i2v({{"img_ids", {a, b}}, {"template_id", kHug}})).err_code() == 0);
  CHECK(sim.jobs().back()["inputs"]["img_ids"] == json::array({a, b}));
  CHECK(sim.post(simtest::kT2V, simtest::t2v_body({{"template_id", kHug}})).err_code() == 0);

  const std::vector<simtest::Rejection> cases = {
      {"not activated", {{"img_id", a}, {"template_id", 7}}, 500070, "template_id 7 is not activated for this account"},
      {"image template on video", {{"img_id", a}, {"template_id", kFigurine}}, 400017,
       "template_id 384268229671680 is an image template"},
      {"two-image template with img_id", {{"img_id", a}, {"template_id", kHug}}, 400017,
       "template_id 316826014376384 (Hug (two photos)) takes 2 images: send them in img_ids"},
      {"two-image template with one image", {{"img_ids", {a}}, {"template_id", kHug}}, 400017,
       "template_id 316826014376384 (Hug (two photos)) takes 2 images in img_ids (got 1)"},
      {"one-image template with img_ids", {{"img_ids", {a}}, {"template_id", kKissKiss}}, 400017,
       "template_id 315446315336768 (Kiss Kiss) takes one image: send img_id, not img_ids"},
      {"unknown image before template", {{"img_ids", {a, b + 99}}, {"template_id", 7}}, 400032,
       "couldn't find a matching img_id"},
  };
  const auto jobs = sim.jobs().size();
  for (const auto& c : cases) {
    INFO(c.what);
    auto r = sim.post(simtest::kI2V, i2v(c.patch));
    CHECK(r.err_code() == c.err_code);
    CHECK_THAT(r.err_msg(), Catch::Matchers::StartsWith(c.msg_start));
  }
  auto t2v = sim.post(simtest::kT2V, simtest::t2v_body({{"template_id", 99}}));
  CHECK(t2v.err_code() == 500070);
  CHECK(sim.jobs().size() == jobs);
}

TEST_CASE("Image template: an image job, polled through image/result", "[sim][templates]") {
  simtest::Sim sim({"--credits", "1000"});
  const auto a = sim.upload_asset("portrait.png"), b = sim.upload_asset("cat.png");
  auto created = sim.post(kImageTemplate, {{"img_ids", {a}}, {"template_id", kFigurine}});
  REQUIRE(created.err_code() == 0);
  const auto id = created.resp()["image_id"].get<std::uint64_t>();
  CHECK(created.resp()["credits"] == 10);
  CHECK(sim.credits_left() == 990);
  auto job = sim.jobs().back();
  CHECK(job["kind"] == "image");
  CHECK(job["endpoint"] == "image_template");

  auto first = sim.image_result(id);
  REQUIRE(first.err_code() == 0);
  CHECK(first.resp()["status"] == 5);
  CHECK(first.resp()["url"] == "");
  auto done = sim.image_result(id).resp();
  CHECK(done["status"] == 1);
  CHECK(done["image_id"].get<std::uint64_t>() == id);
  CHECK(done["template_id"].get<std::uint64_t>() == kFigurine);
  CHECK(done["credits"] == 10);
  CHECK(done["outputWidth"] == 288);  // the portrait's 36x64, long side 512
  CHECK(done["outputHeight"] == 512);
  for (const char* key : {"prompt", "prompt_translate", "create_time", "modify_time"}) CHECK(done[key].is_string());
  CHECK(done["seed"].is_number_integer());
  CHECK(done["customer_paths"]["gen_img_req_img_ids"] == json::array({a}));
  CHECK(done["customer_paths"]["customer_img_paths"].size() == 1);
  const auto url = done["url"].get<std::string>();
  REQUIRE(url == sim.base_url() + "/media/image/" + std::to_string(id) + ".png");
  auto file = sim.client()->Get(url.substr(sim.base_url().size()).c_str());
  REQUIRE(file);
  CHECK(file->status == 200);
  CHECK(file->get_header_value("Content-Type") == "image/png");
  CHECK(file->body.substr(1, 3) == "PNG");
  // image and video ids are different kinds of results
  CHECK(sim.result(id).err_code() == 400017);
  const auto video = sim.create_video();
  auto wrong = sim.image_result(video);
  CHECK(wrong.err_code() == 400017);
  CHECK(wrong.err_msg() == "image not found: " + std::to_string(video));
  CHECK(sim.get("/openapi/v2/image/result/abc").err_code() == 400013);
  CHECK(sim.jobs()[1]["polls"] == 0);  // asking image/result for a video id is no poll of it

  // the schema types img_ids items as strings: accepted too; two images for the couple template
  auto strings = sim.post(kImageTemplate, {{"img_ids", {std::to_string(a), std::to_string(b)}}, {"template_id", kCouple}});
  CHECK(strings.err_code() == 0);
  CHECK(sim.jobs().back()["inputs"]["img_ids"] == json::array({a, b}));
  // a failing image job, through the control endpoint
  const auto failing = strings.resp()["image_id"].get<std::uint64_t>();
  REQUIRE(sim.control_post("/_sim/jobs/" + std::to_string(failing), R"({"status": 8, "polls": 1})").status == 200);
  auto failed = sim.image_result(failing).resp();
  CHECK(failed["status"] == 8);
  CHECK(failed["url"] == "");
}

TEST_CASE("Image template rejections", "[sim][templates]") {
  simtest::Sim sim;
  const auto a = sim.upload_asset("cat.png");
  const json valid = {{"img_ids", {a}}, {"template_id", kFigurine}};
  simtest::check_rejections(
      sim, kImageTemplate, valid,
      {
          {"img_ids missing", {{"img_ids", nullptr}}, 400011, "img_ids is required"},
          {"template missing", {{"template_id", nullptr}}, 400011, "template_id is required"},
          {"img_ids empty", {{"img_ids", json::array()}}, 400017, "img_ids must have at least 1 item"},
          {"img_ids not ids", {{"img_ids", {1.5}}}, 400013, "invalid binding request: img_ids must be"},
          {"img_ids word", {{"img_ids", {"abc"}}}, 400013, "invalid binding request: img_ids must be"},
          {"img_ids beyond uint64", {{"img_ids", {"99999999999999999999"}}}, 400013,
           "invalid binding request: img_ids must be"},
          {"template as string", {{"template_id", "384268229671680"}}, 400013,
           "invalid binding request: template_id must be integer (uint64)"},
          {"unknown image", {{"img_ids", {a + 7}}}, 400032, "couldn't find a matching img_id"},
          {"not activated", {{"template_id", 5}}, 500070, "template_id 5 is not activated"},
          {"video template", {{"template_id", kKissKiss}}, 400017, "template_id 315446315336768 is a video template"},
          {"wrong count", {{"template_id", kCouple}}, 400017,
           "template_id 377378608924544 (Image template: couple portrait) takes 2 images in img_ids (got 1)"},
      });
}
