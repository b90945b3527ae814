// The two catalog lists: GET video/lip_sync/tts_list and GET video/restyle/list, both paged by
// the query parameters page_num (1-based; 0 is taken as the first page, as in a guide's example)
// and page_size, both required.
#include <charconv>

#include <httplib.h>

#include "builtin_catalogs.h"
#include "common/expected.h"
#include "openapi_endpoints.h"

namespace sim {
namespace {

using nlohmann::json;

struct Page {
  std::size_t offset = 0;
  std::size_t size = 0;
};

// The page, or the error answer for missing (400011), non-integer (400013) or out-of-range
// (400017) paging parameters.
common::Expected<Page, Reply> parse_page(const Call& call) {
  std::int64_t values[2] = {0, 0};
  const char* names[2] = {"page_num", "page_size"};
  for (int i = 0; i < 2; ++i) {
    const std::string text = call.req.has_param(names[i]) ? call.req.get_param_value(names[i]) : "";
    if (text.empty()) return common::Unexpected{envelope(400011, std::string(names[i]) + " is required")};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), values[i]);
    if (ec != std::errc() || end != text.data() + text.size())
      return common::Unexpected{envelope(400013, "invalid binding request: " + std::string(names[i]) +
                                                     " must be integer, got \"" + text.substr(0, 40) + "\"")};
  }
  if (values[0] < 0)
    return common::Unexpected{envelope(400017, "page_num must be >= 1 (got " + std::to_string(values[0]) + ")")};
  if (values[1] < 1)
    return common::Unexpected{envelope(400017, "page_size must be >= 1 (got " + std::to_string(values[1]) + ")")};
  const auto page = static_cast<std::size_t>(values[0] == 0 ? 1 : values[0]);
  const auto size = static_cast<std::size_t>(std::min<std::int64_t>(values[1], 100000));
  return Page{(page - 1) * size, size};
}

template <typename T, typename ToJson>
json page_of(const std::vector<T>& all, const Page& p, ToJson to_json) {
  json out = json::array();
  for (std::size_t i = p.offset; i < all.size() && i < p.offset + p.size; ++i) out.push_back(to_json(all[i]));
  return out;
}

}  // namespace

Reply handle_tts_list(SimState&, const Call& call) {
  auto page = parse_page(call);
  if (!page) return page.error();
  const auto& all = tts_speakers();
  json data = page_of(all, *page, [](const TtsSpeaker& s) {
    return json{{"speaker_id", std::string(s.speaker_id)}, {"name", std::string(s.name)}};
  });
  return success({{"total", all.size()}, {"data", data}});
}

Reply handle_restyle_list(SimState& st, const Call& call) {
  auto page = parse_page(call);
  if (!page) return page.error();
  // The real answer's shape is undocumented; a bare array is what one integrator's mock shows.
  return success(page_of(restyle_effects(), *page, [&st](const RestyleEffect& e) {
    return json{{"restyle_id", e.restyle_id},
                {"restyle_name", std::string(e.name)},
                {"restyle_prompt", std::string(e.prompt)},
                {"cover_url", st.base_url + "/_sim/assets/square.png"}};
  }));
}

}  // namespace sim
