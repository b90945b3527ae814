#include "jobs/resources.h"

#include <charconv>
#include <stdexcept>

#include "jobs/job_kind.h"
#include "jobs/record_view.h"
#include "schema/id_text.h"

namespace app {
namespace {

using nlohmann::json;

constexpr std::size_t kPageSize = 50;

json resource_of(const JobRecord& r) {
  const JobKind& kind = r.kind == "image" ? kImageJob : kVideoJob;
  const std::string id = std::to_string(*r.remote_id);
  json res{{"uri", std::string(kind.uri_prefix) + id},
           {"name", "pixverse-" + std::string(kind.name) + "-" + id},
           {"title", (r.tool.empty() ? std::string(kind.name) : r.tool) + " " + id + " (" + r.status + ")"},
           {"mimeType", "application/json"}};
  if (!r.arguments.is_null() && r.arguments.contains("prompt") && r.arguments["prompt"].is_string())
    res["description"] = r.arguments["prompt"].get<std::string>().substr(0, 200);
  return res;
}

}  // namespace

mcp::ResourceProvider job_resources(const std::shared_ptr<const RegistryHandle>& handle) {
  mcp::ResourceProvider p;
  p.list = [handle](const std::optional<std::string>& cursor) {
    JobFilter filter;
    filter.limit = kPageSize;
    if (cursor) {
      std::int64_t before = 0;
      auto [end, ec] = std::from_chars(cursor->data(), cursor->data() + cursor->size(), before);
      if (ec != std::errc() || end != cursor->data() + cursor->size() || before <= 0)
        throw std::invalid_argument("invalid cursor");
      filter.before_job_id = before;
    }
    const auto registry = handle->get();
    if (!registry) return json{{"resources", json::array()}};  // no registry: no job to show
    auto records = registry->list(filter);
    json resources = json::array();
    for (const auto& r : records)
      if (r.remote_id) resources.push_back(resource_of(r));
    json out{{"resources", resources}};
    if (records.size() == kPageSize) out["nextCursor"] = std::to_string(records.back().job_id);
    return out;
  };
  p.read = [handle](const std::string& uri) -> std::optional<json> {
    const auto registry = handle->get();
    if (!registry)  // say why, not just "not found"
      throw mcp::RpcError{mcp::kResourceNotFound,
                          "Resource not found: the job registry is not available: " + handle->why_unavailable(),
                          json{{"uri", uri}}};
    for (const JobKind* kind : {&kVideoJob, &kImageJob}) {
      if (uri.rfind(kind->uri_prefix, 0) != 0) continue;
      std::string_view id_text = std::string_view(uri).substr(kind->uri_prefix.size());
      std::uint64_t id = 0;
      auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
      if (ec != std::errc() || end != id_text.data() + id_text.size()) return std::nullopt;
      auto rec = registry->find(std::string(kind->name), id);
      if (!rec) return std::nullopt;
      json body = job_record_json(*rec, true);
      if (rec->last_result.is_object()) body["last_result"] = rec->last_result;
      ids_to_strings(body);  // read by JS hosts, whose numbers are doubles
      return json{
          {"contents", json::array({json{{"uri", uri}, {"mimeType", "application/json"}, {"text", body.dump(2)}}})}};
    }
    return std::nullopt;
  };
  p.templates = json::array(
      {json{{"uriTemplate", std::string(kVideoJob.uri_prefix) + "{video_id}"},
            {"name", "pixverse-video-job"},
            {"title", "PixVerse video job"},
            {"description", "A video job from this machine's job registry: status, URL, local file, arguments."},
            {"mimeType", "application/json"}},
       json{{"uriTemplate", std::string(kImageJob.uri_prefix) + "{image_id}"},
            {"name", "pixverse-image-job"},
            {"title", "PixVerse image job"},
            {"description", "An image job from this machine's job registry."},
            {"mimeType", "application/json"}}});
  return p;
}

}  // namespace app
