// The simulator's strict checks of every /openapi request: headers, body, field types, required
// fields, values and per-model combinations.
#include <catch2/catch.hpp>

#include "sim_fixture.h"

using simtest::api_headers;
using simtest::json;
using simtest::kT2V;
using simtest::t2v_body;

TEST_CASE("API-KEY: missing -> 10001, wrong -> 10005, both HTTP 200 and no job", "[sim][strict]") {
  simtest::Sim sim;
  auto missing = sim.post(kT2V, t2v_body(), api_headers(simtest::new_uuid(), std::nullopt));
  CHECK(missing.status == 200);
  CHECK(missing.err_code() == 10001);
  CHECK(missing.err_msg() == "API-KEY header is missing");
  auto wrong = sim.post(kT2V, t2v_body(), api_headers(simtest::new_uuid(), std::string("not-the-key")));
  CHECK(wrong.status == 200);
  CHECK(wrong.err_code() == 10005);
  CHECK(wrong.err_msg() == "invalid API key");
  CHECK(sim.jobs().empty());
  auto log = sim.requests();
  REQUIRE(log.size() == 2);
  CHECK(log[0]["api_key_ok"] == false);
  CHECK(log[1]["api_key_ok"] == false);
}

TEST_CASE("API-KEY: --api-key sets the expected key", "[sim][strict]") {
  simtest::Sim sim({"--api-key", "another-key"});
  CHECK(sim.post(kT2V, t2v_body()).err_code() == 10005);
  CHECK(sim.post(kT2V, t2v_body(), api_headers(simtest::new_uuid(), std::string("another-key"))).err_code() == 0);
}

TEST_CASE("Ai-trace-id: missing or not a UUID -> 400017, header name is case-insensitive", "[sim][strict]") {
  simtest::Sim sim;
  auto missing = sim.post(kT2V, t2v_body(), api_headers(std::nullopt));
  CHECK(missing.err_code() == 400017);
  CHECK(missing.err_msg().find("Ai-trace-id must be a UUID") == 0);
  for (std::string bad : {"12345", "not-a-uuid-at-all-but-36-characters!", "0f8fad5b-d9cb-469f-a165-70867728950",
                          "0f8fad5bxd9cb-469f-a165-70867728950e", "0f8fad5b-d9cb-469f-a165-70867728950g"}) {
    INFO(bad);
    CHECK(sim.post(kT2V, t2v_body(), api_headers(bad)).err_code() == 400017);
  }
  CHECK(sim.jobs().empty());
  httplib::Headers lower = {{"api-key", simtest::kKey}, {"ai-trace-id", simtest::new_uuid()}};
  CHECK(sim.post(kT2V, t2v_body(), lower).err_code() == 0);
  httplib::Headers upper = {{"API-KEY", simtest::kKey}, {"AI-TRACE-ID", "0F8FAD5B-D9CB-469F-A165-70867728950E"}};
  CHECK(sim.post(kT2V, t2v_body(), upper).err_code() == 0);
}

TEST_CASE("Malformed requests are HTTP 400", "[sim][strict]") {
  simtest::Sim sim;
  CHECK(sim.post_raw(kT2V, "{\"prompt\": ", "application/json").status == 400);
  CHECK(sim.post_raw(kT2V, "", "application/json").status == 400);
  CHECK(sim.post_raw(kT2V, "[1,2]", "application/json").status == 400);
  CHECK(sim.post_raw(kT2V, "\"text\"", "application/json").status == 400);
  CHECK(sim.post_raw(kT2V, t2v_body().dump(), "text/plain").status == 400);
  CHECK(sim.post_raw(kT2V, t2v_body().dump(), "application/x-www-form-urlencoded").status == 400);
  // a charset parameter is fine
  CHECK(sim.post_raw(kT2V, t2v_body().dump(), "application/json; charset=utf-8").err_code() == 0);
  // multipart to a JSON endpoint
  auto cli = sim.client();
  auto r = simtest::to_answer(cli->Post(kT2V, api_headers(), httplib::MultipartFormDataItems{{"prompt", "x", "", ""}}));
  CHECK(r.status == 400);
  CHECK(sim.jobs().size() == 1);
}

TEST_CASE("Unknown path -> 404, wrong method -> 405", "[sim][strict]") {
  simtest::Sim sim;
  CHECK(sim.get("/openapi/v2/video/nothing").status == 404);
  CHECK(sim.get(kT2V).status == 405);
  CHECK(sim.post(simtest::kBalance, json::object()).status == 405);
}

