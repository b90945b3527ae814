#include "catalog/video_job.h"

#include "catalog/tool_schema.h"
#include "pixverse/video_status.h"

namespace catalog {
namespace {

using nlohmann::json;

std::string next_step(pixverse::JobState state, const json& id) {
  const std::string ref = "video_id " + id.dump();
  switch (state) {
    case pixverse::JobState::running:
      return "Still rendering. Call get_video_status with " + ref + " again in about 10-30 seconds.";
    case pixverse::JobState::succeeded:
      return "Done. The MP4 is at url; the link expires, so download or show it soon.";
    case pixverse::JobState::moderated:
      return "PixVerse moderation rejected this video (its credits are refunded). Change the prompt or input "
             "media and submit again.";
    case pixverse::JobState::failed:
      return "The generation failed on PixVerse's side. Submit it again; if it fails again, try another model "
             "or prompt.";
    case pixverse::JobState::deleted:
      return "This video was deleted on PixVerse; it cannot be fetched any more.";
  }
  return "";
}

void copy_int(const json& from, const char* key, json& to, const char* as) {
  auto it = from.find(key);
  if (it == from.end()) return;
  if (it->is_number_integer()) to[as] = *it;
  else if (it->is_number_float()) to[as] = static_cast<std::int64_t>(it->get<double>());
}

}  // namespace

json video_job_from_result(const json& resp, const json& requested_id) {
  json job = json::object();
  auto id = resp.contains("id") ? as_id(resp["id"]) : std::nullopt;
  job["video_id"] = id ? *id : requested_id;
  long long code = resp.value("status", 5LL);
  auto state = pixverse::job_state(code);
  job["status"] = std::string(pixverse::to_string(state));
  job["status_code"] = code;
  if (state == pixverse::JobState::succeeded) {
    if (auto url = resp.find("url"); url != resp.end() && url->is_string() && !url->get<std::string>().empty())
      job["url"] = *url;
    copy_int(resp, "outputWidth", job, "width");
    copy_int(resp, "outputHeight", job, "height");
    copy_int(resp, "size", job, "size_bytes");
    if (auto a = resp.find("has_audio"); a != resp.end() && a->is_boolean()) job["has_audio"] = *a;
  }
  copy_int(resp, "seed", job, "seed");
  if (auto p = resp.find("prompt"); p != resp.end() && p->is_string() && !p->get<std::string>().empty())
    job["prompt"] = *p;
  job["next_step"] = next_step(state, job["video_id"]);
  return job;
}

json submitted_video_job(const json& video_id, const std::string& trace_id) {
  return json{{"video_id", video_id},
              {"status", "running"},
              {"trace_id", trace_id},
              {"next_step", "Submitted; the video is rendering (usually 30 s to a few minutes). Call "
                            "get_video_status with video_id " + video_id.dump() + " to follow it."}};
}

mcp::ToolResult video_job_result(const json& job, const std::string& protocol_version) {
  mcp::ToolResult r;
  const std::string status = job.at("status").get<std::string>();
  std::string text = "Video " + job.at("video_id").dump() + ": " + status + ".";
  if (auto url = job.find("url"); url != job.end()) {
    text += " URL: " + url->get<std::string>();
    if (job.contains("width") && job.contains("height"))
      text += " (" + job["width"].dump() + "x" + job["height"].dump();
    if (job.contains("size_bytes")) text += ", " + job["size_bytes"].dump() + " bytes";
    if (job.contains("width") && job.contains("height")) text += ")";
    if (job.contains("seed")) text += ", seed " + job["seed"].dump();
    text += ".";
  }
  text += " " + job.value("next_step", std::string());
  r.content.push_back(json{{"type", "text"}, {"text", text}});
  if (auto url = job.find("url"); url != job.end() && protocol_version != "2025-03-26") {
    json link{{"type", "resource_link"},
              {"uri", *url},
              {"name", "pixverse-" + job.at("video_id").dump() + ".mp4"},
              {"mimeType", "video/mp4"}};
    if (job.contains("size_bytes")) link["size"] = job["size_bytes"];
    r.content.push_back(std::move(link));
  }
  r.structured = job;
  r.is_error = status == "failed" || status == "moderated" || status == "deleted";
  return r;
}

}  // namespace catalog
