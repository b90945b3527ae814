// examples/walkthrough.json, the multi-step workflow the README shows, runs as written.
#include <catch2/catch.hpp>

#include <sstream>

#include "e2e_fixture.h"
#include "mcp-harness/script.h"

using namespace e2e;

TEST_CASE("the walkthrough runs: upload → image_to_video → extend_video → sound_effect_video", "[walkthrough]") {
  SimAndServer env;
  std::ostringstream out;
  bool ok = harness::run_script(env.session, std::string(EXAMPLES_DIR) + "/walkthrough.json", out);
  INFO(out.str());
  REQUIRE(ok);
  std::vector<std::string> posts;
  for (const auto& r : env.sim.requests())
    if (r["method"] == "POST") posts.push_back(r["path"].get<std::string>());
  CHECK(posts == std::vector<std::string>{"/openapi/v2/image/upload", "/openapi/v2/video/img/generate",
                                          "/openapi/v2/video/extend/generate",
                                          "/openapi/v2/video/sound_effect/generate"});
  json jobs = env.sim.jobs();
  REQUIRE(jobs.size() == 3);
  // Each step fed the previous step's id to the next one, as an exact integer.
  json requests = env.sim.requests();
  json extend, sound;
  for (const auto& r : requests) {
    if (r["path"] == "/openapi/v2/video/extend/generate") extend = r["body"];
    if (r["path"] == "/openapi/v2/video/sound_effect/generate") sound = r["body"];
  }
  CHECK(id_text(extend["source_video_id"]) == id_text(jobs[0]["id"]));
  CHECK(id_text(sound["source_video_id"]) == id_text(jobs[1]["id"]));
}

TEST_CASE("script references keep JSON types and substitute inside text", "[walkthrough]") {
  json saved{{"clip", {{"video_id", 9007199254740993ULL}}}, {"script_dir", "/x"}};
  CHECK(harness::substitute("${clip.video_id}", saved) == json(9007199254740993ULL));
  CHECK(harness::substitute("${script_dir}/a.png", saved) == "/x/a.png");
  CHECK(harness::substitute(json{{"k", {"${clip.video_id}"}}}, saved)["k"][0].is_number_unsigned());
  CHECK_THROWS(harness::substitute("${nope.id}", saved));
}
