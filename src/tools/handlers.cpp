// The handler of each ToolKind. Each is short: validation, defaults and body building happen
// before (ToolSchema), HTTP details after (pixverse::Client), waiting in follow_job.
#include <spdlog/spdlog.h>

#include <stdexcept>

#include "jobs/job_view.h"
#include "jobs/lifecycle.h"
#include "media/file_access.h"
#include "media/media_inputs.h"
#include "pixverse/balance.h"
#include "pixverse/envelope.h"
#include "pixverse/trace_id.h"
#include "schema/id_text.h"
#include "tools/follow_job.h"
#include "tools/list_jobs.h"
#include "tools/tool_call.h"

namespace app {
namespace {

using nlohmann::json;

mcp::ToolStep upload(const ToolCall& call) {
  const MediaKind media = call.row.media.value();
  std::string source;
  for (const char* key : {"file_path", "image_url", "file_url"})
    if (auto it = call.args.find(key); it != call.args.end()) source = it->get<std::string>();
  // The tool's own limits (the loosest any tool takes: each tool checks its own again).
  const json& file_path = call.schema.input_schema()["properties"]["file_path"];
  const FileAccess access = FileAccess::for_call(call.services.settings, call.ctx.roots());
  auto got = upload_media(call.services.client, media, source,
                          media_limits(media, file_path.value("x-media-limits", json())), &access);
  if (!got) return mcp::ToolResult::error(got.error());
  const auto& up = *got;
  if (media == MediaKind::image) {
    json data{{"img_id", up.id}, {"source", up.source}};
    if (!up.url.empty()) data["img_url"] = up.url;
    return structured_result(data, "Uploaded " + up.source + " as img_id " + up.id.dump() +
                                       ". Pass it as img_id (or first_frame_img, img_ids, …); it can be reused.");
  }
  const std::string type = media == MediaKind::video ? "video" : "audio";
  json data{{"media_id", up.id}, {"media_type", type}, {"url", up.url}, {"source", up.source}};
  return structured_result(data, "Uploaded " + up.source + " as " + type + " media_id " + up.id.dump() +
                                     ". Pass it as " + type + "_media_id; it can be reused.");
}

// How a submission waits between attempts: cancellable, and a resubmission under a new trace
// id (after a refusal, answer_policy.h) is written to the registry before it goes out.
pixverse::Pacing submission_pacing(const ToolCall& call, JobLifecycle& life) {
  pixverse::Pacing pacing;
  pacing.sleep = [&call](std::chrono::milliseconds d) { return call.ctx.sleep_for(d); };
  pacing.on_new_trace_id = [&call, &life](const std::string& trace_id) {
    spdlog::info("{}: refused without a job; resubmitting as a new request (trace {})", call.row.name, trace_id);
    life.resubmitted(trace_id);
  };
  return pacing;
}

// The error text of a submission that did not get a job id back, by what its last answer meant.
std::string submission_failure(const pixverse::Outcome& out, std::optional<std::int64_t> job_id) {
  const pixverse::ApiError& error = *out.error;
  if (error.answer_lost()) {  // no readable answer even after replays: the job may exist
    // Not the kind's advice ("try again"): submitting again could start, and bill, a second job.
    std::string text = error.summary() + " PixVerse may have accepted the job before the answer was lost (trace id " +
                       out.trace_id + "), so do not submit it again.";
    if (job_id)
      text += " Call list_jobs with recover_job_id " + std::to_string(*job_id) +
              " (once PixVerse is reachable) to ask again with the same trace id: PixVerse answers with the "
              "original job if it exists, instead of starting (and billing) a second one.";
    else text += " Check the PixVerse console (platform.pixverse.ai) for the job first.";
    return text;
  }
  std::string text = error.message();
  if (error.answer == pixverse::Answer::refused) {
    text += out.attempts == 1 ? " PixVerse refused the submission (trace id " + out.trace_id + ")"
                              : " PixVerse refused the submission " + std::to_string(out.attempts) +
                                    " times (each a new request with a new trace id)";
    text += ", so no job exists and nothing was charged; submit it again later.";
  }
  return text;
}

mcp::ToolStep generate(const ToolCall& call) {
  const JobKind& kind = *call.row.job;
  const FileAccess access = FileAccess::for_call(call.services.settings, call.ctx.roots());
  auto resolved = resolve_media_inputs(call.schema.input_schema(), call.args, call.services.client, &access);
  if (!resolved) return mcp::ToolResult::error(resolved.error());
  const auto& inputs = *resolved;

  json body = call.schema.request_body(inputs.args);
  // The trace id is chosen before sending, and the job recorded, so that a lost answer can be
  // replayed safely (jobs/lifecycle.h).
  const std::string first_trace_id = pixverse::new_trace_id();
  JobLifecycle life =
      JobLifecycle::submit(call.services.registry->get(), call.services.registry->why_unavailable(), kind,
                           std::string(call.row.name), inputs.args, first_trace_id, std::string(call.row.path), body);
  spdlog::info("{}: submitting (trace {})", call.row.name, first_trace_id);
  auto out =
      call.services.client.post_json(std::string(call.row.path), body, first_trace_id, submission_pacing(call, life));
  if (!out.ok()) {
    std::string text = submission_failure(out, life.job_id());
    if (!inputs.uploads.empty()) text += " Uploaded before the failure (reusable): " + inputs.uploads.dump() + ".";
    life.failed(out.error->message(), out.error->answer_lost());
    if (!life.problem().empty()) text += " Not recorded in the local job registry: " + life.problem() + ".";
    return mcp::ToolResult::error(text);
  }
  const std::string& trace_id = out.trace_id;  // of the accepted attempt
  auto id = as_id(pixverse::member(out.resp, std::string(kind.id_key)));
  if (!id) {
    life.failed("answer without " + std::string(kind.id_key), true);
    return mcp::ToolResult::error("PixVerse accepted the job but its answer has no " + std::string(kind.id_key) +
                                  " (trace id " + trace_id +
                                  "); check list_jobs or the PixVerse console before "
                                  "submitting again.");
  }
  life.accepted(id->get<std::uint64_t>());
  json event{{"event", "submitted"}, {"tool", call.row.name}, {std::string(kind.id_key), *id}};
  ids_to_strings(event);  // read by the host, like structuredContent
  call.ctx.log(mcp::LogLevel::info, "pixverse", event);
  json job = submitted_job(kind, *id, trace_id);
  if (life.job_id()) job["job_id"] = *life.job_id();
  // The seed sent (the caller's, or one this server chose: see x-random-default) is reported
  // even before PixVerse's status answer repeats it.
  if (auto seed = body.find("seed"); seed != body.end() && seed->is_number_integer()) job["seed"] = *seed;
  for (const char* key : {"credits", "credit"})  // some endpoints report the charge; spelled both ways
    if (auto c = out.resp.find(key); c != out.resp.end())
      if (auto n = pixverse::integer_value(*c)) job["credits"] = *n;
  if (!inputs.uploads.empty()) job["uploads"] = inputs.uploads;
  if (!life.problem().empty()) job["registry_error"] = life.problem();
  return follow_job(call, std::move(life), std::move(job), follow_plan(call, false));
}

mcp::ToolStep job_status(const ToolCall& call) {
  const JobKind& kind = *call.row.job;
  json id = as_id(call.args.at(std::string(kind.id_key))).value_or(call.args.at(std::string(kind.id_key)));
  json job = submitted_job(kind, id, "");
  job.erase("trace_id");
  // What this machine knows of the job (trace id, local id), when the id is one it can hold.
  JobLifecycle life =
      JobLifecycle::lookup(call.services.registry->get(), kind, id.is_number_unsigned() ? id.get<std::uint64_t>() : 0);
  if (!life.known_trace_id().empty()) job["trace_id"] = life.known_trace_id();
  if (life.job_id()) job["job_id"] = *life.job_id();
  return follow_job(call, std::move(life), std::move(job), follow_plan(call, true));
}

// Lists come back as an array or as {total, data|list: [...]}; the real shape is not
// documented everywhere, so both are read.
mcp::ToolStep list(const ToolCall& call) {
  pixverse::Query query;
  const json params = call.schema.request_body(call.args);  // named: items() of a temporary dangles
  for (const auto& [key, value] : params.items())
    query.emplace_back(key, value.is_string() ? value.get<std::string>() : value.dump());
  auto out = call.services.client.get(std::string(call.row.path), query);
  if (!out.ok()) return api_error_result(*out.error);
  if (!out.resp.is_object() && !out.resp.is_array())
    return mcp::ToolResult::error("PixVerse answered without a list (trace id " + out.trace_id +
                                  "); try again in a minute.");
  const json* items = &out.resp;
  if (out.resp.is_object())
    for (const char* key : {"data", "list", "items"})
      if (auto it = out.resp.find(key); it != out.resp.end() && it->is_array()) items = &*it;
  json shaped = json::array();
  if (items->is_array())
    for (const auto& item : *items) {
      if (!item.is_object()) continue;
      json row = item;
      for (const auto& r : call.row.renames)
        if (auto it = row.find(r.from); it != row.end()) {
          row[std::string(r.to)] = *it;
          row.erase(std::string(r.from));
        }
      shaped.push_back(std::move(row));
    }
  // Each item as the outputSchema declares it (a host's SDK rejects the whole result
  // otherwise); an item of another shape is left out and counted.
  const std::string items_key(call.row.items_key);
  json readable = json::array();
  std::size_t left_out = 0;
  for (auto& row : shaped) {
    json shown{{items_key, json::array({row})}, {"total", 1}};
    ids_to_strings(shown);  // as the host will see it (the tool wrapper does this to the result)
    if (call.schema.output_validator().validate(shown).empty()) readable.push_back(std::move(row));
    else ++left_out;
  }
  if (left_out > 0) spdlog::warn("{}: {} item(s) of an unexpected shape left out", call.row.name, left_out);
  shaped = std::move(readable);
  json data{{items_key, shaped}};
  std::int64_t total = static_cast<std::int64_t>(shaped.size());
  if (out.resp.is_object())
    if (auto t = out.resp.find("total"); t != out.resp.end())
      if (auto n = pixverse::integer_value(*t)) total = *n;
  data["total"] = total;
  std::string text =
      std::to_string(shaped.size()) + " " + items_key + " (of " + std::to_string(total) + "): " + shaped.dump();
  if (left_out > 0) text += " (" + std::to_string(left_out) + " unreadable item(s) left out)";
  return structured_result(data, text);
}

mcp::ToolStep swap_mask(const ToolCall& call) {
  const FileAccess access = FileAccess::for_call(call.services.settings, call.ctx.roots());
  auto resolved = resolve_media_inputs(call.schema.input_schema(), call.args, call.services.client, &access);
  if (!resolved) return mcp::ToolResult::error(resolved.error());
  const auto& inputs = *resolved;
  auto out = call.services.client.post_json(std::string(call.row.path), call.schema.request_body(inputs.args),
                                            pixverse::new_trace_id());
  if (!out.ok()) return api_error_result(*out.error);
  json masks = json::array();
  if (auto info = out.resp.find("mask_info"); info != out.resp.end() && info->is_array())
    for (const auto& m : *info) {
      if (!m.is_object()) continue;
      const json& mask_id = pixverse::member(m, "mask_id");
      json mask{{"mask_id", mask_id.is_string() ? mask_id.get<std::string>()
                            : mask_id.is_null() ? ""
                                                : mask_id.dump()},
                {"mask_name", pixverse::text_member(m, "mask_name")},
                {"mask_url", pixverse::text_member(m, "mask_url")}};
      masks.push_back(std::move(mask));
    }
  // The answer's shape is not trusted: odd types fall back to what was asked (or nothing).
  json keyframe = call.args.value("keyframe_id", json(1));
  if (auto k = pixverse::integer_value(pixverse::member(out.resp, "keyframe_id"))) keyframe = *k;
  auto credits = pixverse::integer_value(pixverse::member(out.resp, "credits"));
  if (!credits) credits = pixverse::integer_value(pixverse::member(out.resp, "credit"));
  json data{{"keyframe_id", keyframe},
            {"keyframe_url", pixverse::text_member(out.resp, "keyframe_url")},
            {"credits", credits.value_or(0)},
            {"masks", masks}};
  if (!inputs.uploads.empty()) data["uploads"] = inputs.uploads;
  std::string text = "Frame " + data["keyframe_id"].dump() + " has " + std::to_string(masks.size()) + " masks:";
  for (const auto& m : masks)
    text += " " + m["mask_name"].get<std::string>() + " (mask_id \"" + m["mask_id"].get<std::string>() + "\")";
  text += ". Pass one mask_id with the same video and keyframe_id to swap_video (or as mask_ids to modify_video).";
  return structured_result(data, text);
}

mcp::ToolStep balance(const ToolCall& call) {
  auto out = call.services.client.get(std::string(call.row.path));
  if (!out.ok()) return api_error_result(*out.error);
  auto b = pixverse::read_balance(out.resp);
  if (!b)
    return mcp::ToolResult::error("PixVerse's balance answer could not be read (trace id " + out.trace_id +
                                  "); try again in a minute.");
  json data{{"credit_monthly", b->credit_monthly},
            {"credit_package", b->credit_package},
            {"credits_total", b->credits_total}};
  if (b->account_id) data["account_id"] = *b->account_id;
  return structured_result(data, "PixVerse credits: " + data["credits_total"].dump() + " (monthly " +
                                     data["credit_monthly"].dump() + ", package " + data["credit_package"].dump() +
                                     ").");
}

}  // namespace

mcp::ToolResult structured_result(json data, const std::string& text) {
  mcp::ToolResult r;
  r.content.push_back(json{{"type", "text"}, {"text", text}});
  r.structured = std::move(data);
  return r;
}

namespace {

using KindHandler = mcp::ToolStep (*)(const ToolCall&);

KindHandler handler_of(ToolKind kind) {
  switch (kind) {
    case ToolKind::upload: return upload;
    case ToolKind::generate: return generate;
    case ToolKind::job_status: return job_status;
    case ToolKind::list: return list;
    case ToolKind::swap_mask: return swap_mask;
    case ToolKind::balance: return balance;
    case ToolKind::list_jobs: return list_jobs;
  }
  throw std::logic_error("no handler for a tool kind");
}

}  // namespace

std::string missing_key_message() {
  return "PIXVERSE_API_KEY is not set, so this server cannot call PixVerse. Create an API key at "
         "platform.pixverse.ai and add it to this server's environment in your MCP host config, e.g. "
         "Claude Desktop: \"env\": {\"PIXVERSE_API_KEY\": \"<your key>\"}, or Claude Code: "
         "claude mcp add pixverse --env PIXVERSE_API_KEY=<your key> -- /path/to/pixverse-mcp. Then restart the "
         "server. Nothing was sent.";
}

std::function<mcp::ToolStep(const json&, mcp::CallContext&)> tool_handler(
    const ToolRow& row, const std::shared_ptr<const ToolSchemaOnDemand>& schema,
    const std::shared_ptr<Services>& services) {
  const KindHandler handler = handler_of(row.kind);
  const bool calls_api = !row.method.empty();  // list_jobs is local
  // Read once: the settings do not change while serving.
  const std::optional<std::string> base_url_problem = pixverse::check_base_url(services->settings.base_url);
  return [&row, schema, services, handler, calls_api, base_url_problem](const json& args,
                                                                        mcp::CallContext& ctx) -> mcp::ToolStep {
    if (calls_api) {
      if (base_url_problem) return mcp::ToolResult::error(*base_url_problem + ". Nothing was sent.");
      if (!services->client.has_api_key()) return mcp::ToolResult::error(missing_key_message());
    }
    return handler(ToolCall{row, schema->schema(), args, *services, ctx}).then([](mcp::ToolResult result) {
      if (result.structured) ids_to_strings(*result.structured);  // JS hosts read numbers as doubles
      return result;
    });
  };
}

mcp::ToolResult api_error_result(const pixverse::ApiError& error) { return mcp::ToolResult::error(error.message()); }

}  // namespace app
