#pragma once
// Turning a validated request into a job: the common JobSpec fields, the magic prompt tokens,
// submission (concurrency limit, balance) and the endpoint's answer shape.
#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

#include "model_rules.h"
#include "openapi_endpoints.h"

namespace sim {

// A video job of `endpoint` for this call: trace id, --polls / --job-ms.
JobSpec new_job(const SimState& st, const Call& call, std::string endpoint);
// Sets the job's prompt and applies its tokens: "[sim:fail]" -> status 8, "[sim:moderate]" -> 7,
// "[sim:polls=N]", "[sim:ms=N]".
void set_prompt(JobSpec& spec, std::string prompt);

// The listed fields of the body that are present (for JobSpec::inputs).
nlohmann::json pick(const nlohmann::json& body, std::initializer_list<const char*> keys);
std::string text_or_empty(const nlohmann::json& body, const char* key);
bool flag(const nlohmann::json& body, const char* key);

// The answer of a generation endpoint, as the docs show it per endpoint.
enum class AnswerShape {
  VideoId,         // {video_id}
  VideoIdCredits,  // {video_id, credits}
  VideoIdCredit,   // {video_id, credit} (mimic's spelling)
  ImageIdCredits,  // {image_id, credits}
};

// Creates the job (or answers 500044 / 500090) and answers in `shape`.
Reply submit_job(SimState& st, JobSpec spec, Dimensions dims, AnswerShape shape = AnswerShape::VideoId);

// The output size for `quality` with the aspect ratio of a width x height input.
Dimensions dimensions_like(std::string_view quality, int width, int height);

}  // namespace sim
