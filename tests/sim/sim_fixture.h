#pragma once
// Starts the real build/pixverse-sim as a child process and talks to it over 127.0.0.1.
//
//   simtest::Sim sim({"--polls", "3"});
//   auto a = sim.post("/openapi/v2/video/text/generate", simtest::t2v_body());
//   CHECK(a.err_code() == 0);
//
// The child is started with --exit-on-stdin-eof, so it cannot outlive the test process.
#include <httplib.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../support/retimed_mp4.h"
#include "common/subprocess.h"

#ifndef PIXVERSE_SIM_PATH
#error "PIXVERSE_SIM_PATH must name the pixverse-sim binary"
#endif

namespace simtest {

using nlohmann::json;

inline constexpr const char* kKey = "sim-test-key";
inline constexpr const char* kT2V = "/openapi/v2/video/text/generate";
inline constexpr const char* kI2V = "/openapi/v2/video/img/generate";
inline constexpr const char* kUpload = "/openapi/v2/image/upload";
inline constexpr const char* kBalance = "/openapi/v2/account/balance";
inline constexpr const char* kMediaUpload = "/openapi/v2/media/upload";
inline constexpr std::uint64_t kDefaultIdStart = 9007199254740993ULL;  // 2^53 + 1

inline std::string new_uuid() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<int> hex(0, 15);
  std::string s = "xxxxxxxx-xxxx-4xxx-9xxx-xxxxxxxxxxxx";
  for (auto& c : s)
    if (c == 'x') c = "0123456789abcdef"[hex(rng)];
  return s;
}

// A valid text-to-video body (v5, 540p, 5 s, 16:9), with fields replaced or added by `patch`.
inline json t2v_body(const json& patch = json::object()) {
  json b = {{"prompt", "a cat on a skateboard"}, {"model", "v5"}, {"duration", 5}, {"quality", "540p"},
            {"aspect_ratio", "16:9"}};
  for (const auto& [k, v] : patch.items()) b[k] = v;
  return b;
}

// `body` with `patch` applied; a null value in the patch removes that field.
inline json patched(json body, const json& patch) {
  for (const auto& [k, v] : patch.items()) {
    if (v.is_null())
      body.erase(k);
    else
      body[k] = v;
  }
  return body;
}

// The sample MP4 with another duration and size (tests/support/retimed_mp4.h).
using testsupport::retimed_mp4;

// One answer: either a transport error or an HTTP response (parsed as JSON when it is JSON).
struct Answer {
  httplib::Error error = httplib::Error::Unknown;
  int status = 0;
  std::string body;
  json j;  // discarded if the body is not JSON

  bool transport_ok() const { return error == httplib::Error::Success; }
  bool is_json() const { return !j.is_discarded(); }
  std::int64_t err_code() const {
    return is_json() && j.contains("ErrCode") ? j["ErrCode"].get<std::int64_t>() : INT64_MIN;
  }
  std::string err_msg() const { return is_json() && j.contains("ErrMsg") ? j["ErrMsg"].get<std::string>() : ""; }
  const json& resp() const { return j.at("Resp"); }
};

inline Answer to_answer(const httplib::Result& r) {
  Answer a;
  a.error = r.error();
  a.j = json::value_t::discarded;
  if (r) {
    a.status = r->status;
    a.body = r->body;
    a.j = json::parse(r->body, nullptr, false);
  }
  return a;
}

// Headers of an /openapi call: API-KEY (nullopt = omitted) and Ai-trace-id (nullopt = omitted).
inline httplib::Headers api_headers(std::optional<std::string> trace = new_uuid(),
                                    std::optional<std::string> key = std::string(kKey)) {
  httplib::Headers h;
  if (key) h.emplace("API-KEY", *key);
  if (trace) h.emplace("Ai-trace-id", *trace);
  return h;
}

class Sim {
 public:
  explicit Sim(std::vector<std::string> flags = {}, bool capture_stderr = false) {
    tools::Subprocess::Options opts;
    opts.argv = {PIXVERSE_SIM_PATH, "--exit-on-stdin-eof"};
    opts.argv.insert(opts.argv.end(), flags.begin(), flags.end());
    opts.capture_stderr = capture_stderr;
    proc_ = std::make_unique<tools::Subprocess>(opts);
    auto line = proc_->read_line(std::chrono::seconds(10));
    const std::string prefix = "pixverse-sim listening on http://127.0.0.1:";
    if (!line || line->rfind(prefix, 0) != 0)
      throw std::runtime_error("pixverse-sim did not announce its port (got: " + line.value_or("<nothing>") + ")");
    port_ = std::stoi(line->substr(prefix.size()));
  }
  ~Sim() {
    if (proc_) {
      proc_->kill(SIGTERM);
      proc_->wait(std::chrono::seconds(5));
    }
  }
  Sim(const Sim&) = delete;
  Sim& operator=(const Sim&) = delete;

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  tools::Subprocess& process() { return *proc_; }

  std::unique_ptr<httplib::Client> client() const {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
    c->set_connection_timeout(5, 0);
    c->set_read_timeout(20, 0);
    c->set_write_timeout(20, 0);
    return c;
  }

