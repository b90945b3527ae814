#include "schema/argument_coercion.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <optional>

#include "mcp/message_reader.h"

namespace app {
namespace {

using nlohmann::json;

// Arguments are small; a string longer than this is never a number or a flag.
constexpr std::size_t kMaxScalarText = 64;

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// "5", "-3", "5.0", "5.000" → the exact integer; nullopt otherwise.
std::optional<json> integer_from(std::string_view s) {
  s = trimmed(s);
  if (s.empty() || s.size() > kMaxScalarText) return std::nullopt;
  if (auto dot = s.find('.'); dot != std::string_view::npos) {
    std::string_view fraction = s.substr(dot + 1);
    if (fraction.empty() || fraction.find_first_not_of('0') != std::string_view::npos) return std::nullopt;
    s = s.substr(0, dot);
    if (s.empty() || s == "-") return std::nullopt;
  }
  const char* end = s.data() + s.size();
  if (s.front() == '-') {
    std::int64_t n = 0;
    auto [p, ec] = std::from_chars(s.data(), end, n);
    if (ec != std::errc() || p != end) return std::nullopt;
    return json(n);
  }
  std::uint64_t n = 0;
  auto [p, ec] = std::from_chars(s.data(), end, n);
  if (ec != std::errc() || p != end) return std::nullopt;
  return json(n);
}

std::optional<json> number_from(std::string_view s) {
  s = trimmed(s);
  if (s.empty() || s.size() > kMaxScalarText) return std::nullopt;
  json v = json::parse(s, nullptr, /*allow_exceptions=*/false);
  if (v.is_discarded() || !v.is_number()) return std::nullopt;
  return v;
}

std::optional<json> boolean_from(std::string_view s) {
  s = trimmed(s);
  std::string lower(s.substr(0, 6));
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (s.size() == 4 && lower == "true") return json(true);
  if (s.size() == 5 && lower == "false") return json(false);
  return std::nullopt;
}

// A string holding JSON text of `type` ("array" or "object") → the parsed value. Read with the
// protocol's own reader, so the text obeys the same depth limit as a message (deeper text stays
// a string, which the validator then refuses).
std::optional<json> structure_from(std::string_view s, const std::string& type) {
  s = trimmed(s);
  if (s.empty() || s.front() != (type == "array" ? '[' : '{')) return std::nullopt;
  mcp::ReadLine read = mcp::read_message(s);
  if (read.error || (type == "array" ? !read.message.is_array() : !read.message.is_object())) return std::nullopt;
  return std::move(read.message);
}

std::string member_path(const std::string& base, const std::string& key) {
  return base.empty() ? key : base + "." + key;
}

class Coercer {
 public:
  std::vector<std::string> problems;

  void walk(const json& given, json& value, const std::string& path) {
    if (!given.is_object()) return;
    // A union is read the way tools/list shows it (x-publish), e.g. keyframe_ids as integers.
    const json& schema = !given.contains("type") && given.contains("x-publish") ? given["x-publish"] : given;
    if (value.is_string()) {
      if (auto read = scalar(schema, value.get_ref<const std::string&>())) value = std::move(*read);
    }
    if (value.is_object()) walk_object(schema, value, path);
    else if (value.is_array()) walk_array(schema, value, path);
  }

 private:
  static std::optional<json> scalar(const json& schema, const std::string& text) {
    auto type = schema.find("type");
    if (type == schema.end() || !type->is_string()) return std::nullopt;
    const auto& t = type->get_ref<const std::string&>();
    if (t == "integer") return integer_from(text);
    if (t == "number") return number_from(text);
    if (t == "boolean") return boolean_from(text);
    if (t == "array" || t == "object") return structure_from(text, t);
    return std::nullopt;
  }

  void walk_object(const json& schema, json& value, const std::string& path) {
    auto properties = schema.find("properties");
    if (properties == schema.end() || !properties->is_object()) return;
    static const json kNone = json::array();
    auto listed = schema.find("required");
    const json& required = listed != schema.end() ? *listed : kNone;  // referenced, not copied per object
    for (auto it = value.begin(); it != value.end();) {
      auto sub = properties->find(it.key());
      if (sub == properties->end()) {  // unknown: the validator names it
        ++it;
        continue;
      }
      if (it->is_null()) {
        if (std::find(required.begin(), required.end(), json(it.key())) != required.end()) {
          problems.push_back(member_path(path, it.key()) + ": is required and cannot be null");
          ++it;
        } else {
          it = value.erase(it);  // null = not given: the default applies
        }
        continue;
      }
      walk(*sub, it.value(), member_path(path, it.key()));
      ++it;
    }
  }

  void walk_array(const json& schema, json& value, const std::string& path) {
    auto items = schema.find("items");
    if (items == schema.end() || !items->is_object()) return;
    for (std::size_t i = 0; i < value.size(); ++i) walk(*items, value[i], path + "[" + std::to_string(i) + "]");
  }
};

}  // namespace

CoercedArguments coerce_arguments(const json& schema, const json& args) {
  CoercedArguments out{args, {}};
  if (!out.args.is_object()) return out;
  Coercer coercer;
  coercer.walk(schema, out.args, "");
  out.problems = std::move(coercer.problems);
  return out;
}

}  // namespace app
