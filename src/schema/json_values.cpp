// Comparing JSON values the way JSON Schema does: numbers by value (1 == 1.0, integers exactly,
// int64 against uint64 too), strings by code points. Used by the validator (json_schema.cpp).
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "schema/json_schema_compiled.h"

namespace app::detail {

using json = nlohmann::json;

namespace {

template <typename T>
int three_way(T a, T b) {
  return (a > b) - (a < b);
}

}  // namespace

// Exact when both are stored as integers (int64/uint64), through double otherwise.
int compare(const json& a, const json& b) {
  if (!a.is_number_integer() || !b.is_number_integer()) return three_way(a.get<double>(), b.get<double>());
  const bool au = a.is_number_unsigned(), bu = b.is_number_unsigned();
  if (au == bu)
    return au ? three_way(a.get<std::uint64_t>(), b.get<std::uint64_t>())
              : three_way(a.get<std::int64_t>(), b.get<std::int64_t>());
  if (au) return -compare(b, a);
  const auto x = a.get<std::int64_t>();  // signed against unsigned
  return x < 0 ? -1 : three_way(static_cast<std::uint64_t>(x), b.get<std::uint64_t>());
}

std::uint64_t magnitude(const json& v) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  const auto x = v.get<std::int64_t>();
  return x < 0 ? 0 - static_cast<std::uint64_t>(x) : static_cast<std::uint64_t>(x);
}

bool is_multiple(const json& v, const json& m) {
  if (v.is_number_integer() && m.is_number_integer()) return magnitude(v) % magnitude(m) == 0;
  const double q = v.get<double>() / m.get<double>();
  return std::isfinite(q) && std::abs(q - std::round(q)) <= 1e-9 * std::max(1.0, std::abs(q));
}

// A count keyword (minLength, maxItems, ...), already checked to be a non-negative integral number.
std::uint64_t count_value(const json& n) {
  if (n.is_number_float()) return static_cast<std::uint64_t>(n.get<double>());
  return n.is_number_unsigned() ? n.get<std::uint64_t>() : static_cast<std::uint64_t>(n.get<std::int64_t>());
}

// JSON equality where 1 == 1.0 and integers compare exactly.
bool equal(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return compare(a, b) == 0;
  if (a.type() != b.type() || ((a.is_array() || a.is_object()) && a.size() != b.size())) return false;
  if (a.is_array()) return std::equal(a.begin(), a.end(), b.begin(), equal);
  if (!a.is_object()) return a == b;
  for (auto it = a.begin(); it != a.end(); ++it)
    if (const auto other = b.find(it.key()); other == b.end() || !equal(it.value(), *other)) return false;
  return true;
}

std::size_t code_points(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace app::detail
