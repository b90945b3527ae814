#include "jobs/job_view.h"

#include <cctype>

#include "pixverse/envelope.h"
#include "pixverse/video_status.h"
#include "schema/tool_schema.h"

namespace app {
namespace {

using nlohmann::json;

std::string next_step(const JobKind& kind, pixverse::JobState state, const json& id) {
  const std::string ref = std::string(kind.id_key) + " " + id.dump();
  switch (state) {
    case pixverse::JobState::running:
      return "Still rendering. Call " + std::string(kind.status_tool) + " with " + ref +
             " (and wait_seconds, e.g. 30) to keep waiting; nothing is lost meanwhile.";
    case pixverse::JobState::succeeded:
      return "Done. The file is at url (the link expires: download or show it soon)." + std::string(kind.follow_up);
    case pixverse::JobState::moderated:
      return "PixVerse moderation rejected this " + std::string(kind.name) +
             " (its credits are refunded). Change the prompt or input media and submit again.";
    case pixverse::JobState::failed:
      return "The generation failed on PixVerse's side. Submit it again; if it fails again, try another model "
             "or prompt.";
    case pixverse::JobState::deleted:
      return "This " + std::string(kind.name) + " was deleted on PixVerse; it cannot be fetched any more.";
  }
  return "";
}

// An integer member, also when sent as a digit string or a float (the webhook's `size` is 10.5).
// A float outside int64 (1e300) is left out like any unreadable field: converting it is undefined.
void copy_int(const json& from, const char* key, json& to, const char* as) {
  auto it = from.find(key);
  if (it == from.end()) return;
  if (auto n = pixverse::integer_value(*it)) {
    to[as] = *n;
  } else if (it->is_number_float()) {
    const double d = it->get<double>();
    if (d >= -0x1p63 && d < 0x1p63) to[as] = static_cast<std::int64_t>(d);
  }
}

// Status 1 ("done") with no url is not a result yet: the job is shown as running with this note
// (and polled again while the call may wait), never as a success without a file.
std::string no_url_yet(const JobKind& kind) {
  return "PixVerse reported the " + std::string(kind.name) + " done but gave no URL yet";
}

std::string file_name(const JobKind& kind, const json& job) {
  if (auto local = job.find("local_path"); local != job.end()) {
    const auto& path = local->get_ref<const std::string&>();
    return path.substr(path.rfind('/') + 1);
  }
  return "pixverse-" + std::string(kind.name) + "-" + job.at(std::string(kind.id_key)).dump() +
         std::string(kind.extension);
}

// A file:// URI for an absolute path (RFC 8089): every byte but unreserved characters and '/'
// percent-encoded, so a folder like "My Videos" or one holding '#' or '?' stays one path.
std::string file_uri(const std::string& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "file://";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

json job_from_result(const JobKind& kind, const json& resp, const json& requested_id) {
  json job = json::object();
  // The job asked about, whatever id the answer states: an answer naming another job must not
  // turn this call's result (and registry row) into that job's.
  job[std::string(kind.id_key)] = requested_id;
  long long code = 5;  // absent or unreadable: still running
  if (auto s = resp.find("status"); s != resp.end())
    if (auto n = pixverse::integer_value(*s)) code = *n;
  auto state = pixverse::job_state(code);
  std::string url;
  if (auto u = resp.find("url"); u != resp.end() && u->is_string()) url = u->get<std::string>();
  // Only a web address is a result: a javascript: or file: "url" would reach the host as a link.
  if (!url.empty() && url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) url.clear();
  const bool done_without_url = state == pixverse::JobState::succeeded && url.empty();
  if (done_without_url) state = pixverse::JobState::running;
  job["status"] = std::string(pixverse::to_string(state));
  job["status_code"] = code;
  if (state == pixverse::JobState::succeeded) {
    job["url"] = url;
    copy_int(resp, "outputWidth", job, "width");
    copy_int(resp, "outputHeight", job, "height");
    copy_int(resp, "size", job, "size_bytes");
    for (const char* key : {"width", "height", "size_bytes"})  // a size below zero is no size
      if (job.contains(key) && job[key].get<std::int64_t>() < 0) job.erase(key);
    if (auto a = resp.find("has_audio"); a != resp.end() && a->is_boolean()) job["has_audio"] = *a;
  }
  copy_int(resp, "seed", job, "seed");
  copy_int(resp, "credits", job, "credits");
  if (auto p = resp.find("prompt"); p != resp.end() && p->is_string() && !p->get<std::string>().empty())
    job["prompt"] = *p;
  job["next_step"] = next_step(kind, state, job[std::string(kind.id_key)]);
  if (done_without_url) {
    job["poll_error"] = no_url_yet(kind);
    job["next_step"] = "Call " + std::string(kind.status_tool) + " with " + std::string(kind.id_key) + " " +
                       job[std::string(kind.id_key)].dump() +
                       " (and wait_seconds, e.g. 30) in a moment to fetch its URL; do not submit it again.";
  }
  return job;
}

json submitted_job(const JobKind& kind, const json& id, const std::string& trace_id) {
  return json{{std::string(kind.id_key), id},
              {"status", "running"},
              {"status_code", 5},
              {"trace_id", trace_id},
              {"next_step", next_step(kind, pixverse::JobState::running, id)}};
}

bool job_finished(const json& job) {
  const std::string status = job.value("status", std::string("running"));
  return status == "succeeded" || status == "failed" || status == "moderated" || status == "deleted";
}

std::string poll_failure_step(const JobKind& kind, const json& id, const pixverse::ApiError& error, bool fatal,
                              bool accepted) {
  const std::string resume = "call " + std::string(kind.status_tool) + " with " + std::string(kind.id_key) + " " +
                             id.dump() + " and wait_seconds (e.g. 30)";
  const std::string keep =
      accepted ? " The job was accepted and keeps running on PixVerse: do not submit it again." : "";
  if (!fatal) return "The status could not be read (see poll_error). In a minute, " + resume + "." + keep;
  switch (error.kind) {
    case pixverse::ErrorKind::auth:
      return "PixVerse refused the status request: fix PIXVERSE_API_KEY (or PIXVERSE_BASE_URL) in this server's "
             "environment and restart it, then " +
             resume + "." + keep;
    case pixverse::ErrorKind::not_found:
    case pixverse::ErrorKind::invalid_argument:
      if (accepted)
        return "PixVerse did not find this " + std::string(kind.name) + " when asked (see poll_error). Later, " +
               resume + "." + keep;
      return "PixVerse does not know this " + std::string(kind.id_key) +
             ": check it (it must come from this "
             "PixVerse account; list_jobs shows this machine's jobs).";
    default: return "See poll_error; once it is fixed, " + resume + "." + keep;
  }
}

mcp::ToolResult job_result(const JobKind& kind, const json& job, const std::string& protocol_version) {
  mcp::ToolResult r;
  const std::string status = job.at("status").get<std::string>();
  std::string text = std::string(1, static_cast<char>(std::toupper(kind.name[0]))) + std::string(kind.name.substr(1)) +
                     " " + job.at(std::string(kind.id_key)).dump() + ": " + status + ".";
  if (auto url = job.find("url"); url != job.end()) {
    text += " URL: " + url->get<std::string>();
    if (job.contains("width") && job.contains("height"))
      text += " (" + job["width"].dump() + "x" + job["height"].dump();
    if (job.contains("size_bytes")) text += ", " + job["size_bytes"].dump() + " bytes";
    if (job.contains("width") && job.contains("height")) text += ")";
    if (job.contains("seed")) text += ", seed " + job["seed"].dump();
    text += ".";
  }
  if (auto local = job.find("local_path"); local != job.end()) text += " Saved to " + local->get<std::string>() + ".";
  if (auto problem = job.find("download_error"); problem != job.end())
    text += " Not downloaded: " + problem->get<std::string>();
  if (auto uploads = job.find("uploads"); uploads != job.end() && !uploads->empty()) {
    text += " Uploaded first:";
    for (const auto& u : *uploads)
      text += " " + u.value("field", std::string("input")) + " = " + u.at("id").dump() + ";";
    text += " these ids can be reused.";
  }
  if (auto problem = job.find("registry_error"); problem != job.end() && problem->is_string())
    text += " Not recorded in the local job registry (" + problem->get<std::string>() + "): keep this " +
            std::string(kind.id_key) + " (list_jobs may not show it, or show it out of date).";
  if (auto problem = job.find("poll_error"); problem != job.end()) {
    const std::string& said = problem->get_ref<const std::string&>();
    text += " Last status poll: " + said + (said.empty() || said.back() == '.' ? "" : ".");
  }
  text += " " + job.value("next_step", std::string());
  r.content.push_back(json{{"type", "text"}, {"text", text}});
  if (protocol_version != "2025-03-26") {  // resource_link exists from 2025-06-18 on
    std::string uri;
    if (auto local = job.find("local_path"); local != job.end()) uri = file_uri(local->get<std::string>());
    else if (auto url = job.find("url"); url != job.end()) uri = url->get<std::string>();
    if (!uri.empty()) {
      json link{{"type", "resource_link"},
                {"uri", uri},
                {"name", file_name(kind, job)},
                {"mimeType", std::string(kind.mime_type)}};
      if (job.contains("size_bytes")) link["size"] = job["size_bytes"];
      r.content.push_back(std::move(link));
    }
  }
  r.structured = job;
  r.is_error = status == "failed" || status == "moderated" || status == "deleted";
  return r;
}

}  // namespace app
