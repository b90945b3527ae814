#pragma once
// What the client does with each kind of answer PixVerse gives to one attempt, written as data:
// the client reads it to decide whether and how to try again, the tool handlers to tell the user
// what can be done, and a unit test keeps the README's table ("Answers, retries and trace ids")
// equal to it.
//
// Why two kinds of retry: PixVerse answers a repeated Ai-trace-id with its cached first answer,
// refusals included (official "How to use …" guides, troubleshooting: a task re-using one
// Ai-trace-id gets the earlier result back). So a request whose answer was lost is replayed
// with the same trace id and byte-identical body — a job it created comes back instead of a
// second, billed one — while a refusal that created no job is sent again as a new request with
// a new trace id: replaying it would only fetch the cached refusal again.
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace pixverse {

// What one attempt's answer means.
enum class Answer {
  success,  // an envelope with ErrCode 0
  lost,     // no readable answer: PixVerse may have acted on the request
  refused,  // a refusal that created no job and may pass later
  final,    // any other answer: trying again cannot change it
};

std::string_view to_string(Answer answer);

// ErrCodes that refuse a request without creating a job and may pass later: 500044 the
// account's concurrency limit (official guides, "Common errors and solutions"), 500069 system
// busy, 500100 internal error. HTTP 429 is a refusal too.
inline constexpr std::int64_t kRefusalCodes[] = {500044, 500069, 500100};

// The longest Retry-After the client waits for before trying again; a longer one ends the
// request with the refusal (and the wait PixVerse asked for in the message).
inline constexpr std::chrono::seconds kMaxRetryAfter{30};

struct AnswerRule {
  Answer answer;
  bool retry = false;          // another attempt follows, within ClientConfig::max_attempts and the deadline
  bool same_trace_id = false;  // a POST's next attempt keeps its trace id and body; otherwise a new trace id
                               // (GETs always take a new one)
  bool job_may_exist = false;  // when the last attempt ends so, PixVerse may hold a job: say how to recover it
  // The README row: the answer, what the server does, what the user sees.
  std::string_view answer_text = {};
  std::string_view server_does = {};
  std::string_view user_sees = {};
};

// One rule per Answer, in the README's order.
std::span<const AnswerRule> answer_rules();
const AnswerRule& rule_for(Answer answer);

// Classifies one attempt. `http_status` 0 means no HTTP answer at all (refused or dropped
// connection, timeout, TLS failure); `err_code` is the envelope's ErrCode when the body is the
// API envelope (either casing), nullopt when it is not.
Answer classify_answer(int http_status, std::optional<std::int64_t> err_code);

// A Retry-After header in delta-seconds (RFC 9110 §10.2.3). nullopt when absent, negative or
// given as an HTTP-date (then the client's own back-off applies).
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value);

}  // namespace pixverse
