#include "pixverse/answer_policy.h"

#include <algorithm>
#include <charconv>
#include <iterator>

namespace pixverse {
namespace {

// The numbers in these sentences are ClientConfig's defaults and kMaxRetryAfter; the README
// test checks both that the README shows these rows and that the numbers match the code.
constexpr AnswerRule kRules[] = {
    {.answer = Answer::success,
     .answer_text = "`ErrCode` 0",
     .server_does = "Reads `Resp`.",
     .user_sees = "The result."},
    {.answer = Answer::lost,
     .retry = true,
     .same_trace_id = true,
     .job_may_exist = true,
     .answer_text =
         "No answer (connection refused or dropped, timeout, TLS failure), HTTP 408 or 5xx without the envelope, or "
         "HTTP 200 with a body that is not the envelope",
     .server_does =
         "A paid POST goes out again with the **same** `Ai-trace-id` and byte-identical body, after 0.4 s, then 0.8 s "
         "(3 attempts in all; a job submission waits up to 10 s for each answer, an upload 60 s): PixVerse answers a "
         "repeated trace id with its first answer, so a job it created comes back instead of a second one. A GET is "
         "retried with a new trace id.",
     .user_sees = "If every attempt is lost: an error saying PixVerse may have accepted the job, with the trace id and "
                  "`list_jobs` `recover_job_id`, which asks again with that trace id."},
    {.answer = Answer::refused,
     .retry = true,
     .answer_text =
         "`ErrCode` 500044 (concurrency limit), 500069 (system busy) or 500100 (internal error), or HTTP 429",
     .server_does =
         "No job was created, and the same trace id would only get the same refusal back: after a back-off (2 s, then "
         "4 s; for HTTP 429 the `Retry-After` seconds, at most 30 s) the request goes out as a **new** request with a "
         "**new** trace id, 3 attempts in all, and no back-off ends later than 30 s after the first attempt. The job "
         "registry records each new trace id before it is sent.",
     .user_sees =
         "If every attempt is refused: an error with the ErrCode, the last trace id and what to do (wait for a running "
         "job, try again later). No job exists, nothing was charged, and there is nothing to recover."},
    {.answer = Answer::final,
     .answer_text =
         "Any other `ErrCode` (API key, arguments, credits, moderation, …), or any other HTTP status without the "
         "envelope (400, 401, 403, 404, 3xx, …)",
     .server_does = "Nothing more: trying again cannot change the answer.",
     .user_sees = "An error with the ErrCode, the trace id and what to fix; no job was created."},
};

}  // namespace

std::string_view to_string(Answer answer) {
  switch (answer) {
    case Answer::success: return "success";
    case Answer::lost: return "lost";
    case Answer::refused: return "refused";
    case Answer::final: return "final";
  }
  return "final";
}

std::span<const AnswerRule> answer_rules() { return kRules; }

const AnswerRule& rule_for(Answer answer) {
  for (const auto& r : kRules)
    if (r.answer == answer) return r;
  return kRules[3];  // unreachable: every Answer has a row
}

Answer classify_answer(int http_status, std::optional<std::int64_t> err_code) {
  if (err_code) {
    if (*err_code == 0) return Answer::success;
    if (http_status == 429 ||
        std::find(std::begin(kRefusalCodes), std::end(kRefusalCodes), *err_code) != std::end(kRefusalCodes))
      return Answer::refused;
    return Answer::final;  // an envelope is PixVerse's answer, whatever the HTTP status
  }
  if (http_status == 0) return Answer::lost;
  if (http_status == 429) return Answer::refused;
  // 5xx from a gateway, or a 2xx whose body was cut or garbled: PixVerse may have acted.
  // 408: a proxy gave up waiting for the request, so it may not have reached PixVerse at all.
  if (http_status >= 500 || http_status == 408 || (http_status >= 200 && http_status < 300)) return Answer::lost;
  return Answer::final;  // 400 malformed request, 401/403 key, 404 path, 3xx: the request itself
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty() || value.front() < '0' || value.front() > '9') return std::nullopt;  // absent, -1, HTTP-date
  std::int64_t seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (end != value.data() + value.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) return std::chrono::seconds(INT32_MAX);  // "wait very long"
  if (ec != std::errc()) return std::nullopt;
  return std::chrono::seconds(std::min<std::int64_t>(seconds, INT32_MAX));
}

}  // namespace pixverse
