// Bounds on every input read from outside: JSON depth and size (client lines, PixVerse answers,
// the job registry's stored cells), URL length, regexes over long arguments, media headers with
// crafted sizes. Each case is one of the bounds, at its edge and past it. (The HTTP answer cap
// of the client is tested against a real socket in tests/sim/test_client_bounds.cpp.)
#include <catch2/catch.hpp>

#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "../support/base64_text.h"
#include "common/json_limits.h"
#include "jobs/job_view.h"
#include "jobs/registry.h"
#include "mcp/message_reader.h"
#include "media/media_file.h"
#include "media/sniff.h"
#include "pixverse/client.h"
#include "pixverse/envelope.h"
#include "schema/argument_coercion.h"
#include "schema/json_schema.h"
#include "schema/tool_schema.h"

using nlohmann::json;
using Catch::Matchers::Contains;

namespace {

std::string nested(std::size_t depth, const std::string& inner = "") {
  return std::string(depth, '[') + inner + std::string(depth, ']');
}

std::string be32(std::uint32_t v) {
  return {char(v >> 24), char((v >> 16) & 0xFF), char((v >> 8) & 0xFF), char(v & 0xFF)};
}
std::string be64(std::uint64_t v) { return be32(std::uint32_t(v >> 32)) + be32(std::uint32_t(v)); }
std::string le32(std::uint32_t v) {
  return {char(v & 0xFF), char((v >> 8) & 0xFF), char((v >> 16) & 0xFF), char(v >> 24)};
}
std::string box(const std::string& type, const std::string& payload) {
  return be32(static_cast<std::uint32_t>(8 + payload.size())) + type + payload;
}
std::string mvhd(std::uint32_t timescale, std::uint32_t duration) {
  return box("mvhd", std::string(12, '\0') + be32(timescale) + be32(duration) + std::string(80, '\0'));
}
const std::string kFtyp = box("ftyp", "isom" + be32(0) + "isom");

// Runs `f` and fails the test if it takes longer than `limit` (a loop that does not move on).
template <typename F>
auto within(std::chrono::milliseconds limit, F f) {
  const auto start = std::chrono::steady_clock::now();
  auto result = f();
  CHECK(std::chrono::steady_clock::now() - start < limit);
  return result;
}

}  // namespace

TEST_CASE("the number of JSON values is counted before parsing, strings aside", "[bounds][json]") {
  CHECK_FALSE(json_limits::holds_more_values_than("[1,2,3]", 3));  // '[' and two ','
  CHECK(json_limits::holds_more_values_than("[1,2,3,4]", 3));
  CHECK(json_limits::holds_more_values_than("[{},{}]", 3));
  // A data: URI is one string, whatever it holds.
  CHECK_FALSE(json_limits::holds_more_values_than("{\"a\":\"" + std::string(100000, ',') + "\\\",[{\"}", 1));
  CHECK(json_limits::holds_more_values_than("{\"a\":1,\"b\":2}", 1));
}

TEST_CASE("one depth limit for every JSON reader: 256 levels", "[bounds][json]") {
  STATIC_REQUIRE(mcp::kMaxJsonDepth == json_limits::kMaxDepth);
  CHECK_FALSE(json_limits::nests_deeper_than(nested(256)));
  CHECK(json_limits::nests_deeper_than(nested(257)));
  CHECK(json_limits::nests_deeper_than("{\"a\":" + nested(256) + "}"));
  // Brackets inside strings (escaped quotes included) do not count; stray closers do not go below 0.
  CHECK_FALSE(json_limits::nests_deeper_than("[\"" + std::string(1000, '[') + "\\\"" + std::string(1000, '{') + "\"]"));
  CHECK_FALSE(json_limits::nests_deeper_than(std::string(1000, ']') + nested(256)));
  CHECK(json_limits::nests_deeper_than(nested(3), 2));

  CHECK(json_limits::parse_bounded(nested(256)).is_array());
  CHECK(json_limits::parse_bounded(nested(257)).is_discarded());
  CHECK(json_limits::parse_bounded(nested(200000)).is_discarded());  // refused by the scan, never parsed
  CHECK(json_limits::parse_bounded("{\"a\":1}", 7).is_object());
  CHECK(json_limits::parse_bounded("{\"a\":1}", 6).is_discarded());
  CHECK(json_limits::parse_bounded("{\"a\":").is_discarded());
  CHECK(json_limits::parse_bounded("\"\xff\"").is_discarded());
  CHECK(json_limits::parse_bounded("18446744073709551615").get<std::uint64_t>() == 18446744073709551615ULL);

  // The client's lines keep the same limit (mcp/message_reader.h).
  CHECK_FALSE(mcp::read_message("{\"id\":1,\"a\":" + nested(255) + "}").error);
  auto deep = mcp::read_message("{\"id\":1,\"a\":" + nested(256) + "}");
  REQUIRE(deep.error);
  CHECK(deep.error->code == mcp::kInvalidRequest);
  CHECK(deep.error->id == 1);
}

