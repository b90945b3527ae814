// The handler of each ToolKind. Each is short: validation, defaults and body building happen
// before (ToolSchema), HTTP details after (pixverse::Client).
#include <spdlog/spdlog.h>

#include "catalog/media_file.h"
#include "catalog/tool_call.h"
#include "catalog/video_job.h"
#include "pixverse/trace_id.h"

namespace catalog {
namespace {

using nlohmann::json;

mcp::ToolResult structured_result(json data, const std::string& text) {
  mcp::ToolResult r;
  r.content.push_back(json{{"type", "text"}, {"text", text}});
  r.structured = std::move(data);
  return r;
}

std::string expand_path(std::string path, const json& args) {
  auto open = path.find('{');
  if (open == std::string::npos) return path;
  auto close = path.find('}', open);
  std::string name = path.substr(open + 1, close - open - 1);
  json id = as_id(args.at(name)).value_or(args.at(name));
  return path.replace(open, close - open + 1, id.is_string() ? id.get<std::string>() : id.dump());
}

mcp::ToolResult upload_image(const ToolCall& call) {
  std::vector<pixverse::FormPart> parts;
  std::string source;
  if (call.args.contains("file_path")) {
    auto file = read_image_file(call.args["file_path"].get<std::string>());
    if (auto* problem = std::get_if<std::string>(&file)) return mcp::ToolResult::error(*problem + ". Nothing was uploaded.");
    auto& f = std::get<MediaFile>(file);
    source = f.path;
    parts.push_back({"image", std::move(f.bytes), f.filename, f.content_type});
  } else {
    source = call.args.at("image_url").get<std::string>();
    parts.push_back({"image_url", source, "", ""});
  }
  auto out = call.services.client.post_multipart(std::string(call.row.path), parts, pixverse::new_trace_id());
  if (!out.ok()) return api_error_result(*out.error);
  auto id = as_id(out.resp.value("img_id", json()));
  if (!id) return mcp::ToolResult::error("PixVerse accepted the upload but sent no img_id (trace id " + out.trace_id + ")");
  json data{{"img_id", *id}, {"source", source}};
  std::string url = out.resp.value("img_url", out.resp.value("url", std::string()));
  if (!url.empty()) data["img_url"] = url;
  return structured_result(data, "Uploaded " + source + " as img_id " + id->dump() +
                                     ". Pass img_id to image_to_video (it can be reused).");
}

mcp::ToolResult generate_video(const ToolCall& call) {
  json body = call.schema.request_body(call.args);
  // The trace id is chosen before sending so that a lost answer can be replayed safely.
  const std::string trace_id = pixverse::new_trace_id();
  spdlog::info("{}: submitting (trace {})", call.row.name, trace_id);
  auto out = call.services.client.post_json(std::string(call.row.path), body, trace_id);
  if (!out.ok()) {
    std::string text = out.error->message();
    if (out.error->retryable)  // no readable answer even after replays: the job may exist
      text += " PixVerse may have accepted the job before the answer was lost; check the PixVerse console (trace id " +
              trace_id + ") before submitting it again.";
    return mcp::ToolResult::error(text);
  }
  auto id = as_id(out.resp.value("video_id", json()));
  if (!id)
    return mcp::ToolResult::error("PixVerse accepted the job but its answer has no video_id (trace id " + trace_id +
                                  "); check the PixVerse console before submitting again.");
  call.ctx.log(mcp::LogLevel::info, "pixverse", json{{"event", "submitted"}, {"tool", call.row.name}, {"video_id", *id}});
  return video_job_result(submitted_video_job(*id, trace_id), call.ctx.protocol_version());
}

mcp::ToolResult video_status(const ToolCall& call) {
  auto out = call.services.client.get(expand_path(std::string(call.row.path), call.args));
  if (!out.ok()) return api_error_result(*out.error);
  json id = as_id(call.args.at("video_id")).value_or(call.args.at("video_id"));
  return video_job_result(video_job_from_result(out.resp, id), call.ctx.protocol_version());
}

mcp::ToolResult balance(const ToolCall& call) {
  auto out = call.services.client.get(std::string(call.row.path));
  if (!out.ok()) return api_error_result(*out.error);
  auto number = [&](const char* key) {
    auto it = out.resp.find(key);
    return it != out.resp.end() && it->is_number() ? it->get<std::int64_t>() : 0;
  };
  json data{{"credit_monthly", number("credit_monthly")}, {"credit_package", number("credit_package")}};
  data["credits_total"] = data["credit_monthly"].get<std::int64_t>() + data["credit_package"].get<std::int64_t>();
  if (auto a = out.resp.find("account_id"); a != out.resp.end() && a->is_number_integer()) data["account_id"] = *a;
  return structured_result(data, "PixVerse credits: " + data["credits_total"].dump() + " (monthly " +
                                     data["credit_monthly"].dump() + ", package " + data["credit_package"].dump() + ").");
}

}  // namespace

ToolHandler handler_for(ToolKind kind) {
  switch (kind) {
    case ToolKind::upload_image: return upload_image;
    case ToolKind::generate_video: return generate_video;
    case ToolKind::video_status: return video_status;
    case ToolKind::balance: return balance;
  }
  return nullptr;
}

mcp::ToolResult api_error_result(const pixverse::ApiError& error) { return mcp::ToolResult::error(error.message()); }

}  // namespace catalog
