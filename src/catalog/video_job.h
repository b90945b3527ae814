#pragma once
// The video job record every video tool returns (schemas/_video_job.json), and its result.
#include <nlohmann/json.hpp>
#include <string>

#include "mcp/tool.h"

namespace catalog {

// From a GET /video/result Resp (read tolerantly: unknown fields ignored, missing ones left out).
// `requested_id` is used when the answer carries no id.
nlohmann::json video_job_from_result(const nlohmann::json& resp, const nlohmann::json& requested_id);

// A job just accepted by a generation endpoint.
nlohmann::json submitted_video_job(const nlohmann::json& video_id, const std::string& trace_id);

// The tool result for a job: text for the model, structuredContent, a resource_link when the
// video exists (for clients that know the block: protocol 2025-06-18 and later), and isError
// when the job ended without a video.
mcp::ToolResult video_job_result(const nlohmann::json& job, const std::string& protocol_version);

}  // namespace catalog
