#include "pixverse/api_error.h"

#include <iterator>

namespace pixverse {
namespace {

// What each kind is called in messages, and what the caller should do about it.
struct KindText {
  ErrorKind kind;
  std::string_view name;
  std::string_view advice;
};

constexpr KindText kKindTexts[] = {
    {ErrorKind::auth, "authentication failed",
     "Check PIXVERSE_API_KEY (an API key from platform.pixverse.ai, sent as the API-KEY header) and "
     "PIXVERSE_BASE_URL (keys of the global platform do not work on other regions' hosts)."},
    {ErrorKind::invalid_argument, "invalid request",
     "Fix the arguments named in the message and call again; nothing was charged."},
    {ErrorKind::insufficient_credits, "insufficient credits",
     "The PixVerse account has too few API credits for this job: check get_balance and top up at "
     "platform.pixverse.ai (API credits are separate from app credits)."},
    {ErrorKind::concurrency_limit, "concurrency limit reached",
     "The account's limit of simultaneous generations is reached: wait for a running job to finish "
     "(get_video_status), then submit again."},
    {ErrorKind::rate_limited, "too many requests",
     "PixVerse is limiting how fast this account may send requests (HTTP 429); wait a little and send "
     "it again."},
    {ErrorKind::moderation, "content moderation",
     "The content was rejected by PixVerse moderation; change the prompt or the media. Credits of "
     "moderated videos are refunded."},
    {ErrorKind::not_found, "not found", "Check the id: it must come from this PixVerse account."},
    {ErrorKind::server, "PixVerse server error", "A problem on PixVerse's side; try again in a minute."},
    {ErrorKind::network, "network error",
     "PixVerse could not be reached; check the network and PIXVERSE_BASE_URL, then try again."},
    {ErrorKind::protocol, "unreadable response",
     "PixVerse answered with something that is not its API envelope; check PIXVERSE_BASE_URL."},
};

const KindText& text_of(ErrorKind kind) {
  for (const auto& t : kKindTexts)
    if (t.kind == kind) return t;
  return kKindTexts[std::size(kKindTexts) - 1];  // unreachable: every kind has a row
}

ErrorKind kind_of(std::int64_t code) {
  if (code >= 10001 && code <= 10005) return ErrorKind::auth;
  switch (code) {
    case 500043:
    case 500090: return ErrorKind::insufficient_credits;
    case 500044: return ErrorKind::concurrency_limit;
    case 500052:
    case 500054:
    case 500063: return ErrorKind::moderation;
    case 500064: return ErrorKind::not_found;
    case 500020: return ErrorKind::auth;
    case 500069:
    case 500100: return ErrorKind::server;
    case 500030:
    case 500031:
    case 500032:
    case 500033:
    case 500041:
    case 500042:
    case 500070:
    case 500071: return ErrorKind::invalid_argument;
    default: break;
  }
  if (code >= 400000 && code < 500000) return ErrorKind::invalid_argument;
  if (code >= 700000 && code < 800000) return ErrorKind::invalid_argument;  // feature validation
  return ErrorKind::server;
}

}  // namespace

std::string_view to_string(ErrorKind kind) { return text_of(kind).name; }

ApiError classify_error(std::int64_t err_code, int http_status, std::string api_message) {
  ApiError e;
  e.code = err_code;
  e.http_status = http_status;
  e.api_message = std::move(api_message);
  e.kind = kind_of(err_code);
  e.answer = classify_answer(http_status, err_code);
  return e;
}

std::string ApiError::message() const {
  std::string out = summary() + " ";
  if (retry_after_s) out += "PixVerse asked to wait " + std::to_string(*retry_after_s) + " s before trying again. ";
  out += text_of(kind).advice;
  return out;
}

std::string ApiError::summary() const {
  std::string out = "PixVerse: ";
  out += to_string(kind);
  if (!api_message.empty()) out += ": " + api_message;
  std::string ref;
  if (code != 0) ref += "ErrCode " + std::to_string(code);
  if (http_status != 0 && http_status != 200) ref += (ref.empty() ? "" : ", ") + ("HTTP " + std::to_string(http_status));
  if (!trace_id.empty()) ref += (ref.empty() ? "" : ", ") + ("trace id " + trace_id);
  if (!ref.empty()) out += " (" + ref + ")";
  return out + ".";
}

}  // namespace pixverse
