// app::upload_media and app::resolve_media_inputs against the real simulator: what goes
// on the wire for each kind of source, and that a repeated source is uploaded once.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <optional>

#include <unistd.h>

#include "../support/base64_text.h"
#include "../support/served_on_loopback.h"
#include "config/settings.h"
#include "media/file_access.h"
#include "media/media_inputs.h"
#include "pixverse/client.h"
#include "schema/tool_schema.h"
#include "sim_fixture.h"

using namespace app;
using nlohmann::json;
using Catch::Matchers::Contains;

namespace {

using testsupport::base64;

pixverse::Client client_for(const simtest::Sim& sim) {
  pixverse::ClientConfig c;
  c.base_url = sim.base_url();
  c.api_key = simtest::kKey;
  c.retry_backoff = std::chrono::milliseconds(10);
  c.read_timeout = std::chrono::milliseconds(5000);
  return pixverse::Client(c);
}

// A simulator asset saved under a fresh temporary directory, removed with the object.
class AssetFile {
 public:
  AssetFile(const simtest::Sim& sim, const std::string& name) {
    static std::atomic<int> n{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("media-sim-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    std::filesystem::create_directories(dir_);
    bytes_ = sim.asset(name);
    std::ofstream(path(name), std::ios::binary) << bytes_;
    path_ = path(name);
  }
  ~AssetFile() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  const std::string& path() const { return path_; }
  const std::string& bytes() const { return bytes_; }
  std::string dir() const { return dir_.string(); }

 private:
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::filesystem::path dir_;
  std::string path_, bytes_;
};

// By value: callers pass the temporary that upload_media returned.
UploadedMedia uploaded(const common::Expected<UploadedMedia>& r) {
  INFO((r ? std::string("uploaded") : r.error()));
  REQUIRE(r);
  return *r;
}

std::string problem(const common::Expected<UploadedMedia>& r) { return r ? std::string() : r.error(); }

// The multipart parts of the last request the simulator saw.
json last_parts(const simtest::Sim& sim) { return sim.requests().back()["multipart"]; }

// An HTTP server on a free loopback port that counts the requests it answers. Bound before
// the constructor returns, so a connection made any time after is answered, not refused.
struct CountingHost {
  httplib::Server server;
  std::atomic<int> hits{0};
  std::optional<testsupport::ServedOnLoopback> serving;  // after the server: stops first
  CountingHost() {
    server.Get("/.*", [this](const httplib::Request&, httplib::Response& res) {
      ++hits;
      res.set_content("x", "image/png");
    });
    serving.emplace(server);
  }
  int port() const { return serving->port(); }
};

json media_property(const char* kind) {
  return {{"anyOf", json::array({{{"type", "integer"}}, {{"type", "string"}}})}, {"x-media", kind}};
}

}  // namespace

TEST_CASE("upload_media: an image by path, URL and data: URI", "[media]") {
  simtest::Sim sim;
  auto client = client_for(sim);
  AssetFile cat(sim, "cat.png");

  const auto by_path = uploaded(upload_media(client, MediaKind::image, cat.path()));
  CHECK(by_path.kind == MediaKind::image);
  CHECK(by_path.id.is_number_integer());
  CHECK_FALSE(by_path.url.empty());
  CHECK(by_path.source == cat.path());
  json parts = last_parts(sim);
  REQUIRE(parts.size() == 1);
  CHECK(parts[0]["name"] == "image");
  CHECK(parts[0]["filename"] == "cat.png");
  CHECK(parts[0]["content_type"] == "image/png");
  CHECK(parts[0]["size"] == cat.bytes().size());
  CHECK(sim.requests().back()["path"] == simtest::kUpload);

  const std::string url = sim.base_url() + "/_sim/assets/cat.png";
  const auto by_url = uploaded(upload_media(client, MediaKind::image, url));
  CHECK(by_url.id != by_path.id);
  parts = last_parts(sim);
  REQUIRE(parts.size() == 1);
  CHECK(parts[0]["name"] == "image_url");
  CHECK(parts[0]["value"] == url);

  const std::string uri = "data:image/png;base64," + base64(cat.bytes());
  const auto by_uri = uploaded(upload_media(client, MediaKind::image, uri));
  CHECK(by_uri.source.size() < 80);  // shortened for messages
  CHECK_THAT(by_uri.source, Catch::Matchers::StartsWith("data:image/png;base64,"));
  parts = last_parts(sim);
  CHECK(parts[0]["filename"] == "upload.png");
  CHECK(parts[0]["size"] == cat.bytes().size());

  // Every upload had its own trace id: uploads are free, nothing to replay.
  auto reqs = sim.requests();
  REQUIRE(reqs.size() == 3);
  CHECK(reqs[0]["trace_id"] != reqs[1]["trace_id"]);
  CHECK(reqs[1]["trace_id"] != reqs[2]["trace_id"]);
}

TEST_CASE("upload_media: video and audio by path and URL", "[media]") {
  simtest::Sim sim;
  auto client = client_for(sim);

  AssetFile mp4(sim, "sample.mp4");
  const auto video = uploaded(upload_media(client, MediaKind::video, mp4.path()));
  CHECK(video.kind == MediaKind::video);
  CHECK(video.id.is_number_integer());
  CHECK_FALSE(video.url.empty());
  json parts = last_parts(sim);
  REQUIRE(parts.size() == 1);
  CHECK(parts[0]["name"] == "file");
  CHECK(parts[0]["content_type"] == "video/mp4");
  CHECK(sim.requests().back()["path"] == simtest::kMediaUpload);

  const auto video_url = uploaded(upload_media(client, MediaKind::video, sim.base_url() + "/_sim/assets/sample.mp4"));
  CHECK(video_url.kind == MediaKind::video);
  CHECK(last_parts(sim)[0]["name"] == "file_url");

  for (const char* name : {"sample.mp3", "sample.wav"}) {
    INFO(name);
    AssetFile sound(sim, name);
    const auto audio = uploaded(upload_media(client, MediaKind::audio, sound.path()));
    CHECK(audio.kind == MediaKind::audio);
    CHECK(last_parts(sim)[0]["filename"] == name);
    const auto audio_url =
        uploaded(upload_media(client, MediaKind::audio, sim.base_url() + "/_sim/assets/" + name));
    CHECK(audio_url.id != audio.id);
  }

  // The simulator stored each as the kind it was asked for.
  json media = sim.control_get("/_sim/media");
  REQUIRE(media.size() == 6);
  CHECK(media[0]["media_type"] == "video");
  CHECK(media[2]["media_type"] == "audio");
  CHECK(media[5]["media_type"] == "audio");
}

TEST_CASE("upload_media: a wrong kind or a refused upload is a sentence to act on", "[media]") {
  simtest::Sim sim;
  auto client = client_for(sim);

  // Only PixVerse sees what a URL holds: an audio file given as a video is caught on the answer.
  CHECK_THAT(problem(upload_media(client, MediaKind::video, sim.base_url() + "/_sim/assets/sample.mp3")),
             Contains("as audio") && Contains("not as video"));

  // A local file of the wrong kind is refused before anything is sent.
  AssetFile cat(sim, "cat.png");
  const auto before = sim.requests().size();
  CHECK_THAT(problem(upload_media(client, MediaKind::audio, cat.path())),
             Contains("is a PNG image, not an audio file: use upload_image"));
  CHECK(sim.requests().size() == before);

  // PixVerse's refusal comes back with its message; the key never appears in it.
  const std::string text = problem(upload_media(client, MediaKind::video, sim.base_url() + "/_sim/assets/none.mp4"));
  CHECK_THAT(text, Contains("none.mp4") && Contains("failed"));
  CHECK_THAT(text, !Contains(simtest::kKey));
}

TEST_CASE("resolve_media_inputs: a repeated source is uploaded once and every use gets its id", "[media]") {
  simtest::Sim sim;
  auto client = client_for(sim);
  AssetFile cat(sim, "cat.png");
  const json schema = {
      {"type", "object"},
      {"properties",
       {{"prompt", {{"type", "string"}}},
        {"img_id", media_property("image")},
        {"img_ids", {{"type", "array"}, {"items", media_property("image")}}},
        {"image_references",
         {{"type", "array"},
          {"items", {{"type", "object"}, {"properties", {{"img_id", media_property("image")}}}}}}}}}};
  const json args = {{"prompt", "a cat"},
                     {"img_id", cat.path()},
                     {"img_ids", json::array({cat.path(), 42, "17"})},
                     {"image_references", json::array({{{"img_id", cat.path()}}})}};

  auto r = resolve_media_inputs(schema, args, client);
  INFO((r ? std::string() : r.error()));
  REQUIRE(r);
  const auto& resolved = *r;
  REQUIRE(resolved.uploads.size() == 1);
  const json id = resolved.uploads[0]["id"];
  CHECK(id.is_number_integer());
  CHECK(resolved.uploads[0]["field"] == "image_references[0].img_id");  // the first use, in walk order
  CHECK(resolved.uploads[0]["kind"] == "image");
  CHECK(resolved.uploads[0]["source"] == cat.path());
  CHECK(resolved.args["img_id"] == id);
  CHECK(resolved.args["img_ids"] == json::array({id, 42, "17"}));  // ids given as ids stay as they were
  CHECK(resolved.args["image_references"][0]["img_id"] == id);
  CHECK(resolved.args["prompt"] == "a cat");

  json reqs = sim.requests();
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0]["path"] == simtest::kUpload);
}