TEST_CASE("Fields of the wrong JSON type -> 400013 naming the field", "[sim][strict]") {
  simtest::Sim sim;
  struct Case {
    const char* field;
    json value;
  };
  const Case cases[] = {
      {"duration", "5"},       {"duration", 5.0},        {"duration", 5.5},     {"seed", "123"},
      {"seed", 123.0},         {"template_id", "123"},   {"template_id", 123.0}, {"template_id", -5},
      {"prompt", 42},          {"model", 5},             {"quality", json::array()},
      {"water_mark", "true"},  {"water_mark", 1},        {"generate_audio_switch", "false"},
      {"thinking_type", true}, {"negative_prompt", json::object()},
  };
  for (const auto& c : cases) {
    INFO(c.field << " = " << c.value.dump());
    auto a = sim.post(kT2V, t2v_body({{c.field, c.value}}));
    CHECK(a.err_code() == 400013);
    CHECK(a.err_msg().find(std::string("invalid binding request: ") + c.field + " must be ") == 0);
  }
  CHECK(sim.jobs().empty());
}

TEST_CASE("Missing required fields -> 400011 '<field> is required'", "[sim][strict]") {
  simtest::Sim sim;
  for (std::string field : {"prompt", "model", "duration", "quality", "aspect_ratio"}) {
    INFO(field);
    json body = t2v_body();
    body.erase(field);
    auto a = sim.post(kT2V, body);
    CHECK(a.err_code() == 400011);
    CHECK(a.err_msg() == field + " is required");
    body[field] = nullptr;  // null counts as missing
    CHECK(sim.post(kT2V, body).err_code() == 400011);
  }
  CHECK(sim.post(kT2V, t2v_body({{"prompt", ""}})).err_code() == 400011);
  CHECK(sim.jobs().empty());
}

TEST_CASE("Values outside enums and ranges -> 400017 naming the field", "[sim][strict]") {
  simtest::Sim sim;
  struct Case {
    json patch;
    const char* expected_start;
  };
  const Case cases[] = {
      {{{"model", "v7"}}, "model 'v7' is not supported (allowed: v3.5, v4, v4.5, v5, v5.5, v5.6, v6, c1)"},
      {{{"quality", "480p"}}, "quality '480p' is not supported"},
      {{{"aspect_ratio", "2:1"}}, "aspect_ratio '2:1' is not supported"},
      {{{"style", "photographic"}}, "style 'photographic' is not supported"},
      {{{"motion_mode", "slow"}}, "motion_mode 'slow' is not supported"},
      {{{"thinking_type", "always"}}, "thinking_type 'always' is not supported"},
      {{{"seed", -1}}, "seed must be between 0 and 2147483647"},
      {{{"seed", 2147483648LL}}, "seed must be between 0 and 2147483647"},
      {{{"prompt", std::string(5001, 'a')}}, "prompt is too long: 5001 characters (max 5000)"},
      {{{"template_id", 0}}, "template_id must be a positive id"},
  };
  for (const auto& c : cases) {
    INFO(c.patch.dump().substr(0, 80));
    auto a = sim.post(kT2V, t2v_body(c.patch));
    CHECK(a.err_code() == 400017);
    CHECK(a.err_msg().rfind(c.expected_start, 0) == 0);
  }
  CHECK(sim.post(kT2V, t2v_body({{"prompt", std::string(5000, 'a')}, {"seed", 2147483647}})).err_code() == 0);
  CHECK(sim.post(kT2V, t2v_body({{"style", "realistic"}})).err_code() == 0);  // the V6 clients send it
}

TEST_CASE("Model / duration / quality / aspect combinations", "[sim][strict]") {
  simtest::Sim sim({"--max-concurrent", "100", "--credits", "1000000"});
  auto code = [&](const json& patch) { return sim.post(kT2V, t2v_body(patch)).err_code(); };
  auto msg = [&](const json& patch) { return sim.post(kT2V, t2v_body(patch)).err_msg(); };
  CHECK(msg({{"duration", 10}}) == "duration 10 is not supported by model v5 (allowed: 5, 8)");
  CHECK(code({{"duration", 8}}) == 0);
  CHECK(code({{"duration", 8}, {"quality", "1080p"}}) == 0);  // v5 1080p 8 s exists
  CHECK(msg({{"model", "v4"}, {"duration", 8}, {"quality", "1080p"}}) ==
        "duration 8 is not supported at 1080p by model v4 (allowed at 1080p: 5)");
  CHECK(code({{"model", "v5.5"}, {"duration", 10}}) == 0);
  CHECK(code({{"model", "v5.5"}, {"duration", 10}, {"quality", "1080p"}}) == 400017);
  CHECK(code({{"model", "v6"}, {"duration", 15}, {"quality", "1080p"}}) == 0);
  CHECK(msg({{"model", "v6"}, {"duration", 16}}) == "duration 16 is not supported by model v6 (allowed: 1-15)");
  CHECK(code({{"model", "c1"}, {"duration", 0}}) == 400017);
  CHECK(code({{"model", "v6"}, {"aspect_ratio", "21:9"}}) == 0);
  CHECK(msg({{"aspect_ratio", "21:9"}}).rfind("aspect_ratio 21:9 is not supported by model v5", 0) == 0);
}

