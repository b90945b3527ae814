// POST /openapi/v2/image/upload and the image files the simulator serves.
#include <catch2/catch.hpp>

#include "sim_fixture.h"

using simtest::api_headers;
using simtest::json;

namespace {

// A JPEG header with an SOF0 segment (enough for magic-byte and size sniffing).
std::string tiny_jpeg(int w, int h) {
  std::string j = "\xFF\xD8\xFF\xE0";
  j += std::string("\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 16);
  j += std::string("\xFF\xC0\x00\x11\x08", 5);
  j += static_cast<char>(h >> 8);
  j += static_cast<char>(h & 0xFF);
  j += static_cast<char>(w >> 8);
  j += static_cast<char>(w & 0xFF);
  j += std::string("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10);
  j += "\xFF\xD9";
  return j;
}

// A WebP (VP8X) header.
std::string tiny_webp(int w, int h) {
  std::string b = "RIFF";
  b += std::string("\x1A\x00\x00\x00", 4);
  b += "WEBPVP8X";
  b += std::string("\x0A\x00\x00\x00\x00\x00\x00\x00", 8);
  for (int v : {w - 1, h - 1})
    for (int shift = 0; shift < 24; shift += 8) b += static_cast<char>((v >> shift) & 0xFF);
  return b;
}

}  // namespace

TEST_CASE("Upload a PNG file part: img_id, img_url serving the same bytes", "[sim][upload]") {
  simtest::Sim sim;
  const std::string png = sim.asset("cat.png");
  REQUIRE(png.substr(1, 3) == "PNG");
  auto a = sim.upload({{"image", png, "cat.png", "image/png"}});
  REQUIRE(a.err_code() == 0);
  CHECK(a.err_msg() == "success");
  const auto id = a.resp()["img_id"].get<std::uint64_t>();
  CHECK(id == simtest::kDefaultIdStart);
  CHECK(a.resp()["img_id"].is_number_unsigned());
  const auto url = a.resp()["img_url"].get<std::string>();
  CHECK(url == sim.base_url() + "/media/image/" + std::to_string(id) + ".png");
  auto file = sim.client()->Get(url.substr(sim.base_url().size()).c_str());
  REQUIRE(file);
  CHECK(file->status == 200);
  CHECK(file->body == png);
  CHECK(file->get_header_value("Content-Type") == "image/png");
  auto log = sim.requests();
  REQUIRE(log.size() == 1);
  CHECK(log[0]["multipart"] == json::parse(R"([{"name":"image","filename":"cat.png","content_type":"image/png","size":)" +
                                           std::to_string(png.size()) + "}]"));
  CHECK(log[0]["body"].is_null());
}

TEST_CASE("Upload JPEG and WebP by magic bytes, the URL extension follows the content", "[sim][upload]") {
  simtest::Sim sim;
  auto jpg = sim.upload({{"image", tiny_jpeg(640, 480), "photo.jpeg", "image/jpeg"}});
  REQUIRE(jpg.err_code() == 0);
  CHECK(jpg.resp()["img_url"].get<std::string>().substr(jpg.resp()["img_url"].get<std::string>().size() - 4) == ".jpg");
  auto webp = sim.upload({{"image", tiny_webp(300, 600), "pic.webp", "image/webp"}});
  REQUIRE(webp.err_code() == 0);
  CHECK(webp.resp()["img_url"].get<std::string>().find(".webp") != std::string::npos);
  auto images = sim.control_get("/_sim/images");
  REQUIRE(images.size() == 2);
  CHECK(images[0]["width"] == 640);
  CHECK(images[0]["height"] == 480);
  CHECK(images[1]["width"] == 300);
  CHECK(images[1]["height"] == 600);
}

TEST_CASE("Upload by image_url", "[sim][upload]") {
  simtest::Sim sim;
  const std::string own = sim.base_url() + "/_sim/assets/portrait.png";
  auto a = sim.upload({{"image_url", own, "", ""}});
  REQUIRE(a.err_code() == 0);
  auto file = sim.client()->Get(("/media/image/" + std::to_string(a.resp()["img_id"].get<std::uint64_t>()) + ".png").c_str());
  REQUIRE(file);
  CHECK(file->body == sim.asset("portrait.png"));
  CHECK(sim.upload({{"image_url", "https://cdn.example.com/pics/Dog.JPG?x=1", "", ""}}).err_code() == 0);
  CHECK(sim.upload({{"image_url", "http://example.com:8080/a.webp", "", ""}}).err_code() == 0);
  CHECK(sim.upload({{"image_url", "https://example.com/page.html", "", ""}}).err_code() == 500042);
  CHECK(sim.upload({{"image_url", "ftp://example.com/a.png", "", ""}}).err_code() == 500042);
  CHECK(sim.upload({{"image_url", "not a url.png", "", ""}}).err_code() == 500042);
  CHECK(sim.upload({{"image_url", sim.base_url() + "/_sim/assets/missing.png", "", ""}}).err_code() == 500042);
  CHECK(sim.upload({{"image_url", sim.base_url() + "/_sim/assets/not-an-image.txt", "", ""}}).err_code() == 500032);
  // an img_url this simulator issued can be uploaded again
  auto again = sim.upload({{"image_url", a.resp()["img_url"].get<std::string>(), "", ""}});
  CHECK(again.err_code() == 0);
  CHECK(sim.control_get("/_sim/images").size() == 4);
}

TEST_CASE("Upload: wrong part name, both parts or neither -> 400017", "[sim][upload]") {
  simtest::Sim sim;
  const std::string png = sim.asset("cat.png");
  for (const char* name : {"file", "media", "img", "image_file"}) {
    INFO(name);
    auto a = sim.upload({{name, png, "cat.png", "image/png"}});
    CHECK(a.err_code() == 400017);
    CHECK(a.err_msg().find(std::string("unexpected form field '") + name + "'") == 0);
  }
  auto both = sim.upload({{"image", png, "cat.png", "image/png"}, {"image_url", sim.base_url() + "/_sim/assets/cat.png", "", ""}});
  CHECK(both.err_code() == 400017);
  CHECK(both.err_msg() == "send exactly one of 'image' or 'image_url', not both");
  auto neither = sim.upload({{"note", "hello", "", ""}});
  CHECK(neither.err_code() == 400017);
  // an empty multipart body is rejected by the HTTP layer itself, before the endpoint
  CHECK(sim.upload({}).status == 400);
  auto twice = sim.upload({{"image", png, "a.png", "image/png"}, {"image", png, "b.png", "image/png"}});
  CHECK(twice.err_code() == 400017);
  auto text_image = sim.upload({{"image", png, "", ""}});  // a text field named image
  CHECK(text_image.err_code() == 400017);
  CHECK(sim.control_get("/_sim/images").empty());
}

TEST_CASE("Upload: content checks", "[sim][upload]") {
  simtest::Sim sim;
  const std::string png = sim.asset("cat.png");
  auto not_image = sim.upload({{"image", "GIF89a not really", "cat.png", "image/png"}});
  CHECK(not_image.err_code() == 500032);
  auto octet = sim.upload({{"image", png, "cat.png", "application/octet-stream"}});
  CHECK(octet.err_code() == 400017);
  CHECK(octet.err_msg().find("content type") != std::string::npos);
  auto big = sim.upload({{"image", png + std::string(20u * 1024u * 1024u, '\0'), "big.png", "image/png"}});
  CHECK(big.err_code() == 500030);
  // the URL-encoded form the official MCP server uses is not multipart
  auto form = simtest::to_answer(sim.client()->Post(simtest::kUpload, api_headers(),
                                                    httplib::Params{{"image_url", "https://e.com/a.png"}}));
  CHECK(form.status == 400);
  CHECK(sim.post(simtest::kUpload, json{{"image_url", "https://e.com/a.png"}}).status == 400);
  CHECK(sim.control_get("/_sim/images").empty());
}

TEST_CASE("Upload: moderation -> HTTP 500 with the lower-case envelope", "[sim][upload]") {
  simtest::Sim sim;
  const std::string png = sim.asset("cat.png");
  auto a = sim.upload({{"image", png, "NSFW_beach.png", "image/png"}});
  CHECK(a.status == 500);
  REQUIRE(a.is_json());
  CHECK(a.j == json::parse(R"({"err_code":500052,"err_msg":"image failed content moderation","resp":""})"));
  CHECK_FALSE(a.j.contains("ErrCode"));
  auto by_url = sim.upload({{"image_url", "https://example.com/nsfw/1.jpg", "", ""}});
  CHECK(by_url.status == 500);
  CHECK(by_url.j["err_code"] == 500052);
  CHECK(sim.control_get("/_sim/images").empty());
  auto log = sim.requests();
  REQUIRE(log.size() == 2);
  CHECK(log[0]["http_status"] == 500);
  CHECK(log[0]["err_code"] == 500052);
}

TEST_CASE("Image-to-video takes its aspect ratio from the image", "[sim][upload]") {
  simtest::Sim sim({"--polls", "0"});
  auto i2v = [&](std::uint64_t img) {
    json b = simtest::t2v_body({{"img_id", img}});
    b.erase("aspect_ratio");
    auto a = sim.post(simtest::kI2V, b);
    REQUIRE(a.err_code() == 0);
    return sim.result(a.resp()["video_id"].get<std::uint64_t>()).resp();
  };
  auto portrait = i2v(sim.upload_asset("portrait.png"));
  CHECK(portrait["outputWidth"] == 540);
  CHECK(portrait["outputHeight"] == 960);
  auto square = i2v(sim.upload_asset("square.png"));
  CHECK(square["outputWidth"] == 540);
  CHECK(square["outputHeight"] == 540);
  auto wide = i2v(sim.upload_asset("cat.png"));
  CHECK(wide["outputWidth"] == 960);
  CHECK(wide["outputHeight"] == 540);
}
