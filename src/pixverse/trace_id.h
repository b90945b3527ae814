#pragma once
// Ai-trace-id values: a fresh random UUIDv4 per logical request. PixVerse answers a repeated
// trace id with its first answer, so a trace id doubles as an idempotency key.
#include <string>
#include <string_view>

namespace pixverse {

std::string new_trace_id();
bool is_uuid(std::string_view text);

}  // namespace pixverse