TEST_CASE("PixVerse answers: at most 8 MiB and 256 levels are parsed", "[bounds][pixverse]") {
  const std::string head = R"({"ErrCode":0,"ErrMsg":"success","Resp":{"pad":")", tail = "\"}}";
  const std::string fits = head + std::string(pixverse::kMaxAnswerBytes - head.size() - tail.size(), 'x') + tail;
  REQUIRE(fits.size() == pixverse::kMaxAnswerBytes);
  CHECK(pixverse::parse_envelope(fits));
  CHECK_FALSE(pixverse::parse_envelope(head + std::string(pixverse::kMaxAnswerBytes, 'x') + tail));

  CHECK(pixverse::parse_envelope(R"({"ErrCode":0,"Resp":)" + nested(255) + "}"));
  CHECK_FALSE(pixverse::parse_envelope(R"({"ErrCode":0,"Resp":)" + nested(256) + "}"));
  CHECK_FALSE(pixverse::parse_envelope(R"({"ErrCode":0,"Resp":)" + nested(100000) + "}"));
}

TEST_CASE("a status with sizes outside int64 leaves them out instead of converting them", "[bounds][pixverse]") {
  // A float field read as an integer: 1e300 has no int64 value (the conversion is undefined).
  const json resp = json::parse(R"({"id":1,"status":1,"url":"https://cdn/x.mp4","size":1e300,"outputWidth":-1e300,
                                    "outputHeight":720.0,"seed":9.3e18,"credits":10.5})");
  const json job = app::job_from_result(app::kVideoJob, resp, json(1));
  CHECK_FALSE(job.contains("size_bytes"));
  CHECK_FALSE(job.contains("width"));
  CHECK_FALSE(job.contains("seed"));
  CHECK(job["height"] == 720);
  CHECK(job["credits"] == 10);
}

TEST_CASE("URLs longer than 16 KiB are refused before any parsing", "[bounds][pixverse]") {
  const std::string origin = "https://app-api.pixverse.ai";
  CHECK_THAT(pixverse::check_base_url(origin + "/" + std::string(16 * 1024, 'a')).value_or(""), Contains("must look like"));
  CHECK_THAT(pixverse::check_base_url(origin + "/" + std::string(2000, 'a')).value_or(""), Contains("without any other path"));
  CHECK(pixverse::check_base_url("https://" + std::string(600, 'a') + ".com"));  // a host longer than any DNS name
  CHECK_FALSE(pixverse::check_base_url(origin + "/openapi/v2"));
  CHECK(pixverse::check_base_url(origin + "/openapi/v2#x"));
  CHECK(pixverse::check_base_url(origin + "?a=1"));

  pixverse::Client client(pixverse::ClientConfig{});
  auto d = client.download("https://cdn.example.com/" + std::string(20 * 1024, 'a'), [](const char*, std::size_t) { return true; },
                           100);
  REQUIRE(d.error);
  CHECK_THAT(d.error->api_message, Contains("not a downloadable URL"));
}

TEST_CASE("patterns run in constant stack over long arguments", "[bounds][schema]") {
  // The default std::regex matcher recursed once per character: a 50 KB URL argument overflowed
  // the stack (found by fuzz/fuzz_arguments.cpp).
  app::JsonSchema digits(json{{"type", "string"}, {"pattern", "^[0-9]+$"}});
  CHECK(digits.validate(json(std::string(5'000'000, '7'))).empty());
  CHECK_FALSE(digits.validate(json(std::string(5'000'000, '7') + "x")).empty());

  const app::ToolSchema upload("upload_image");
  const std::string url = "https://example.com/" + std::string(1'000'000, 'a');
  CHECK(upload.check(upload.with_defaults({{"image_url", url}})).find("pattern") == std::string::npos);
  CHECK_THAT(upload.check(upload.with_defaults({{"image_url", url + " x"}})), Contains("pattern"));

  // A back-reference still compiles (with the default matcher).
  app::JsonSchema backref(json{{"pattern", "^(a)\\1$"}});
  CHECK(backref.validate(json("aa")).empty());
  CHECK_FALSE(backref.validate(json("ab")).empty());
}

TEST_CASE("JSON text inside an argument is read with the depth limit", "[bounds][coercion]") {
  const json schema = {{"type", "object"},
                       {"properties", {{"ids", {{"type", "array"}, {"items", {{"type", "integer"}}}}}}}};
  auto ok = app::coerce_arguments(schema, {{"ids", "[1, \"2\"]"}});
  CHECK(ok.args["ids"] == json::array({1, 2}));
  auto deep = app::coerce_arguments(schema, {{"ids", nested(100000)}});
  CHECK(deep.args["ids"].is_string());  // left as given: the validator refuses it
}

