// Job lifecycle, magic prompt tokens, trace-id replay, concurrency and credits.
#include <catch2/catch.hpp>

#include <thread>

#include "sim_fixture.h"

using simtest::api_headers;
using simtest::json;
using simtest::kT2V;
using simtest::t2v_body;

TEST_CASE("Job lifecycle: status 5 until polled --polls times, then 1 with url, size, dimensions", "[sim][jobs]") {
  simtest::Sim sim;  // --polls 2
  const auto id = sim.create_video({{"seed", 1234}, {"negative_prompt", "blurry"}, {"style", "anime"}});
  CHECK(id == simtest::kDefaultIdStart);
  auto first = sim.result(id);
  REQUIRE(first.err_code() == 0);
  CHECK(first.resp()["status"] == 5);
  CHECK(first.resp()["url"] == "");
  auto done = sim.result(id);
  REQUIRE(done.err_code() == 0);
  const json& r = done.resp();
  CHECK(r["id"].get<std::uint64_t>() == id);
  CHECK(r["status"] == 1);
  CHECK(r["seed"] == 1234);
  CHECK(r["prompt"] == "a cat on a skateboard");
  CHECK(r["negative_prompt"] == "blurry");
  CHECK(r["style"] == "anime");
  CHECK(r["outputWidth"] == 960);
  CHECK(r["outputHeight"] == 540);
  CHECK(r["resolution_ratio"] == 540);
  CHECK(r["has_audio"] == false);
  CHECK(r["create_time"].is_string());
  CHECK(r["modify_time"].is_string());
  const auto url = r["url"].get<std::string>();
  REQUIRE(url == sim.base_url() + "/media/video/" + std::to_string(id) + ".mp4");
  auto file = sim.client()->Get(url.substr(sim.base_url().size()).c_str());
  REQUIRE(file);
  CHECK(file->status == 200);
  CHECK(file->get_header_value("Content-Type") == "video/mp4");
  CHECK(file->body.substr(4, 4) == "ftyp");
  CHECK(r["size"].get<std::size_t>() == file->body.size());
  CHECK(file->body.size() >= 4096);
  auto jobs = sim.jobs();
  REQUIRE(jobs.size() == 1);
  CHECK(jobs[0]["polls"] == 2);
  CHECK(jobs[0]["status"] == 1);
  CHECK(jobs[0]["credits"] == 45);
}

TEST_CASE("A running job's file is not served yet", "[sim][jobs]") {
  simtest::Sim sim;
  const auto id = sim.create_video();
  auto file = sim.client()->Get(("/media/video/" + std::to_string(id) + ".mp4").c_str());
  REQUIRE(file);
  CHECK(file->status == 404);
}

TEST_CASE("Output dimensions follow quality and aspect ratio", "[sim][jobs]") {
  simtest::Sim sim({"--polls", "0", "--max-concurrent", "50"});
  struct Case {
    const char* model;
    const char* quality;
    const char* aspect;
    int w, h;
  };
  const Case cases[] = {{"v5", "540p", "9:16", 540, 960},  {"v5", "540p", "1:1", 540, 540},
                        {"v5", "720p", "16:9", 1280, 720}, {"v5", "360p", "4:3", 480, 360},
                        {"v5", "1080p", "3:4", 1080, 1440}, {"v6", "1080p", "21:9", 2520, 1080}};
  for (const auto& c : cases) {
    INFO(c.model << " " << c.quality << " " << c.aspect);
    auto id = sim.create_video({{"model", c.model}, {"quality", c.quality}, {"aspect_ratio", c.aspect}});
    auto r = sim.result(id).resp();
    CHECK(r["status"] == 1);
    CHECK(r["outputWidth"] == c.w);
    CHECK(r["outputHeight"] == c.h);
  }
}

TEST_CASE("Option --polls and [sim:polls=N] control how many polls a job needs", "[sim][jobs]") {
  simtest::Sim sim({"--polls", "3"});
  auto a = sim.create_video();
  auto b = sim.create_video({{"prompt", "quick one [sim:polls=1]"}});
  CHECK(sim.result(a).resp()["status"] == 5);
  CHECK(sim.result(a).resp()["status"] == 5);
  CHECK(sim.result(a).resp()["status"] == 1);
  CHECK(sim.result(b).resp()["status"] == 1);
  CHECK(sim.result(a).resp()["status"] == 1);  // terminal stays terminal
}

TEST_CASE("Option --job-ms holds a job running however often it is polled, [sim:ms=0] overrides", "[sim][jobs]") {
  simtest::Sim sim({"--job-ms", "600000", "--polls", "1"});
  auto slow = sim.create_video();
  auto fast = sim.create_video({{"prompt", "[sim:ms=0] now"}});
  for (int i = 0; i < 5; ++i) CHECK(sim.result(slow).resp()["status"] == 5);
  CHECK(sim.result(fast).resp()["status"] == 1);
}

