// Routes outside /openapi: the result files (/media/...), built-in assets (/_sim/assets/...) and
// the test-control endpoints (/_sim/...). None of them needs an API key.
#include <charconv>

#include <httplib.h>

#include "assets.h"
#include "builtin_catalogs.h"
#include "served_files.h"
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
  auto serve = [&st](const httplib::Request& req, httplib::Response& res) {
    auto file = served_file(st, req.path);
    if (!file) return not_found(res);
    res.set_content(file->bytes, file->content_type);
  };
  svr.Get(R"(/media/.+)", serve);
  svr.Get(R"(/_sim/assets/[^/]+)", serve);
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
  svr.Get("/_sim/media", [&st](const httplib::Request&, httplib::Response& res) { send_json(res, st.jobs.media_json()); });
  svr.Get("/_sim/masks", [&st](const httplib::Request&, httplib::Response& res) { send_json(res, st.jobs.masks_json()); });
  svr.Get("/_sim/templates", [](const httplib::Request&, httplib::Response& res) { send_json(res, templates_json()); });
  // Test control of one job: {"status": 1|7|8} sets how it ends, {"polls": N} after how many polls,
  // {"no_url_polls": N} for how many polls at status 1 its url stays "".
  svr.Post(R"(/_sim/jobs/(\d+))", [&st](const httplib::Request& req, httplib::Response& res) {
    json body = json::parse(req.body, nullptr, false);
    auto id = parse_id(req.matches[1]);
    if (body.is_discarded() || !body.is_object()) return send_json(res, {{"error", "body must be a JSON object"}}, 400);
    std::optional<int> status, polls, no_url_polls;
    for (const auto& [key, value] : body.items()) {
      const bool small_int = value.is_number_integer() && value.get<std::int64_t>() >= 0 &&
                             value.get<std::int64_t>() <= 1000000;
      if (key == "status" && small_int && (value == 1 || value == 7 || value == 8)) {
        status = value.get<int>();
      } else if (key == "polls" && small_int) {
        polls = value.get<int>();
      } else if (key == "no_url_polls" && small_int) {
        no_url_polls = value.get<int>();
      } else {
        return send_json(
            res, {{"error", "expected {\"status\": 1|7|8, \"polls\": N, \"no_url_polls\": N}; bad key '" + key + "'"}},
            400);
      }
    }
    if (!id || !st.jobs.set_outcome(*id, status, polls, no_url_polls))
      return send_json(res, {{"error", "no such job"}}, 404);
    send_json(res, {{"ok", true}});
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
