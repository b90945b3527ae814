// The generic rule engine: types, required fields, values, then the endpoint's extra rules.
#include "validation.h"

#include <algorithm>
#include <charconv>

#include "model_rules.h"

namespace sim {
namespace {

using nlohmann::json;

std::string type_name(FieldType t) {
  switch (t) {
    case FieldType::String: return "string";
    case FieldType::Integer: return "integer";
    case FieldType::Id: return "integer (uint64)";
    case FieldType::Boolean: return "boolean";
    case FieldType::IdArray: return "array of integers (uint64)";
    case FieldType::StringArray: return "array of strings";
    case FieldType::ObjectArray: return "array of objects";
    case FieldType::IntOrIntArray: return "integer or array of integers";
    case FieldType::IdOrDigitsArray: return "array of integers (uint64)";
  }
  return "?";
}

std::string describe(const json& v) {
  if (v.is_number_float()) return "float " + v.dump();
  if (v.is_number_integer()) return "integer " + v.dump();
  if (v.is_string()) {
    std::string s = v.dump();
    return "string " + (s.size() > 40 ? s.substr(0, 37) + "...\"" : s);
  }
  return v.type_name();
}

bool fits_int64(const json& v) {
  return !v.is_number_unsigned() || v.get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX);
}

bool is_int(const json& v) { return v.is_number_integer() && fits_int64(v); }

// A decimal string that fits uint64 (image-template img_ids may be strings).
bool is_digits(const json& v) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  return !s.empty() && s[0] != '-' && ec == std::errc() && end == s.data() + s.size();
}

template <typename Pred>
bool all_items(const json& v, Pred pred) {
  return v.is_array() && std::all_of(v.begin(), v.end(), pred);
}

bool type_ok(FieldType t, const json& v) {
  switch (t) {
    case FieldType::String: return v.is_string();
    case FieldType::Integer: return is_int(v);
    case FieldType::Id: return v.is_number_unsigned();
    case FieldType::Boolean: return v.is_boolean();
    case FieldType::IdArray: return all_items(v, [](const json& e) { return e.is_number_unsigned(); });
    case FieldType::StringArray: return all_items(v, [](const json& e) { return e.is_string(); });
    case FieldType::ObjectArray: return v.is_array();  // items: checked one by one
    case FieldType::IntOrIntArray: return is_int(v) || all_items(v, is_int);
    case FieldType::IdOrDigitsArray:
      return all_items(v, [](const json& e) { return e.is_number_unsigned() || is_digits(e); });
  }
  return false;
}

bool is_array_type(FieldType t) {
  return t == FieldType::IdArray || t == FieldType::StringArray || t == FieldType::ObjectArray ||
         t == FieldType::IdOrDigitsArray;
}

std::string item_prefix(const std::string& prefix, const FieldRule& r, std::size_t i) {
  return prefix + std::string(r.name) + "[" + std::to_string(i) + "].";
}

std::optional<ValidationError> wrong_type(const std::string& name, const std::string& type, const json& v) {
  return ValidationError{400013, "invalid binding request: " + name + " must be " + type + ", got " + describe(v)};
}

std::optional<ValidationError> check_types(const std::vector<FieldRule>& fields, const json& obj,
                                           const std::string& prefix) {
  for (const auto& r : fields) {
    if (!has_value(obj, r.name)) continue;
    const json& v = obj.at(std::string(r.name));
    if (!type_ok(r.type, v)) return wrong_type(prefix + std::string(r.name), type_name(r.type), v);
    if (r.type != FieldType::ObjectArray) continue;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string p = item_prefix(prefix, r, i);
      if (!v[i].is_object()) return wrong_type(p.substr(0, p.size() - 1), "object", v[i]);
      if (auto err = check_types(r.items, v[i], p)) return err;
    }
  }
  return std::nullopt;
}

std::optional<ValidationError> check_required(const std::vector<FieldRule>& fields, const json& obj,
                                              const std::string& prefix) {
  for (const auto& r : fields) {
    const std::string name = prefix + std::string(r.name);
    if (r.required && !has_value(obj, r.name)) return ValidationError{400011, name + " is required"};
    if (!has_value(obj, r.name)) continue;
    const json& v = obj.at(std::string(r.name));
    if (r.required && v.is_string() && v.get_ref<const std::string&>().empty())
      return ValidationError{400011, name + " is required (got an empty string)"};
    if (r.type == FieldType::ObjectArray)
      for (std::size_t i = 0; i < v.size(); ++i)
        if (auto err = check_required(r.items, v[i], item_prefix(prefix, r, i))) return err;
  }
  return std::nullopt;
}