TEST_CASE("resolve_media_inputs: a local file that fails its checks stops everything before any upload", "[media]") {
  simtest::Sim sim;
  auto client = client_for(sim);
  AssetFile cat(sim, "cat.png");
  const json schema = {{"type", "object"},
                       {"properties", {{"img_id", media_property("image")}, {"video_media_id", media_property("video")}}}};
  auto r = resolve_media_inputs(schema, json{{"img_id", cat.path()}, {"video_media_id", "/nonexistent/clip.mp4"}}, client);
  REQUIRE_FALSE(r);
  const std::string text = r.error();
  CHECK_THAT(text, Contains("video_media_id") && Contains("/nonexistent/clip.mp4") && Contains("Nothing was uploaded"));
  CHECK(sim.requests().empty());  // the image was not uploaded either
}

TEST_CASE("resolve_media_inputs: a failed upload names the field and source and keeps earlier uploads", "[media]") {
  simtest::Sim sim;
  auto client = client_for(sim);
  AssetFile cat(sim, "cat.png");
  const json schema = {{"type", "object"},
                       {"properties", {{"img_id", media_property("image")}, {"video_media_id", media_property("video")}}}};
  const std::string missing = sim.base_url() + "/_sim/assets/none.mp4";  // only PixVerse sees what a URL holds
  auto r = resolve_media_inputs(schema, json{{"img_id", cat.path()}, {"video_media_id", missing}}, client);
  REQUIRE_FALSE(r);
  const std::string text = r.error();
  REQUIRE(sim.control_get("/_sim/images").size() == 1);
  const std::string uploaded_id = sim.control_get("/_sim/images")[0]["id"].dump();
  CHECK_THAT(text, Contains("video_media_id") && Contains(missing) && Contains(uploaded_id) && Contains(cat.path()));
  const json reqs = sim.requests();  // the image upload, then the refused video upload; nothing else
  REQUIRE(reqs.size() == 2);
  CHECK(reqs[0]["path"] == simtest::kUpload);
  CHECK(reqs[1]["path"] == simtest::kMediaUpload);
}