TEST_CASE("WAV chunks with lengths near 4 GiB end the walk", "[bounds][media]") {
  // 8 + 0xFFFFFFF8 wrapped to 0 in 32 bits: the walk never moved on (found by fuzz/fuzz_media.cpp).
  for (std::uint32_t len : {0xFFFFFFF7u, 0xFFFFFFF8u, 0xFFFFFFFFu, 0x7FFFFFFFu}) {
    INFO(len);
    const std::string wav = "RIFF" + le32(0) + "WAVE" + "LIST" + le32(len) + std::string(40, '\0');
    CHECK_FALSE(within(std::chrono::seconds(1), [&] { return sniff::duration(wav); }));
    const std::string uri = "data:audio/wav;base64," + testsupport::base64(wav);
    CHECK(
        within(std::chrono::seconds(1), [&] { return app::decode_data_uri(uri, app::MediaKind::audio); }).has_value());
  }
}

TEST_CASE("MP4 box walks end on every crafted size", "[bounds][media]") {
  const auto seconds = [](const std::string& b) {
    return within(std::chrono::seconds(1), [&] {
      auto time = sniff::duration(b);
      return time ? std::optional<double>(time->seconds()) : std::nullopt;
    });
  };
  const auto pixels = [](const std::string& b) {
    return within(std::chrono::seconds(1), [&] { return sniff::pixel_size(b); });
  };
  // size 0: the box runs to the end of its parent.
  CHECK(seconds(kFtyp + be32(0) + "moov" + mvhd(1000, 3000)) == Approx(3.0));
  // size 1: a 64-bit largesize follows the type.
  CHECK(seconds(kFtyp + be32(1) + "moov" + be64(16 + 108) + mvhd(1000, 4000)) == Approx(4.0));
  // Sizes past the end (32- and 64-bit), below the header, a cut largesize: no box, no reading past the end.
  CHECK_FALSE(seconds(kFtyp + be32(0xFFFFFFF0) + "moov" + mvhd(1000, 3000)));
  CHECK_FALSE(seconds(kFtyp + be32(1) + "moov" + be64(~std::uint64_t{0}) + mvhd(1000, 3000)));
  CHECK_FALSE(seconds(kFtyp + be32(1) + "moov" + be64(8) + mvhd(1000, 3000)));
  CHECK_FALSE(seconds(kFtyp + be32(4) + "moov" + mvhd(1000, 3000)));
  CHECK_FALSE(seconds(kFtyp + be32(1) + "moov" + std::string(2, '\0')));
  CHECK_FALSE(seconds(kFtyp + box("moov", mvhd(0, 3000))));  // timescale 0
  // A truncated mvhd inside a box that claims more than the file holds.
  CHECK_FALSE(seconds(kFtyp + be32(200) + "moov" + be32(100) + "mvhd" + std::string(3, '\0')));
  // Track headers: empty, cut, and 10,000 empty traks (the walk is linear).
  CHECK_FALSE(pixels(kFtyp + box("moov", box("trak", box("tkhd", "")))));
  CHECK_FALSE(pixels(kFtyp + box("moov", box("trak", be32(200) + "tkhd"))));
  std::string traks;
  for (int i = 0; i < 10000; ++i) traks += box("trak", "");
  CHECK_FALSE(pixels(kFtyp + box("moov", traks)));
  const std::string tkhd = box("tkhd", std::string(76, '\0') + be32(640u << 16) + be32(360u << 16));
  auto size = pixels(kFtyp + box("moov", traks + box("trak", tkhd)));
  REQUIRE(size);
  CHECK(size->width == 640);
  CHECK(size->height == 360);
}

TEST_CASE("JPEG segment walks end on fill bytes and zero lengths", "[bounds][media]") {
  const auto pixels = [](const std::string& b) {
    return within(std::chrono::seconds(1), [&] { return sniff::pixel_size(b); });
  };
  CHECK_FALSE(pixels("\xff\xd8\xff" + std::string(100000, '\xff')));
  std::string zero_lengths = "\xff\xd8";
  for (int i = 0; i < 10000; ++i) zero_lengths += std::string("\xff\xe0\0\0", 4);
  CHECK_FALSE(pixels(zero_lengths));
  CHECK_FALSE(pixels(std::string("\xff\xd8\xff\xe0\xff\xff", 6) + std::string(20, '\0')));  // a length past the end
}

