#pragma once
// Turns an incoming /openapi request into its request-log record. The API key value is never
// copied: wherever it appears outside the API-KEY header (body, query, other headers, trace id)
// it is replaced by "[REDACTED]" and the place is listed in key_leaks.
#include <string>

#include "request_log.h"

namespace httplib {
struct Request;
}

namespace sim {

RequestRecord observe_request(const httplib::Request& req, const std::string& api_key);

// "application/json; charset=utf-8" -> "application/json"
std::string media_type(const std::string& content_type);

}  // namespace sim