std::optional<ValidationError> check_range(const std::string& name, const FieldRule& r, std::int64_t n) {
  if ((r.min && n < *r.min) || (r.max && n > *r.max))
    return invalid_param(name + " must be between " + (r.min ? std::to_string(*r.min) : "-inf") + " and " +
                   (r.max ? std::to_string(*r.max) : "inf") + " (got " + std::to_string(n) + ")");
  return std::nullopt;
}

std::optional<ValidationError> check_value(const std::string& name, const FieldRule& r, const json& v) {
  if (r.type == FieldType::String) {
    const auto& s = v.get_ref<const std::string&>();
    if (!r.one_of.empty() && std::find(r.one_of.begin(), r.one_of.end(), s) == r.one_of.end())
      return invalid_param(name + " '" + s + "' is not supported (allowed: " + join(r.one_of) + ")");
    if (r.max_chars && utf8_chars(s) > r.max_chars)
      return invalid_param(name + " is too long: " + std::to_string(utf8_chars(s)) + " characters (max " +
                     std::to_string(r.max_chars) + ")");
  } else if (r.type == FieldType::Integer) {
    return check_range(name, r, v.get<std::int64_t>());
  } else if (r.type == FieldType::Id) {
    if (r.min && v.get<std::uint64_t>() < static_cast<std::uint64_t>(*r.min))
      return invalid_param(name + " must be a positive id (got " + v.dump() + ")");
  } else if (r.type == FieldType::IntOrIntArray) {
    if (!v.is_array()) return check_range(name, r, v.get<std::int64_t>());
    for (std::size_t i = 0; i < v.size(); ++i)
      if (auto err = check_range(name + "[" + std::to_string(i) + "]", r, v[i].get<std::int64_t>())) return err;
  }
  if (is_array_type(r.type)) {
    if (v.size() < r.min_items)
      return invalid_param(name + " must have at least " + std::to_string(r.min_items) + " item" +
                     (r.min_items == 1 ? "" : "s") + " (got " + std::to_string(v.size()) + ")");
    if (r.max_items && v.size() > r.max_items)
      return invalid_param(name + " must have at most " + std::to_string(r.max_items) + " items (got " +
                     std::to_string(v.size()) + ")");
  }
  return std::nullopt;
}

std::optional<ValidationError> check_values(const std::vector<FieldRule>& fields, const json& obj,
                                            const std::string& prefix) {
  for (const auto& r : fields) {
    if (!has_value(obj, r.name)) continue;
    const json& v = obj.at(std::string(r.name));
    if (auto err = check_value(prefix + std::string(r.name), r, v)) return err;
    if (r.type == FieldType::ObjectArray)
      for (std::size_t i = 0; i < v.size(); ++i)
        if (auto err = check_values(r.items, v[i], item_prefix(prefix, r, i))) return err;
  }
  return std::nullopt;
}

void collect_unknown(const std::vector<FieldRule>& fields, const json& obj, const std::string& prefix,
                     std::vector<std::string>& out) {
  if (!obj.is_object()) return;
  for (const auto& item : obj.items()) {
    const std::string& key = item.key();  // a named reference: clang 14 cannot capture a structured binding
    const json& value = item.value();
    auto rule = std::find_if(fields.begin(), fields.end(), [&](const FieldRule& r) { return r.name == key; });
    if (rule == fields.end()) {
      out.push_back(prefix + key);
    } else if (rule->type == FieldType::ObjectArray && value.is_array()) {
      for (std::size_t i = 0; i < value.size(); ++i)
        collect_unknown(rule->items, value[i], item_prefix(prefix, *rule, i), out);
    }
  }
}

}  // namespace

bool has_value(const json& body, std::string_view field) {
  auto it = body.find(field);
  return it != body.end() && !it->is_null();
}

bool has_text(const json& body, std::string_view field) {
  auto it = body.find(field);
  return it != body.end() && !it->is_null() && !(it->is_string() && it->get_ref<const std::string&>().empty());
}

std::size_t utf8_chars(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::optional<ValidationError> invalid_param(std::string msg) { return ValidationError{400017, std::move(msg)}; }

std::optional<ValidationError> validate(const EndpointRules& rules, const json& body, const ValidationContext& ctx,
                                        std::vector<std::string>* unknown_fields) {
  if (unknown_fields) collect_unknown(rules.fields, body, "", *unknown_fields);
  if (auto err = check_types(rules.fields, body, "")) return err;
  if (auto err = check_required(rules.fields, body, "")) return err;
  if (auto err = check_values(rules.fields, body, "")) return err;
  for (ExtraRule rule : rules.extra)
    if (auto err = rule(body, ctx)) return err;
  return std::nullopt;
}

}  // namespace sim
