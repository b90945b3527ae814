#pragma once
// What a client sees of a PixVerse job (schemas/_video_job.json and _image_job.json): the
// record built from PixVerse's answers, and the tool result that carries it.
#include <nlohmann/json.hpp>
#include <string>

#include "jobs/job_kind.h"
#include "mcp/tool.h"
#include "pixverse/api_error.h"

namespace app {

// From a GET …/result Resp (read tolerantly: unknown fields ignored, missing ones left out;
// status, ids and sizes as integers or digit strings). `requested_id` is used when the answer
// carries no id. A status 1 without a url is not a result yet: the job stays "running" (so the
// follower polls again while it may wait), with status_code 1 and a poll_error saying what is
// missing.
nlohmann::json job_from_result(const JobKind& kind, const nlohmann::json& resp, const nlohmann::json& requested_id);

// A job just accepted by a generation endpoint.
nlohmann::json submitted_job(const JobKind& kind, const nlohmann::json& id, const std::string& trace_id);

// True once the job has ended (succeeded, failed, moderated, deleted); "running" and
// "unknown" (its status could not be read) are not ended.
bool job_finished(const nlohmann::json& job);

// The next_step of a job whose status could not be read: `error` is the last poll's failure,
// `fatal` says it stopped the wait (waiting cannot fix it: auth, not found, invalid request),
// `accepted` that the job is known to exist (this call submitted it, or a poll saw it running).
std::string poll_failure_step(const JobKind& kind, const nlohmann::json& id, const pixverse::ApiError& error,
                              bool fatal, bool accepted);

// The tool result for a job: a short text, structuredContent, a resource_link when there is a
// file (the local copy if downloaded, else the URL; only for protocol 2025-06-18 and later),
// and isError when the job ended without a result. A `poll_error` in the job is quoted in the text.
mcp::ToolResult job_result(const JobKind& kind, const nlohmann::json& job, const std::string& protocol_version);

}  // namespace app