TEST_CASE("data: URIs: size checked before decoding, odd base64 refused or decoded exactly", "[bounds][media]") {
  using app::MediaKind;
  const std::string png = std::string("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16) + be32(8) + be32(8) + std::string(5, '\0');
  const auto problem = [](const common::Expected<app::MediaFile>& r) { return r ? std::string() : r.error(); };
  const std::string b64 = testsupport::base64(png);
  auto ok = app::decode_data_uri("data:image/png;base64," + b64, MediaKind::image);
  REQUIRE(problem(ok).empty());
  CHECK(ok->bytes == png);
  // Line breaks and spaces inside the payload are allowed; padding is not counted as bytes.
  auto wrapped =
      app::decode_data_uri("data:image/png;base64," + b64.substr(0, 8) + "\r\n " + b64.substr(8), MediaKind::image);
  REQUIRE(problem(wrapped).empty());
  CHECK(wrapped->bytes == png);
  CHECK_THAT(problem(app::decode_data_uri("data:image/png;base64,====", MediaKind::image)), Contains("not"));
  CHECK_THAT(problem(app::decode_data_uri("data:image/png;base64,abc", MediaKind::image)), Contains("multiple of 4"));
  CHECK_THAT(problem(app::decode_data_uri("data:image/png;base64,****", MediaKind::image)),
             Contains("not valid base64"));
  CHECK_THAT(problem(app::decode_data_uri("data:image/png;base64,", MediaKind::image)), Contains("damaged"));
  // 30 MB of base64 for an image (limit 20 MB) is refused from its length alone.
  const std::string big = "data:image/png;base64," + std::string(40u << 20, 'A');
  CHECK_THAT(
      within(std::chrono::milliseconds(500), [&] { return problem(app::decode_data_uri(big, MediaKind::image)); }),
      Contains("20 MB"));
}

TEST_CASE("damaged JSON cells in the job registry read as null", "[bounds][registry]") {
  const std::string dir = (std::filesystem::temp_directory_path() / ("bounds-registry-" + std::to_string(::getpid()))).string();
  std::filesystem::remove_all(dir);
  {
    app::JobRegistry registry(dir);
    const auto id = registry.begin_submission("text_to_video", "video", {{"prompt", "p"}}, "trace-1", "/p", {{"a", 1}});
    registry.update_status("video", 42, "running", 5, "", {{"video_id", 42}});
    // Another program (or a disk error) writes garbage and a value nested 100,000 deep.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir + "/jobs.sqlite3").c_str(), &db) == SQLITE_OK);
    const std::string deep = nested(100000);
    const std::string sql = "UPDATE jobs SET arguments = 'not json', request_body = '" + deep +
                            "', last_result = '{\"a\":' WHERE job_id = " + std::to_string(id) +
                            "; UPDATE jobs SET last_result = x'ff00fe', arguments = '" + deep + "' WHERE remote_id = 42";
    REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);

    auto rec = registry.find_by_job_id(id);
    REQUIRE(rec);
    CHECK(rec->arguments.is_null());
    CHECK(rec->request_body.is_null());
    CHECK(rec->last_result.is_null());
    auto other = registry.find("video", 42);
    REQUIRE(other);
    CHECK(other->arguments.is_null());
    CHECK(other->last_result.is_null());
    CHECK(registry.list({}).size() == 2);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("integers past int64 in arguments are sent as they came, not converted", "[bounds][schema]") {
  // page_num 1e20 is an integer to JSON Schema; converting it to int64 was undefined (found by
  // fuzz/fuzz_arguments.cpp).
  const app::ToolSchema speakers("get_tts_speakers");
  const json args = speakers.with_defaults({{"page_num", 1e20}});
  REQUIRE(speakers.check(args).empty());
  CHECK(speakers.request_body(args)["page_num"] == 1e20);
  CHECK(speakers.request_body(speakers.with_defaults({{"page_num", 3.0}}))["page_num"].is_number_integer());
}

TEST_CASE("a playing time of 1e19 s is reported, not converted to long long", "[bounds][media]") {
  // mvhd version 1: timescale 1, duration 2^64 - 1 (found by fuzz/fuzz_media.cpp).
  const std::string mvhd1 = box("mvhd", std::string("\x01\0\0\0", 4) + std::string(16, '\0') + be32(1) +
                                            be64(~std::uint64_t{0}) + std::string(80, '\0'));
  const std::string mp4 = kFtyp + box("moov", mvhd1);
  const auto time = sniff::duration(mp4);
  REQUIRE(time);
  CHECK(time->seconds() > 1e19);
  auto decoded = app::decode_data_uri("data:video/mp4;base64," + testsupport::base64(mp4), app::MediaKind::video);
  REQUIRE_FALSE(decoded);
  CHECK_THAT(decoded.error(), Contains("plays for 18446744073709551616 s"));
}