TEST_CASE("Magic prompts: [sim:fail] -> 8, [sim:moderate] -> 7 (refunded)", "[sim][jobs]") {
  simtest::Sim sim({"--polls", "1", "--credits", "1000"});
  auto failed = sim.create_video({{"prompt", "x [sim:fail]"}});
  auto moderated = sim.create_video({{"prompt", "[sim:moderate] y"}});
  CHECK(sim.credits_left() == 1000 - 90);
  auto f = sim.result(failed).resp();
  CHECK(f["status"] == 8);
  CHECK(f["url"] == "");
  CHECK(f["size"] == 0);
  auto m = sim.result(moderated).resp();
  CHECK(m["status"] == 7);
  CHECK(m["url"] == "");
  CHECK(sim.credits_left() == 1000 - 45);  // moderation failures are refunded, failures are not
  auto file = sim.client()->Get(("/media/video/" + std::to_string(failed) + ".mp4").c_str());
  REQUIRE(file);
  CHECK(file->status == 404);
}

TEST_CASE("Seed: echoed when given, else chosen in 0..2147483647", "[sim][jobs]") {
  simtest::Sim sim({"--polls", "0"});
  auto r = sim.result(sim.create_video()).resp();
  CHECK(r["seed"].get<std::int64_t>() >= 0);
  CHECK(r["seed"].get<std::int64_t>() <= 2147483647);
  CHECK(sim.result(sim.create_video({{"seed", 0}})).resp()["seed"] == 0);
}

TEST_CASE("Trace-id replay: a repeated POST gets the first answer, one job, one charge", "[sim][jobs]") {
  simtest::Sim sim({"--credits", "1000"});
  const std::string trace = simtest::new_uuid();
  auto first = sim.post(kT2V, t2v_body(), api_headers(trace));
  REQUIRE(first.err_code() == 0);
  auto second = sim.post(kT2V, t2v_body(), api_headers(trace));
  CHECK(second.body == first.body);
  auto different_body = sim.post(kT2V, t2v_body({{"model", "v6"}}), api_headers(trace));
  CHECK(different_body.body == first.body);
  CHECK(sim.jobs().size() == 1);
  CHECK(sim.jobs()[0]["trace_id"] == trace);
  CHECK(sim.credits_left() == 1000 - 45);
  auto log = sim.requests();
  REQUIRE(log.size() == 4);  // 3 posts + the balance call
  CHECK(log[0]["replayed"] == false);
  CHECK(log[1]["replayed"] == true);
  CHECK(log[2]["replayed"] == true);
  // errors are remembered too: fixing the body but keeping the trace id does not help
  const std::string t2 = simtest::new_uuid();
  CHECK(sim.post(kT2V, t2v_body({{"duration", 7}}), api_headers(t2)).err_code() == 400017);
  CHECK(sim.post(kT2V, t2v_body(), api_headers(t2)).err_code() == 400017);
}

TEST_CASE("Trace-id replay: polling with one trace id is stuck on the first answer", "[sim][jobs]") {
  simtest::Sim sim;
  const auto id = sim.create_video();
  const std::string trace = simtest::new_uuid();
  const std::string path = "/openapi/v2/video/result/" + std::to_string(id);
  auto first = sim.get(path, api_headers(trace));
  CHECK(first.resp()["status"] == 5);
  for (int i = 0; i < 3; ++i) CHECK(sim.get(path, api_headers(trace)).body == first.body);
  CHECK(sim.jobs()[0]["polls"] == 1);  // replays do not count as polls
  CHECK(sim.result(id).resp()["status"] == 1);
}

TEST_CASE("Concurrent requests with one trace id create one job", "[sim][jobs]") {
  simtest::Sim sim({"--credits", "100000"});
  const std::string trace = simtest::new_uuid();
  std::vector<std::string> bodies(8);
  std::vector<std::thread> threads;
  for (auto& b : bodies)
    threads.emplace_back([&sim, &b, &trace] { b = sim.post(kT2V, t2v_body(), api_headers(trace)).body; });
  for (auto& t : threads) t.join();
  for (const auto& b : bodies) CHECK(b == bodies[0]);
  CHECK(sim.jobs().size() == 1);
}