TEST_CASE("Version-gated switches on the wrong model -> 400017", "[sim][strict]") {
  simtest::Sim sim({"--max-concurrent", "100", "--credits", "1000000"});
  auto a = sim.post(kT2V, t2v_body({{"generate_audio_switch", true}}));
  CHECK(a.err_code() == 400017);
  CHECK(a.err_msg() == "generate_audio_switch is not supported by model v5 (supported by: v5.5, v5.6, v6, c1)");
  CHECK(sim.post(kT2V, t2v_body({{"generate_audio_switch", false}})).err_code() == 400017);  // presence counts
  CHECK(sim.post(kT2V, t2v_body({{"model", "v5.6"}, {"generate_audio_switch", true}})).err_code() == 0);
  CHECK(sim.post(kT2V, t2v_body({{"model", "v5.6"}, {"generate_multi_clip_switch", true}})).err_code() == 400017);
  CHECK(sim.post(kT2V, t2v_body({{"model", "v6"}, {"generate_multi_clip_switch", true}})).err_code() == 0);
  CHECK(sim.post(kT2V, t2v_body({{"model", "v6"}, {"sound_effect_switch", true}})).err_code() == 400017);
  CHECK(sim.post(kT2V, t2v_body({{"model", "v6"}, {"sound_effect_switch", true}, {"template_id", 315446315336768ULL}}))
            .err_code() == 0);
  CHECK(sim.post(kT2V, t2v_body({{"lip_sync_tts_switch", true}, {"lip_sync_tts_speaker_id", "Auto"}})).err_code() == 0);
  CHECK(sim.post(kT2V, t2v_body({{"model", "v5.5"}, {"lip_sync_tts_content", "hi"}})).err_code() == 400017);
  CHECK(sim.post(kT2V, t2v_body({{"motion_mode", "fast"}})).err_msg() ==
        "motion_mode fast is not supported by model v5 (supported by: v3.5, v4, v4.5)");
  CHECK(sim.post(kT2V, t2v_body({{"model", "v4"}, {"motion_mode", "fast"}, {"duration", 8}})).err_code() == 400017);
  CHECK(sim.post(kT2V, t2v_body({{"model", "v4"}, {"motion_mode", "fast"}, {"quality", "1080p"}})).err_code() ==
        400017);
  CHECK(sim.post(kT2V, t2v_body({{"model", "v4"}, {"motion_mode", "fast"}})).err_code() == 0);
  CHECK(sim.post(kT2V, t2v_body({{"model", "v6"}, {"motion_mode", "normal"}})).err_code() == 0);
  CHECK(sim.post(kT2V, t2v_body({{"camera_movement", "zoom_in"}})).err_code() == 400017);
  CHECK(sim.post(kT2V, t2v_body({{"model", "v4.5"}, {"camera_movement", "zoom_in"}})).err_code() == 0);
}

TEST_CASE("Unknown fields are ignored but logged", "[sim][strict]") {
  simtest::Sim sim;
  auto a = sim.post(kT2V, t2v_body({{"play_bgm", false}, {"sound_mode", "x"}}));
  CHECK(a.err_code() == 0);
  auto log = sim.requests();
  REQUIRE(log.size() == 1);
  CHECK(log[0]["unknown_fields"] == json::array({"play_bgm", "sound_mode"}));
  CHECK(log[0]["body"]["play_bgm"] == false);
}

TEST_CASE("Image-to-video: img_id rules, aspect_ratio is not a field of it", "[sim][strict]") {
  simtest::Sim sim({"--max-concurrent", "100"});
  const std::uint64_t img = sim.upload_asset("cat.png");
  REQUIRE(img == simtest::kDefaultIdStart);  // 2^53 + 1: not representable as a double
  auto body = [&](const json& patch) {
    json b = t2v_body();
    b.erase("aspect_ratio");
    for (const auto& [k, v] : patch.items()) b[k] = v;
    return b;
  };
  auto ok = sim.post(simtest::kI2V, body({{"img_id", img}, {"aspect_ratio", "9:16"}}));
  CHECK(ok.err_code() == 0);
  CHECK(sim.requests().back()["unknown_fields"] == json::array({"aspect_ratio"}));
  // the id a client gets by going through double
  auto rounded = sim.post(simtest::kI2V, body({{"img_id", img - 1}}));
  CHECK(rounded.err_code() == 400032);
  CHECK(rounded.err_msg().find("couldn't find a matching img_id: 9007199254740992") == 0);
  CHECK(sim.post(simtest::kI2V, body({{"img_id", std::to_string(img)}})).err_code() == 400013);
  CHECK(sim.post(simtest::kI2V, body({{"img_id", static_cast<double>(img)}})).err_code() == 400013);
  CHECK(sim.post(simtest::kI2V, body({})).err_code() == 400011);
  CHECK(sim.post(simtest::kI2V, body({{"img_ids", {img}}})).err_msg() ==
        "img_ids is only allowed together with template_id");
  CHECK(sim.post(simtest::kI2V, body({{"img_id", img}, {"img_ids", {img}}, {"template_id", 7}})).err_code() == 400017);
  CHECK(sim.post(simtest::kI2V, body({{"img_ids", {img, img + 100}}, {"template_id", 7}})).err_code() == 400032);
  CHECK(sim.post(simtest::kI2V, body({{"img_ids", {img, 1.5}}, {"template_id", 7}})).err_code() == 400013);
  CHECK(sim.post(simtest::kI2V, body({{"img_ids", {img, img}}, {"template_id", 316826014376384ULL}})).err_code() == 0);
  CHECK(sim.jobs().size() == 2);
}

