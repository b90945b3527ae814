#pragma once
// The account balance answer (GET /openapi/v2/account/balance), read without trusting its shape:
// {"account_id": int, "credit_monthly": int, "credit_package": int}. Read by the get_balance tool
// and by `pixverse-mcp --check`.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

namespace pixverse {

struct Balance {
  std::int64_t credit_monthly = 0;  // credits of the monthly plan
  std::int64_t credit_package = 0;  // credits bought in packages
  std::int64_t credits_total = 0;   // the two added
  std::optional<std::int64_t> account_id;
};

// Reads Resp of a balance answer. Counts may arrive as JSON integers, digit strings or whole
// floats (100.0); an absent or unreadable count is 0. nullopt when `resp` is not an object or the
// total overflows int64 (no account holds 2^63 credits: the answer is not a balance).
std::optional<Balance> read_balance(const nlohmann::json& resp);

}  // namespace pixverse