TEST_CASE("Option --max-concurrent: ErrCode 500044 while N jobs run, no job, no charge", "[sim][jobs]") {
  simtest::Sim sim({"--max-concurrent", "2", "--polls", "1", "--credits", "1000"});
  auto a = sim.create_video();
  sim.create_video();
  auto third = sim.post(kT2V, t2v_body());
  CHECK(third.err_code() == 500044);
  CHECK(third.err_msg() == "Reached the limit for concurrent generations.");
  CHECK(sim.jobs().size() == 2);
  CHECK(sim.credits_left() == 1000 - 90);
  REQUIRE(sim.result(a).resp()["status"] == 1);  // one finishes: room for one more
  CHECK(sim.post(kT2V, t2v_body()).err_code() == 0);
  CHECK(sim.post(kT2V, t2v_body()).err_code() == 500044);
}

TEST_CASE("Balance and credits: charge per generation, 500090 when insufficient", "[sim][jobs]") {
  simtest::Sim sim({"--credits", "100", "--package-credits", "40", "--max-concurrent", "50"});
  auto bal = sim.get(simtest::kBalance);
  REQUIRE(bal.err_code() == 0);
  CHECK(bal.resp()["account_id"].is_number_integer());
  CHECK(bal.resp()["credit_monthly"] == 100);
  CHECK(bal.resp()["credit_package"] == 40);
  sim.create_video();  // v5 540p 5 s = 45
  sim.create_video();  // 45 more: monthly 10 left
  auto after = sim.get(simtest::kBalance).resp();
  CHECK(after["credit_monthly"] == 10);
  CHECK(after["credit_package"] == 40);
  auto broke = sim.post(kT2V, t2v_body({{"duration", 8}}));  // 90 > 50
  CHECK(broke.err_code() == 500090);
  CHECK(broke.err_msg().find("insufficient balance") == 0);
  CHECK(sim.jobs().size() == 2);
  sim.create_video();  // 45: 10 from monthly, 35 from package
  auto last = sim.get(simtest::kBalance).resp();
  CHECK(last["credit_monthly"] == 0);
  CHECK(last["credit_package"] == 5);
}

TEST_CASE("Credit formula samples", "[sim][jobs]") {
  simtest::Sim sim({"--credits", "100000", "--max-concurrent", "50"});
  struct Case {
    json patch;
    std::int64_t credits;
  };
  const Case cases[] = {
      {json::object(), 45},
      {{{"quality", "1080p"}, {"duration", 8}}, 240},
      {{{"model", "v4.5"}, {"motion_mode", "fast"}}, 90},
      {{{"model", "v5.5"}, {"quality", "1080p"}, {"duration", 8}, {"generate_audio_switch", true},
        {"generate_multi_clip_switch", true}},
       280},
      {{{"model", "v5.5"}, {"quality", "720p"}, {"duration", 10}}, 132},
      {{{"model", "v5.6"}, {"duration", 10}}, 77},
      {{{"model", "v6"}, {"quality", "720p"}, {"duration", 10}}, 90},
      {{{"model", "c1"}, {"quality", "1080p"}, {"duration", 3}, {"generate_audio_switch", true}}, 72},
      {{{"sound_effect_switch", true}, {"duration", 8}}, 110},
  };
  for (const auto& c : cases) {
    INFO(c.patch.dump());
    auto before = sim.credits_left();
    sim.create_video(c.patch);
    CHECK(before - sim.credits_left() == c.credits);
    CHECK(sim.jobs().back()["credits"] == c.credits);
  }
}

TEST_CASE("Option --id-start: ids start there, images and videos share the counter", "[sim][jobs]") {
  simtest::Sim sim({"--id-start", "312345678901234"});
  CHECK(sim.upload_asset("cat.png") == 312345678901234ULL);
  CHECK(sim.create_video() == 312345678901235ULL);
}

TEST_CASE("POST /_sim/reset clears requests, jobs, images, faults, credits and trace ids", "[sim][jobs]") {
  simtest::Sim sim({"--credits", "1000"});
  const std::string trace = simtest::new_uuid();
  CHECK(sim.post(kT2V, t2v_body(), api_headers(trace)).err_code() == 0);
  sim.upload_asset("cat.png");
  sim.add_fault({{"path", "/openapi/v2/account/"}, {"kind", "http_500"}});
  REQUIRE(sim.control_post("/_sim/reset", "").status == 200);
  CHECK(sim.jobs().empty());
  CHECK(sim.requests().empty());
  CHECK(sim.control_get("/_sim/images").empty());
  CHECK(sim.control_get("/_sim/faults").empty());
  CHECK(sim.credits_left() == 1000);
  auto again = sim.post(kT2V, t2v_body(), api_headers(trace));
  CHECK(again.err_code() == 0);
  CHECK(again.resp()["video_id"].get<std::uint64_t>() == simtest::kDefaultIdStart);
  CHECK(sim.requests().size() == 2);
}
