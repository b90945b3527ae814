#include "pixverse/balance.h"

#include <cmath>
#include <limits>

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
  // Checked before adding, in standard C++ (signed overflow is undefined behaviour).
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  if (b.credit_package > 0 ? b.credit_monthly > kMax - b.credit_package : b.credit_monthly < kMin - b.credit_package)
    return std::nullopt;
  b.credits_total = b.credit_monthly + b.credit_package;
  b.account_id = integer_value(member(resp, "account_id"));
  return b;
}

}  // namespace pixverse