TEST_CASE("resolve_media_inputs: each input's own limits, and reference videos limited together", "[media]") {
  simtest::Sim sim;
  auto client = client_for(sim);
  const std::string mp4 = sim.asset("sample.mp4");
  auto local = [](const std::string& name, const std::string& bytes) {
    auto path = std::filesystem::temp_directory_path() / ("limits-" + std::to_string(::getpid()) + "-" + name);
    std::ofstream(path, std::ios::binary) << bytes;
    return path.string();
  };
  const std::string v35 = local("v35.mp4", simtest::retimed_mp4(mp4, 35000));
  const std::string v10 = local("v10.mp4", simtest::retimed_mp4(mp4, 10000));
  const std::string v6 = local("v6.mp4", simtest::retimed_mp4(mp4, 6000));

  // extend_video takes a 35 s video (under 40 s); lip_sync_video does not (up to 30 s).
  const app::ToolSchema extend("extend_video"), lip("lip_sync_video"), fusion("fusion_video");
  auto ok = resolve_media_inputs(extend.input_schema(), json{{"video_media_id", v35}}, client);
  REQUIRE(ok);
  CHECK(ok->args["video_media_id"].is_number_integer());
  const auto uploads = sim.requests().size();
  CHECK(uploads == 1);
  auto refused = resolve_media_inputs(lip.input_schema(), json{{"video_media_id", v35}, {"audio_media_id", 5}}, client);
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error(), Contains("plays for 35 s") && Contains("up to 30 s"));

  // fusion: 10 s + 6 s of reference videos are more than 15 s together; nothing is uploaded.
  const json two = {{"video_references", {{{"ref_name", "a"}, {"video_media_id", v10}}, {{"ref_name", "b"}, {"video_media_id", v6}}}}};
  auto together = resolve_media_inputs(fusion.input_schema(), two, client);
  REQUIRE_FALSE(together);
  CHECK_THAT(together.error(),
             Contains("video_references: the videos play 10 s + 6 s = 16 s together") && Contains("at most 15 s"));
  CHECK(sim.requests().size() == uploads);
  // 10 s + an id (its length is PixVerse's to check): uploaded, and the id stays.
  const json with_id = {{"video_references", {{{"ref_name", "a"}, {"video_media_id", v10}}, {{"ref_name", "b"}, {"video_media_id", 77}}}}};
  auto mixed = resolve_media_inputs(fusion.input_schema(), with_id, client);
  REQUIRE(mixed);
  const auto& resolved = *mixed;
  CHECK(resolved.args["video_references"][1]["video_media_id"] == 77);
  REQUIRE(resolved.uploads.size() == 1);
  CHECK(resolved.uploads[0]["field"] == "video_references[0].video_media_id");
  for (const auto& p : {v35, v10, v6}) std::filesystem::remove(p);
}

