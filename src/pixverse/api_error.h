#pragma once
// What went wrong with a PixVerse call, classified so that the caller can say what to do.
#include <cstdint>
#include <optional>
#include <string>

#include "pixverse/answer_policy.h"

namespace pixverse {

enum class ErrorKind {
  auth,                  // missing/invalid API key (ErrCode 10001–10005, HTTP 401/403)
  invalid_argument,      // 400xxx, media/template problems: fix the request
  insufficient_credits,  // 500090 (500043): top up
  concurrency_limit,     // 500044: wait for running jobs
  rate_limited,          // HTTP 429: too many requests too fast; wait (Retry-After) and send again
  moderation,            // 500052/500054/500063, status 7: change the content
  not_found,             // unknown id, deleted content
  server,                // 5xx, 500069/500100: PixVerse-side, retry later
  network,               // no answer: DNS, refused, TLS, timeout, dropped connection
  protocol,              // an answer we cannot read (not JSON, no envelope)
};

std::string_view to_string(ErrorKind kind);

struct ApiError {
  ErrorKind kind = ErrorKind::server;
  std::int64_t code = 0;       // ErrCode, 0 if none
  int http_status = 0;         // 0 if no HTTP answer
  std::string api_message;     // ErrMsg, or a transport description
  std::string trace_id;        // Ai-trace-id of the request, for support tickets
  Answer answer = Answer::final;  // what the answer meant (answer_policy.h): lost, refused or final
  std::optional<std::int64_t> retry_after_s;  // HTTP 429: the Retry-After PixVerse sent, in seconds

  // No readable answer arrived: PixVerse may have created a job (recover it, never resubmit).
  bool answer_lost() const { return answer == Answer::lost; }

  // One paragraph a model can act on: what happened, the code, what to do next.
  std::string message() const;
  // What happened alone, without the advice (which is written for a request being made): for
  // reporting a failure of a follow-up call such as a status poll. "PixVerse: not found: … (ErrCode
  // 500064, trace id …)."
  std::string summary() const;
};

// Classifies a business error from its ErrCode (and the HTTP status it came with).
ApiError classify_error(std::int64_t err_code, int http_status, std::string api_message);

}  // namespace pixverse