  Answer post(const std::string& path, const json& body, const httplib::Headers& h = api_headers()) const {
    return to_answer(client()->Post(path, h, body.dump(), "application/json"));
  }
  Answer post_raw(const std::string& path, const std::string& body, const std::string& content_type,
                  const httplib::Headers& h = api_headers()) const {
    return to_answer(client()->Post(path, h, body, content_type));
  }
  Answer get(const std::string& path, const httplib::Headers& h = api_headers()) const {
    return to_answer(client()->Get(path, h));
  }
  Answer upload(const httplib::MultipartFormDataItems& items, const httplib::Headers& h = api_headers()) const {
    return to_answer(client()->Post(kUpload, h, items));
  }
  Answer result(std::uint64_t video_id) const { return get("/openapi/v2/video/result/" + std::to_string(video_id)); }
  Answer image_result(std::uint64_t image_id) const {
    return get("/openapi/v2/image/result/" + std::to_string(image_id));
  }
  Answer upload_media(const httplib::MultipartFormDataItems& items, const httplib::Headers& h = api_headers()) const {
    return to_answer(client()->Post(kMediaUpload, h, items));
  }

  // Control endpoints (no API key).
  json control_get(const std::string& path) const {
    auto a = to_answer(client()->Get(path));
    if (a.status != 200 || !a.is_json()) throw std::runtime_error("GET " + path + " failed: " + a.body);
    return a.j;
  }
  Answer control_post(const std::string& path, const std::string& body) const {
    return to_answer(client()->Post(path, body, "application/json"));
  }
  json requests() const { return control_get("/_sim/requests"); }
  json jobs() const { return control_get("/_sim/jobs"); }
  std::int64_t credits_left() const {
    auto a = get(kBalance);
    return a.resp()["credit_monthly"].get<std::int64_t>() + a.resp()["credit_package"].get<std::int64_t>();
  }
  void add_fault(const json& fault) const {
    auto a = control_post("/_sim/faults", fault.dump());
    if (a.status != 200) throw std::runtime_error("POST /_sim/faults failed: " + a.body);
  }
  std::string asset(const std::string& name) const {
    auto r = client()->Get("/_sim/assets/" + name);
    if (!r || r->status != 200) throw std::runtime_error("no asset " + name);
    return r->body;
  }

  // Creates a text-to-video job and returns its id (throws if the simulator refuses).
  std::uint64_t create_video(const json& patch = json::object()) const {
    auto a = post(kT2V, t2v_body(patch));
    if (a.err_code() != 0) throw std::runtime_error("generation refused: " + a.body);
    return a.resp()["video_id"].get<std::uint64_t>();
  }
  // Creates a text-to-video job and polls it until it has finished with status 1.
  std::uint64_t finished_video(const json& patch = json::object()) const {
    const auto id = create_video(patch);
    for (int i = 0; i < 1000; ++i) {
      auto status = result(id).resp()["status"].get<int>();
      if (status == 1) return id;
      if (status != 5) throw std::runtime_error("video " + std::to_string(id) + " ended with status " + std::to_string(status));
    }
    throw std::runtime_error("video " + std::to_string(id) + " did not finish");
  }
  // Uploads bytes as the media file part and returns the media_id.
  std::uint64_t upload_media_bytes(const std::string& bytes, const std::string& filename) const {
    auto a = upload_media({{"file", bytes, filename, "application/octet-stream"}});
    if (a.err_code() != 0) throw std::runtime_error("media upload refused: " + a.body);
    return a.resp()["media_id"].get<std::uint64_t>();
  }
  std::uint64_t upload_media_asset(const std::string& name) const { return upload_media_bytes(asset(name), name); }
  // Uploads a built-in asset as a file part and returns the img_id.
  std::uint64_t upload_asset(const std::string& name) const {
    auto a = upload({{"image", asset(name), name, "image/png"}});
    if (a.err_code() != 0) throw std::runtime_error("upload refused: " + a.body);
    return a.resp()["img_id"].get<std::uint64_t>();
  }

 private:
  std::unique_ptr<tools::Subprocess> proc_;
  int port_ = 0;
};

// A request the simulator must reject: `patch` applied to a valid body (null removes a field).
struct Rejection {
  const char* what;
  json patch;
  std::int64_t err_code;
  std::string msg_start;  // the ErrMsg starts with this
};

// POSTs each rejection's body and checks ErrCode and message; no job may be created by them.
inline void check_rejections(const Sim& sim, const std::string& path, const json& valid_body,
                             const std::vector<Rejection>& cases) {
  const auto jobs_before = sim.jobs().size();
  for (const auto& c : cases) {
    INFO(c.what << ": " << patched(valid_body, c.patch).dump().substr(0, 300));
    auto a = sim.post(path, patched(valid_body, c.patch));
    CHECK(a.err_code() == c.err_code);
    CHECK_THAT(a.err_msg(), Catch::Matchers::StartsWith(c.msg_start));
  }
  CHECK(sim.jobs().size() == jobs_before);
}

}  // namespace simtest