TEST_CASE("resolve_media_inputs over HTTP: local files only from PIXVERSE_INPUT_DIRS, URLs never fetched here",
          "[media]") {
  simtest::Sim sim;
  auto client = client_for(sim);
  AssetFile cat(sim, "cat.png");
  CountingHost loopback_host;  // on this machine's loopback, named by a remote caller
  const std::string url = "http://127.0.0.1:" + std::to_string(loopback_host.port()) + "/cat.png";

  const json schema = {
      {"type", "object"},
      {"properties",
       {{"img_id", media_property("image")}, {"img_ids", {{"type", "array"}, {"items", media_property("image")}}}}}};
  app::Settings settings;
  settings.http_listen = "127.0.0.1:0";
  const std::vector<mcp::Root> roots{{"file://" + cat.dir(), ""}};  // the caller's machine, not this one
  const FileAccess no_dirs = FileAccess::for_call(settings, roots);
  auto refused =
      resolve_media_inputs(schema, json{{"img_id", url}, {"img_ids", json::array({cat.path()})}}, client, &no_dirs);
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error(),
             Contains("img_ids[0]") && Contains("reached over HTTP") && Contains("Nothing was uploaded"));
  CHECK(sim.requests().empty());  // the URL was not handed on either: every source is checked first

  settings.input_dirs = {cat.dir()};
  const FileAccess with_dirs = FileAccess::for_call(settings, roots);
  auto outside = resolve_media_inputs(schema, json{{"img_id", "/elsewhere/dog.png"}}, client, &with_dirs);
  REQUIRE_FALSE(outside);
  CHECK_THAT(outside.error(), Contains("outside the folders") && Contains("operator") &&
                                  Contains("uploaded id. Nothing was uploaded."));  // one period, not two
  auto r =
      resolve_media_inputs(schema, json{{"img_id", url}, {"img_ids", json::array({cat.path()})}}, client, &with_dirs);
  INFO((r ? std::string() : r.error()));
  REQUIRE(r);
  const json reqs = sim.requests();
  REQUIRE(reqs.size() == 2);
  CHECK(reqs[0]["multipart"][0]["name"] == "image_url");  // handed to PixVerse as it is
  CHECK(reqs[0]["multipart"][0]["value"] == url);
  CHECK(reqs[1]["multipart"][0]["filename"] == "cat.png");
  // This process never connected to the caller's URL; the host did answer, as a fetch would have seen.
  CHECK(loopback_host.hits == 0);
  httplib::Client probe("127.0.0.1", loopback_host.port());
  auto answered = probe.Get("/cat.png");
  CHECK((answered && answered->status == 200));
  CHECK(loopback_host.hits == 1);
}
