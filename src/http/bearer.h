#pragma once
// The operator's bearer token (PIXVERSE_HTTP_TOKEN), which every HTTP request must carry when
// it is set: "Authorization: Bearer <token>" (RFC 6750 section 2.1). Compared in constant time,
// so the time an answer takes says nothing of how much of a guess was right.
#include <string_view>

namespace http {

// Whether `authorization_header` is "Bearer <token>" for exactly `token` (the scheme without
// case, one or more spaces after it). False for an empty token: a server without one does not
// call this. Only the lengths may show in timing.
bool bearer_matches(std::string_view authorization_header, std::string_view token);

}  // namespace http
