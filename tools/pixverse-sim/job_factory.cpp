#include "job_factory.h"

#include <algorithm>
#include <charconv>

namespace sim {

using nlohmann::json;

JobSpec new_job(const SimState& st, const Call& call, std::string endpoint) {
  JobSpec s;
  s.endpoint = std::move(endpoint);
  s.trace_id = call.trace_id;
  s.needed_polls = st.cfg.polls;
  s.needed_ms = st.cfg.job_ms;
  s.inputs = json::object();
  return s;
}

void set_prompt(JobSpec& spec, std::string prompt) {
  spec.prompt = std::move(prompt);
  const std::string& text = spec.prompt;
  std::size_t pos = 0;
  while ((pos = text.find("[sim:", pos)) != std::string::npos) {
    auto close = text.find(']', pos);
    if (close == std::string::npos) break;
    std::string token = text.substr(pos + 5, close - pos - 5);
    pos = close + 1;
    auto number = [&](std::size_t skip) -> std::optional<std::int64_t> {
      std::int64_t n = 0;
      auto [end, ec] = std::from_chars(token.data() + skip, token.data() + token.size(), n);
      if (ec != std::errc() || end != token.data() + token.size() || n < 0) return std::nullopt;
      return n;
    };
    if (token == "fail") {
      spec.terminal_status = 8;
    } else if (token == "moderate") {
      spec.terminal_status = 7;
    } else if (token.rfind("polls=", 0) == 0) {
      if (auto n = number(6)) spec.needed_polls = static_cast<int>(std::min<std::int64_t>(*n, 1000000));
    } else if (token.rfind("ms=", 0) == 0) {
      if (auto n = number(3)) spec.needed_ms = *n;
    } else if (token.rfind("no_url=", 0) == 0) {
      if (auto n = number(7)) spec.no_url_polls = static_cast<int>(std::min<std::int64_t>(*n, 1000000));
    }
  }
}

json pick(const json& body, std::initializer_list<const char*> keys) {
  json out = json::object();
  for (const char* key : keys)
    if (has_value(body, key)) out[key] = body.at(key);
  return out;
}

std::string text_or_empty(const json& body, const char* key) {
  return has_value(body, key) ? body.at(key).get<std::string>() : std::string();
}

bool flag(const json& body, const char* key) { return has_value(body, key) && body.at(key).get<bool>(); }

Reply submit_job(SimState& st, JobSpec spec, Dimensions dims, AnswerShape shape) {
  const std::int64_t credits = spec.credits;
  if (spec.aspect_ratio.empty() && dims.width > 0 && dims.height > 0)
    spec.aspect_ratio = std::string(
        nearest_aspect_ratio(static_cast<std::uint32_t>(dims.width), static_cast<std::uint32_t>(dims.height)));
  CreateResult created = st.jobs.create_job(std::move(spec), dims.width, dims.height);
  if (!created.id) return envelope(created.err_code, created.err_msg);
  switch (shape) {
    case AnswerShape::VideoId: return success({{"video_id", *created.id}});
    case AnswerShape::VideoIdCredits: return success({{"video_id", *created.id}, {"credits", credits}});
    case AnswerShape::VideoIdCredit: return success({{"video_id", *created.id}, {"credit", credits}});
    case AnswerShape::ImageIdCredits: return success({{"image_id", *created.id}, {"credits", credits}});
  }
  return success(nullptr);
}

Dimensions dimensions_like(std::string_view quality, int width, int height) {
  const auto aspect = nearest_aspect_ratio(static_cast<std::uint32_t>(std::max(width, 0)),
                                           static_cast<std::uint32_t>(std::max(height, 0)));
  return output_dimensions(quality, aspect);
}

}  // namespace sim
