// Routes outside /openapi: the result files (/media/...), built-in assets (/_sim/assets/...) and
// the test-control endpoints (/_sim/...). None of them needs an API key.
#include <charconv>

#include <httplib.h>

#include "assets.h"
#include "sim_server.h"
#include "sim_state.h"

namespace sim {
namespace {

using nlohmann::json;

void send_json(httplib::Response& res, const json& j, int status = 200) {
  res.status = status;
  res.set_content(j.dump(), "application/json");
}

std::optional<std::uint64_t> parse_id(const std::string& s) {
  std::uint64_t id = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return id;
}

void not_found(httplib::Response& res) {
  res.status = 404;
  res.set_content("404 page not found", "text/plain");
}

}  // namespace

void register_media_routes(httplib::Server& svr, SimState& st) {
  svr.Get(R"(/media/video/(\d+)\.mp4)", [&st](const httplib::Request& req, httplib::Response& res) {
    auto id = parse_id(req.matches[1]);
    auto job = id ? st.jobs.peek(*id) : std::nullopt;
    if (!job || job->status != 1) return not_found(res);
    res.set_content(fake_mp4(job->id), "video/mp4");
  });
  svr.Get(R"(/media/image/(\d+)\.(png|jpg|webp))", [&st](const httplib::Request& req, httplib::Response& res) {
    auto id = parse_id(req.matches[1]);
    auto img = id ? st.jobs.image(*id) : std::nullopt;
    if (!img || img->ext != req.matches[2]) return not_found(res);
    res.set_content(img->bytes, std::string(image_mime(sniff_image(img->bytes))));
  });
  svr.Get(R"(/_sim/assets/([^/]+))", [](const httplib::Request& req, httplib::Response& res) {
    std::string name = req.matches[1];
    auto bytes = builtin_asset(name);
    if (!bytes) return not_found(res);
    ImageFormat fmt = sniff_image(*bytes);
    res.set_content(*bytes, fmt == ImageFormat::None ? "text/plain" : std::string(image_mime(fmt)));
  });
}

void register_control_routes(httplib::Server& svr, SimState& st) {
  svr.Get("/_sim/health", [&st](const httplib::Request&, httplib::Response& res) {
    send_json(res, {{"ok", true}, {"base_url", st.base_url}, {"port", st.port}});
  });
  svr.Get("/_sim/requests", [&st](const httplib::Request&, httplib::Response& res) {
    send_json(res, st.requests.to_json());
  });
  svr.Get("/_sim/jobs", [&st](const httplib::Request&, httplib::Response& res) { send_json(res, st.jobs.jobs_json()); });
  svr.Get("/_sim/images", [&st](const httplib::Request&, httplib::Response& res) {
    send_json(res, st.jobs.images_json());
  });
  svr.Get("/_sim/assets", [](const httplib::Request&, httplib::Response& res) {
    send_json(res, builtin_asset_names());
  });
  svr.Get("/_sim/faults", [&st](const httplib::Request&, httplib::Response& res) { send_json(res, st.faults.to_json()); });
  svr.Post("/_sim/faults", [&st](const httplib::Request& req, httplib::Response& res) {
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded()) return send_json(res, {{"error", "body is not JSON"}}, 400);
    try {
      for (auto& f : parse_faults(body)) st.faults.add(std::move(f));
    } catch (const std::exception& e) {
      return send_json(res, {{"error", e.what()}}, 400);
    }
    send_json(res, {{"faults", st.faults.to_json()}});
  });
  svr.Delete("/_sim/faults", [&st](const httplib::Request&, httplib::Response& res) {
    st.faults.clear();
    send_json(res, {{"faults", json::array()}});
  });
  svr.Post("/_sim/reset", [&st](const httplib::Request&, httplib::Response& res) {
    st.reset();
    send_json(res, {{"ok", true}});
  });
}

}  // namespace sim