TEST_CASE("Video result: non-numeric id -> 400013, unknown id -> 400017", "[sim][strict]") {
  simtest::Sim sim;
  CHECK(sim.get("/openapi/v2/video/result/abc").err_code() == 400013);
  CHECK(sim.get("/openapi/v2/video/result/-5").err_code() == 400013);
  CHECK(sim.get("/openapi/v2/video/result/9.007e15").err_code() == 400013);
  CHECK(sim.get("/openapi/v2/video/result/99999999999999999999999").err_code() == 400013);
  auto unknown = sim.get("/openapi/v2/video/result/12345");
  CHECK(unknown.err_code() == 400017);
  CHECK(unknown.err_msg().find("video not found") == 0);
}

TEST_CASE("The API key never appears in the request log, leaks elsewhere are flagged", "[sim][strict]") {
  const std::string key = "s3cr3t-KEY-0123456789";
  simtest::Sim sim({"--api-key", key});
  auto good = api_headers(simtest::new_uuid(), key);
  CHECK(sim.post(kT2V, t2v_body(), good).err_code() == 0);
  CHECK(sim.post(kT2V, t2v_body(), api_headers(simtest::new_uuid(), key + "x")).err_code() == 10005);
  auto leaky = api_headers(simtest::new_uuid(), key);
  leaky.emplace("Authorization", "Bearer " + key);
  CHECK(sim.post(kT2V, t2v_body({{"api_key", key}}), leaky).err_code() == 0);
  CHECK(sim.get(std::string(simtest::kBalance) + "?key=" + key, api_headers(simtest::new_uuid(), key)).err_code() == 0);
  CHECK(sim.post_raw(kT2V, "not json " + key, "application/json", api_headers(simtest::new_uuid(), key)).status == 400);
  auto log = sim.requests();
  REQUIRE(log.size() == 5);
  CHECK(log.dump().find(key) == std::string::npos);
  CHECK(log.dump().find("s3cr3t") == std::string::npos);
  CHECK(log[0]["key_leaks"].empty());
  CHECK(log[2]["key_leaks"] == json::array({"header Authorization", "body"}));
  CHECK(log[2]["body"]["api_key"] == "[REDACTED]");
  CHECK(log[3]["key_leaks"] == json::array({"query"}));
  CHECK(log[4]["key_leaks"] == json::array({"body"}));
}

TEST_CASE("Option --log-requests writes method, path and ErrCode to stderr, never the key", "[sim][strict]") {
  const std::string key = "stderr-secret-key-42";
  simtest::Sim sim({"--api-key", key, "--log-requests"}, true);
  CHECK(sim.post(kT2V, t2v_body({{"extra", 1}}), api_headers(simtest::new_uuid(), key)).err_code() == 0);
  CHECK(sim.post(kT2V, t2v_body(), api_headers(simtest::new_uuid(), "wrong")).err_code() == 10005);
  auto first = sim.process().read_stderr_line(std::chrono::seconds(5));
  auto second = sim.process().read_stderr_line(std::chrono::seconds(5));
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->rfind("POST /openapi/v2/video/text/generate -> ErrCode 0 (HTTP 200)", 0) == 0);
  CHECK(first->find("extra") != std::string::npos);
  CHECK(second->rfind("POST /openapi/v2/video/text/generate -> ErrCode 10005 (HTTP 200)", 0) == 0);
  sim.process().kill(SIGTERM);
  REQUIRE(sim.process().wait(std::chrono::seconds(5)) == 0);
  auto rest = sim.process().drain_stderr(std::chrono::seconds(2));
  CHECK((*first + *second + rest).find(key) == std::string::npos);
}
