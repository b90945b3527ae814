// The catalog lists (TTS speakers, restyle effects) and the per-job control endpoint.
#include <catch2/catch.hpp>

#include "sim_fixture.h"

using simtest::json;

namespace {

constexpr const char* kTts = "/openapi/v2/video/lip_sync/tts_list";
constexpr const char* kRestyles = "/openapi/v2/video/restyle/list";

}  // namespace

TEST_CASE("TTS speaker list: 15 speakers with string ids, paged by page_num and page_size", "[sim][lists]") {
  simtest::Sim sim;
  auto all = sim.get(std::string(kTts) + "?page_num=1&page_size=30");
  REQUIRE(all.err_code() == 0);
  CHECK(all.resp()["total"] == 15);
  const json& data = all.resp()["data"];
  REQUIRE(data.size() == 15);
  CHECK(data[0] == json{{"speaker_id", "7"}, {"name", "Harper"}});
  CHECK(data[14] == json{{"speaker_id", "Auto"}, {"name", "Auto"}});
  for (const auto& s : data) CHECK(s["speaker_id"].is_string());
  auto second = sim.get(std::string(kTts) + "?page_num=2&page_size=10");
  CHECK(second.resp()["total"] == 15);
  CHECK(second.resp()["data"].size() == 5);
  CHECK(second.resp()["data"][0] == data[10]);
  CHECK(sim.get(std::string(kTts) + "?page_num=3&page_size=10").resp()["data"].empty());
  CHECK(sim.get(std::string(kTts) + "?page_num=0&page_size=2").resp()["data"][0] == data[0]);  // a guide uses 0

  struct Case {
    const char* query;
    std::int64_t code;
    const char* msg;
  };
  const Case cases[] = {
      {"", 400011, "page_num is required"},
      {"?page_num=1", 400011, "page_size is required"},
      {"?page_size=10", 400011, "page_num is required"},
      {"?page_num=&page_size=10", 400011, "page_num is required"},
      {"?page_num=one&page_size=10", 400013, "invalid binding request: page_num must be integer"},
      {"?page_num=1&page_size=1.5", 400013, "invalid binding request: page_size must be integer"},
      {"?page_num=1&page_size=0", 400017, "page_size must be >= 1"},
      {"?page_num=-1&page_size=10", 400017, "page_num must be >= 1"},
  };
  for (const auto& c : cases) {
    INFO(c.query);
    auto a = sim.get(std::string(kTts) + c.query);
    CHECK(a.err_code() == c.code);
    CHECK_THAT(a.err_msg(), Catch::Matchers::StartsWith(c.msg));
  }
  CHECK(sim.post(kTts, json::object()).status == 405);
}

TEST_CASE("Restyle list: a paged array of {restyle_id, restyle_name, restyle_prompt, cover_url}", "[sim][lists]") {
  simtest::Sim sim;
  auto all = sim.get(std::string(kRestyles) + "?page_num=1&page_size=100");
  REQUIRE(all.err_code() == 0);
  REQUIRE(all.resp().is_array());
  CHECK(all.resp().size() == 8);
  for (const auto& e : all.resp()) {
    CHECK(e["restyle_id"].is_number_unsigned());
    CHECK(e["restyle_name"].is_string());
    CHECK(e["restyle_prompt"].is_string());
    auto cover = sim.client()->Get(e["cover_url"].get<std::string>().substr(sim.base_url().size()).c_str());
    REQUIRE(cover);
    CHECK(cover->status == 200);
  }
  auto page = sim.get(std::string(kRestyles) + "?page_num=2&page_size=5");
  CHECK(page.resp().size() == 3);
  CHECK(page.resp()[0] == all.resp()[5]);
  // every listed id is accepted by restyle/generate
  simtest::Sim jobs_sim({"--polls", "0", "--max-concurrent", "100"});
  const auto video = jobs_sim.finished_video();
  for (const auto& e : all.resp())
    CHECK(jobs_sim.post("/openapi/v2/video/restyle/generate", {{"source_video_id", video}, {"restyle_id", e["restyle_id"]}})
              .err_code() == 0);
  CHECK(sim.get(kRestyles).err_code() == 400011);
  CHECK(sim.get(std::string(kRestyles) + "?page_num=1&page_size=x").err_code() == 400013);
}

TEST_CASE("POST /_sim/jobs/<id> decides how a job ends and after how many polls", "[sim][lists]") {
  simtest::Sim sim({"--credits", "1000"});
  const auto a = sim.create_video(), b = sim.create_video();
  REQUIRE(sim.control_post("/_sim/jobs/" + std::to_string(a), R"({"status": 7})").status == 200);
  REQUIRE(sim.control_post("/_sim/jobs/" + std::to_string(b), R"({"polls": 0})").status == 200);
  CHECK(sim.result(b).resp()["status"] == 1);
  sim.result(a);
  CHECK(sim.result(a).resp()["status"] == 7);
  CHECK(sim.credits_left() == 1000 - 45);  // moderation refunds
  CHECK(sim.control_post("/_sim/jobs/" + std::to_string(a + 100), R"({"status": 8})").status == 404);
  CHECK(sim.control_post("/_sim/jobs/" + std::to_string(a), R"({"status": 3})").status == 400);
  CHECK(sim.control_post("/_sim/jobs/" + std::to_string(a), R"({"colour": 1})").status == 400);
  CHECK(sim.control_post("/_sim/jobs/" + std::to_string(a), "not json").status == 400);
}
