#pragma once
// The /openapi/v2 endpoints the simulator implements, as a table. Adding an endpoint = one row
// in openapi_endpoints.cpp (method, path, body kind, field rules, handler) + its handler + (for
// JSON bodies) its rule table in a rules_*.cpp file, declared in endpoint_rules.h.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "reply.h"
#include "sim_state.h"
#include "endpoint_rules.h"

namespace httplib {
struct Request;
}

namespace sim {

enum class BodyKind { None, Json, Multipart };

struct Call {
  const httplib::Request& req;
  const nlohmann::json& body;  // the parsed JSON body (BodyKind::Json), else null
  std::string path_id;         // the {id} of the path, if the route has one
  std::string trace_id;
  RequestRecord& rec;
};

using Handler = Reply (*)(SimState& st, const Call& call);

struct Endpoint {
  std::string_view method;
  std::string_view path;  // with has_id: the prefix before the id, ending in '/'
  bool has_id = false;
  BodyKind body = BodyKind::None;
  const EndpointRules* rules = nullptr;  // JSON field rules, or nullptr
  Handler handle = nullptr;
};

// Every endpoint, in the order the routing tries them.
const std::vector<Endpoint>& openapi_endpoints();

struct Route {
  const Endpoint* endpoint = nullptr;  // nullptr: see path_known
  std::string id;
  bool path_known = false;             // the path exists but not for this method (405)
};
// The endpoint for a request line; an id path ("/openapi/v2/video/result/123") gives its id.
Route route(std::string_view method, std::string_view path);

// Handlers. image_upload.cpp, media_upload.cpp:
Reply handle_image_upload(SimState& st, const Call& call);
Reply handle_media_upload(SimState& st, const Call& call);
// generation.cpp, multi_image_generation.cpp:
Reply handle_text_to_video(SimState& st, const Call& call);
Reply handle_image_to_video(SimState& st, const Call& call);
Reply handle_transition(SimState& st, const Call& call);
Reply handle_extend(SimState& st, const Call& call);
Reply handle_fusion(SimState& st, const Call& call);
Reply handle_multi_transition(SimState& st, const Call& call);
// video_edit.cpp, mask_selection.cpp:
Reply handle_lip_sync(SimState& st, const Call& call);
Reply handle_sound_effect(SimState& st, const Call& call);
Reply handle_modify(SimState& st, const Call& call);
Reply handle_restyle(SimState& st, const Call& call);
Reply handle_swap(SimState& st, const Call& call);
Reply handle_mimic(SimState& st, const Call& call);
Reply handle_mask_selection(SimState& st, const Call& call);
// image_jobs.cpp, list_endpoints.cpp, openapi_endpoints.cpp:
Reply handle_image_template(SimState& st, const Call& call);
Reply handle_image_result(SimState& st, const Call& call);
Reply handle_tts_list(SimState& st, const Call& call);
Reply handle_restyle_list(SimState& st, const Call& call);
Reply handle_video_result(SimState& st, const Call& call);
Reply handle_balance(SimState& st, const Call& call);

}  // namespace sim
