#include "pixverse/balance.h"

#include <cmath>

#include "pixverse/envelope.h"

namespace pixverse {

std::optional<Balance> read_balance(const nlohmann::json& resp) {
  if (!resp.is_object()) return std::nullopt;
  auto count = [&](const char* key) -> std::int64_t {
    const nlohmann::json& value = member(resp, key);
    if (auto n = integer_value(value)) return *n;
    // A whole float such as 100.0 is read; anything a credit count cannot be (1e300) is 0.
    if (value.is_number_float() && std::abs(value.get<double>()) < 0x1p53) return std::llround(value.get<double>());
    return 0;
  };
  Balance b;
  b.credit_monthly = count("credit_monthly");
  b.credit_package = count("credit_package");
  if (__builtin_add_overflow(b.credit_monthly, b.credit_package, &b.credits_total)) return std::nullopt;
  b.account_id = integer_value(member(resp, "account_id"));
  return b;
}

}  // namespace pixverse
