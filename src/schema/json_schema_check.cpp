// Checks a JSON Schema once, before any validation: every keyword we apply must be well formed,
// regexes compile and local $refs resolve. The result is kept in a CompiledSchema.

// GCC 12's <regex> trips -Wmaybe-uninitialized inside std::function under -fsanitize=address
// (a false positive in the library headers), which -Werror turns into a build failure.
#if defined(__GNUC__) && !defined(__clang__) && defined(__SANITIZE_ADDRESS__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

#include "schema/json_schema_compiled.h"

namespace app::detail {
namespace {

using json = nlohmann::json;

class Checker {
 public:
  Checker(const json& root, CompiledSchema& c) : root_(root), c_(c) {}

  void schema(const json& s, const std::string& at) {
    if (s.is_boolean()) return;
    if (!s.is_object()) bad(at, "a schema must be an object or a boolean");
    for (auto it = s.begin(); it != s.end(); ++it) keyword(it.key(), it.value(), at + "/" + escape(it.key()));
  }

 private:
  [[noreturn]] static void bad(const std::string& at, const std::string& what) {
    throw std::invalid_argument("invalid JSON schema at " + at + ": " + what);
  }

  static std::string escape(const std::string& key) {  // JSON pointer token
    std::string out;
    for (char ch : key) out += ch == '~' ? "~0" : ch == '/' ? "~1" : std::string(1, ch);
    return out;
  }

  static bool strings(const json& v) {
    return v.is_array() && std::all_of(v.begin(), v.end(), [](const json& x) { return x.is_string(); });
  }

  void keyword(const std::string& k, const json& v, const std::string& at) {
    static const std::set<std::string> single{
        "additionalProperties", "propertyNames", "items", "contains", "not", "if", "then", "else"};
    static const std::set<std::string> lists{"prefixItems", "allOf", "anyOf", "oneOf"};
    static const std::set<std::string> maps{"properties", "patternProperties", "$defs", "definitions"};
    static const std::set<std::string> counts{"minLength",   "maxLength",   "minItems",      "maxItems",
                                              "minContains", "maxContains", "minProperties", "maxProperties"};
    static const std::set<std::string> numbers{"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"};
    static const std::set<std::string> types{"null", "boolean", "object", "array", "number", "string", "integer"};
    if (single.count(k)) {
      if (k == "items" && v.is_array()) bad(at, "must be a schema (2020-12; use \"prefixItems\" for a tuple)");
      schema(v, at);
    } else if (lists.count(k)) {
      if (!v.is_array() || v.empty()) bad(at, "must be a non-empty array of schemas");
      for (std::size_t i = 0; i < v.size(); ++i) schema(v[i], at + "/" + std::to_string(i));
    } else if (maps.count(k)) {
      if (!v.is_object()) bad(at, "must be an object of schemas");
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (k == "patternProperties") compile(it.key(), at);
        schema(it.value(), at + "/" + escape(it.key()));
      }
    } else if (counts.count(k) && !(is_integer(v) && v.get<double>() >= 0 && v.get<double>() < 1.8e19)) {
      bad(at, "must be a non-negative integer");
    } else if ((numbers.count(k) && !v.is_number()) || (k == "multipleOf" && !(v.is_number() && v.get<double>() > 0))) {
      bad(at, k == "multipleOf" ? "must be a number > 0" : "must be a number");
    } else if (k == "type") {
      const json names = v.is_array() ? v : json::array({v});
      if (names.empty() || !std::all_of(names.begin(), names.end(), [](auto& t) {
            return t.is_string() && types.count(t.template get<std::string>());
          }))
        bad(at, "must be a type name or a non-empty array of type names");
    } else if ((k == "required" && !strings(v)) ||
               (k == "dependentRequired" && !(v.is_object() && std::all_of(v.begin(), v.end(), strings)))) {
      bad(at, k == "required" ? "must be an array of strings" : "must be an object of string arrays");
    } else if ((k == "enum" && !v.is_array()) || (k == "uniqueItems" && !v.is_boolean())) {
      bad(at, k == "enum" ? "must be an array" : "must be a boolean");
    } else if (k == "pattern" || k == "x-error") {
      if (!v.is_string()) bad(at, "must be a string");
      if (k == "pattern") compile(v.get<std::string>(), at);
    } else if (k == "$ref") {
      reference(v, at);
    }
  }

  // libstdc++'s default (depth-first) matcher recurses once per character a repetition takes:
  // "^https?://[^\\s]+$" over a 50 KB argument overflowed the stack and killed the server. Its
  // breadth-first matcher (the __polynomial flag) keeps a set of states instead: constant stack,
  // and time linear in the string for our anchored patterns. It cannot do back-references; a
  // pattern with one keeps the default matcher.
  static std::regex make_regex(const std::string& pattern) {
#if defined(__GLIBCXX__)
    try {
      return std::regex(pattern, std::regex::ECMAScript | std::regex_constants::__polynomial);
    } catch (const std::regex_error&) {  // a back-reference, or invalid: the plain compile decides
    }
#endif
    return std::regex(pattern, std::regex::ECMAScript);
  }

  void compile(const std::string& pattern, const std::string& at) {
    if (c_.regexes.count(pattern)) return;
    try {
      c_.regexes.emplace(pattern, make_regex(pattern));
    } catch (const std::regex_error& e) {
      bad(at, "invalid regular expression " + shown(json(pattern)) + " (" + e.what() + ")");
    }
  }

  // "#", "#/$defs/Name", any JSON pointer (~0 ~1 escapes; the fragment is URI-encoded, so %25 is %).
  void reference(const json& v, const std::string& at) {
    if (!v.is_string()) bad(at, "must be a string");
    const auto& ref = v.get_ref<const std::string&>();
    if (c_.refs.count(ref)) return;
    if (ref.empty() || ref.front() != '#') bad(at, "only local references (\"#...\") are supported, got " + shown(v));
    std::string pointer;
    for (std::size_t i = 1; i < ref.size(); ++i) {
      const bool escaped = ref[i] == '%' && i + 2 < ref.size() &&
                           std::isxdigit(static_cast<unsigned char>(ref[i + 1])) &&
                           std::isxdigit(static_cast<unsigned char>(ref[i + 2]));
      pointer += escaped ? static_cast<char>(std::stoi(ref.substr(i + 1, 2), nullptr, 16)) : ref[i];
      i += escaped ? 2 : 0;
    }
    json::json_pointer target;
    try {
      target = json::json_pointer(pointer);
    } catch (const json::exception& e) {
      bad(at, "unsupported $ref " + shown(v) + " (" + e.what() + ")");
    }
    if (!root_.contains(target)) bad(at, "unresolvable $ref " + shown(v));
    c_.refs.emplace(ref, target);
    schema(root_.at(target), ref);  // the target may sit where the walk does not otherwise go
  }

  const json& root_;
  CompiledSchema& c_;
};

}  // namespace

std::shared_ptr<const CompiledSchema> compile_schema(const json& root) {
  auto compiled = std::make_shared<CompiledSchema>();
  Checker(root, *compiled).schema(root, "#");
  return compiled;
}

}  // namespace app::detail
