// JSON Schema (2020-12 subset) validation with messages meant for a model to act on.
// The constructor checks the schema, compiles its regexes and resolves its $refs once;
// validate() walks schema and instance together (a small recursive Validator).

// GCC 12's <regex> trips -Wmaybe-uninitialized inside std::function under -fsanitize=address
// (a false positive in the library headers), which -Werror turns into a build failure.
#if defined(__GNUC__) && !defined(__clang__) && defined(__SANITIZE_ADDRESS__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "schema/json_schema.h"
#include "schema/json_schema_compiled.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <map>
#include <regex>
#include <set>
#include <stdexcept>

namespace app {

using json = nlohmann::json;

namespace {

constexpr int kMaxRefDepth = 64;       // $ref chain length before we call it a cycle
constexpr std::size_t kMaxShown = 80;  // longest excerpt of a value quoted in a message
constexpr std::size_t kMaxFormsShown = 4;

}  // namespace

// ------------------------------------------------------------------------------------------ wording

namespace detail {
std::string shown(const json& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() <= kMaxShown) return s;
  std::size_t cut = kMaxShown - 3;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // keep code points whole
  return s.substr(0, cut) + "...";
}
}  // namespace detail

namespace {

using detail::shown;

// "string \"abc\"", "number 5.5", "boolean true", "null", "object", "array".
std::string got(const json& v) {
  if (v.is_null() || v.is_object() || v.is_array()) return v.type_name();
  return std::string(v.is_string() ? "string " : v.is_boolean() ? "boolean " : "number ") + shown(v);
}

std::string plural(std::uint64_t n, const std::string& noun) {
  return std::to_string(n) + " " + (n == 1 ? noun : noun == "property" ? "properties" : noun + "s");
}

std::string key_path(const std::string& base, const std::string& key) {
  if (key.empty() || key.find_first_of(".[]\" ") != std::string::npos) return base + "[" + shown(json(key)) + "]";
  return base.empty() ? key : base + "." + key;
}

std::string index_path(const std::string& base, std::size_t i) { return base + "[" + std::to_string(i) + "]"; }

// "a string", "an integer or null", "a string, a number or null".
std::string type_list(const json& types) {
  const json names = types.is_array() ? types : json::array({types});
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto& n = names[i].get_ref<const std::string&>();
    out += i == 0 ? "" : i + 1 == names.size() ? " or " : ", ";
    out += n == "null" ? "" : n == "integer" || n == "object" || n == "array" ? "an " : "a ";
    out += n;
  }
  return out;
}

}  // namespace

// ------------------------------------------------------------------------------------------ values

namespace detail {
bool is_integer(const json& v) {
  if (v.is_number_integer()) return true;  // int64 and uint64
  if (!v.is_number_float()) return false;
  const double d = v.get<double>();
  return std::isfinite(d) && std::trunc(d) == d;
}
}  // namespace detail

namespace {

using detail::code_points;
using detail::compare;
using detail::count_value;
using detail::equal;
using detail::is_integer;
using detail::is_multiple;

const json* member(const json& schema, const char* key) {
  const auto it = schema.find(key);
  return it == schema.end() ? nullptr : &*it;
}

// A keyword's value by reference, or `fallback` when absent: no copy of the subschema per call.
const json& member_or(const json& schema, const char* key, const json& fallback) {
  const json* m = member(schema, key);
  return m ? *m : fallback;
}

const json kEmptyObject = json::object();
const json kEmptyArray = json::array();

// minX/maxX against a size: "must have at least 1 item, got 0", "must be at most 3 characters long,
// got 4"; "" within bounds.
std::string size_rule(const json& s, const char* min_key, const char* max_key, std::uint64_t size,
                      const std::string& noun) {
  std::uint64_t n = 0;
  const char* bound = nullptr;
  if (const json* lo = member(s, min_key); lo && size < (n = count_value(*lo))) bound = "at least ";
  else if (const json* hi = member(s, max_key); hi && size > (n = count_value(*hi))) bound = "at most ";
  if (!bound) return "";
  const bool length = noun == "character";
  return (length ? "must be " : "must have ") + (bound + plural(n, noun)) + (length ? " long" : "") + ", got " +
         std::to_string(size);
}

// ------------------------------------------------------------------------------------------ validation

struct Sink {
  std::vector<SchemaError> errors;
  std::size_t limit;
  bool full() const { return errors.size() >= limit; }
  void add(std::string path, std::string message) {
    if (!full()) errors.push_back({std::move(path), std::move(message)});
  }
};

struct Bound {
  const char* keyword;
  const char* op;
  bool (*fails)(int comparison);
};
constexpr Bound kBounds[] = {{"minimum", ">=", [](int c) { return c < 0; }},
                             {"maximum", "<=", [](int c) { return c > 0; }},
                             {"exclusiveMinimum", ">", [](int c) { return c <= 0; }},
                             {"exclusiveMaximum", "<", [](int c) { return c >= 0; }}};

// Walks one schema over one instance into one Sink; trials (anyOf forms, "if", "not", "contains",
// "propertyNames", x-error) run a second Validator into a sink of their own.
class Validator {
 public:
  Validator(const json& root, const detail::CompiledSchema& c, Sink& out) : root_(root), c_(c), out_(out) {}

  void run(const json& s, const json& v, const std::string& path, int refs) {
    if (out_.full()) return;
    if (s.is_boolean()) {
      if (!s.get<bool>()) out_.add(path, "is not allowed here");
    } else if (const json* custom = member(s, "x-error")) {
      if (!trial(s, v, refs, 1, path, false).empty()) out_.add(path, custom->get<std::string>());
    } else {
      apply(s, v, path, refs);
    }
  }

 private:
  // The errors of `s` on `v`, collected apart. With x_error == false, `s`'s own x-error is skipped.
  std::vector<SchemaError> trial(const json& s, const json& v, int refs, std::size_t limit,
                                 const std::string& path = "", bool x_error = true) {
    Sink sink{{}, std::max<std::size_t>(limit, 1)};
    Validator inner(root_, c_, sink);
    x_error ? inner.run(s, v, path, refs) : inner.apply(s, v, path, refs);
    return std::move(sink.errors);
  }

  bool valid(const json& s, const json& v, int refs) { return trial(s, v, refs, 1).empty(); }

  void apply(const json& s, const json& v, const std::string& path, int refs) {
    if (std::string error = own_rule(s, v); !error.empty()) return out_.add(path, std::move(error));  // no descent
    if (v.is_object()) object_rules(s, v, path, refs);
    if (v.is_array()) array_rules(s, v, path, refs);
    applicators(s, v, path, refs);
  }

  // type, const, enum, numeric and string rules: the first failure, "" if none.
  std::string own_rule(const json& s, const json& v) const {
    if (const json* t = member(s, "type"); t && !type_ok(*t, v)) return "must be " + type_list(*t) + ", got " + got(v);
    if (const json* c = member(s, "const"); c && !equal(*c, v))
      return "must be equal to " + shown(*c) + ", got " + shown(v);
    if (const json* e = member(s, "enum");
        e && std::none_of(e->begin(), e->end(), [&](auto& x) { return equal(x, v); })) {
      std::string allowed;
      for (const json& x : *e) allowed += (allowed.empty() ? "" : ", ") + shown(x);
      return (e->size() == 1 ? "must be equal to " : "must be one of ") + allowed + ", got " + shown(v);
    }
    if (v.is_number()) {
      for (const Bound& b : kBounds)
        if (const json* n = member(s, b.keyword); n && b.fails(compare(v, *n)))
          return std::string("must be ") + b.op + " " + shown(*n) + ", got " + shown(v);
      if (const json* n = member(s, "multipleOf"); n && !is_multiple(v, *n))
        return "must be a multiple of " + shown(*n) + ", got " + shown(v);
    }
    if (v.is_string()) {
      const auto& str = v.get_ref<const std::string&>();
      if (std::string error = size_rule(s, "minLength", "maxLength", code_points(str), "character"); !error.empty())
        return error;
      if (const json* p = member(s, "pattern"); p && !std::regex_search(str, c_.regexes.at(p->get<std::string>())))
        return "must match the pattern " + shown(*p) + ", got " + shown(v);
    }
    return "";
  }

  static bool type_ok(const json& types, const json& v) {
    auto is = [&](const json& t) {
      const auto& n = t.get_ref<const std::string&>();
      return n == "integer"   ? is_integer(v)
             : n == "number"  ? v.is_number()
             : n == "string"  ? v.is_string()
             : n == "object"  ? v.is_object()
             : n == "array"   ? v.is_array()
             : n == "boolean" ? v.is_boolean()
                              : v.is_null();
    };
    return types.is_string() ? is(types) : std::any_of(types.begin(), types.end(), is);
  }

  void object_rules(const json& s, const json& v, const std::string& path, int refs) {
    for (const json& name : member_or(s, "required", kEmptyArray))
      if (!v.contains(name.get<std::string>())) out_.add(key_path(path, name.get<std::string>()), "is required");
    for (const auto& [trigger, names] : member_or(s, "dependentRequired", kEmptyObject).items())
      for (const json& name : v.contains(trigger) ? names : json::array())
        if (!v.contains(name.get<std::string>()))
          out_.add(key_path(path, name.get<std::string>()), "is required when " + shown(json(trigger)) + " is present");
    if (std::string error = size_rule(s, "minProperties", "maxProperties", v.size(), "property"); !error.empty())
      out_.add(path, std::move(error));

    const json& props = member_or(s, "properties", kEmptyObject);
    const json& patterns = member_or(s, "patternProperties", kEmptyObject);
    const json* additional = member(s, "additionalProperties");
    const json* names = member(s, "propertyNames");
    for (auto it = v.begin(); it != v.end() && !out_.full(); ++it) {
      const std::string p = key_path(path, it.key());
      bool known = false;
      if (const auto sub = props.find(it.key()); sub != props.end()) {
        known = true;
        run(*sub, it.value(), p, refs);
      }
      for (auto pt = patterns.begin(); pt != patterns.end(); ++pt)
        if (std::regex_search(it.key(), c_.regexes.at(pt.key()))) {
          known = true;
          run(pt.value(), it.value(), p, refs);
        }
      if (!known && additional && *additional == false)
        out_.add(p, "is not an allowed property (" + allowed_properties(props, patterns) + ")");
      else if (!known && additional) run(*additional, it.value(), p, refs);
      if (!names) continue;
      if (const auto errors = trial(*names, json(it.key()), refs, 1); !errors.empty())
        out_.add(path, "property name " + shown(json(it.key())) + " " + errors.front().message);
    }
  }

  static std::string allowed_properties(const json& props, const json& patterns) {
    std::string list;
    for (auto it = props.begin(); it != props.end(); ++it) list += (list.empty() ? "" : ", ") + it.key();
    for (auto it = patterns.begin(); it != patterns.end(); ++it)
      list += (list.empty() ? "names matching " : ", names matching ") + shown(json(it.key()));
    return list.empty() ? "no properties are allowed here" : "allowed: " + list;
  }

  void array_rules(const json& s, const json& v, const std::string& path, int refs) {
    if (std::string error = size_rule(s, "minItems", "maxItems", v.size(), "item"); !error.empty())
      out_.add(path, std::move(error));
    if (s.value("uniqueItems", false)) unique_items(v, path);

    const json* prefix = member(s, "prefixItems");
    const std::size_t tuple = prefix ? prefix->size() : 0;
    for (std::size_t i = 0; i < v.size() && i < tuple; ++i) run((*prefix)[i], v[i], index_path(path, i), refs);
    if (const json* items = member(s, "items"); items && *items == false && v.size() > tuple)
      out_.add(path, "must have at most " + plural(tuple, "item") + ", got " + std::to_string(v.size()));
    else if (items)
      for (std::size_t i = tuple; i < v.size() && !out_.full(); ++i) run(*items, v[i], index_path(path, i), refs);

    if (const json* contains = member(s, "contains")) {
      const auto matching = static_cast<std::uint64_t>(
          std::count_if(v.begin(), v.end(), [&](const json& item) { return valid(*contains, item, refs); }));
      const std::uint64_t min = member(s, "minContains") ? count_value(s["minContains"]) : 1;
      const json* max = member(s, "maxContains");
      const std::string tail = " matching " + shown(*contains) + ", got " + std::to_string(matching);
      if (matching < min) out_.add(path, "must contain at least " + plural(min, "item") + tail);
      if (max && matching > count_value(*max))
        out_.add(path, "must contain at most " + plural(count_value(*max), "item") + tail);
    }
  }

  void unique_items(const json& v, const std::string& path) {
    for (std::size_t i = 0; i < v.size(); ++i)
      for (std::size_t j = i + 1; j < v.size(); ++j)
        if (equal(v[i], v[j]))
          return out_.add(path, "must not contain duplicate items; [" + std::to_string(i) + "] and [" +
                                    std::to_string(j) + "] are equal");
  }

  void applicators(const json& s, const json& v, const std::string& path, int refs) {
    if (const json* ref = member(s, "$ref")) {
      if (refs >= kMaxRefDepth)
        out_.add(path, "$ref nesting deeper than " + std::to_string(kMaxRefDepth) + " levels (a cycle in the schema?)");
      else run(root_.at(c_.refs.at(ref->get<std::string>())), v, path, refs + 1);
    }
    for (const json& sub : member_or(s, "allOf", kEmptyArray)) run(sub, v, path, refs);
    if (const json* any = member(s, "anyOf")) alternatives(*any, false, v, path, refs);
    if (const json* one = member(s, "oneOf")) alternatives(*one, true, v, path, refs);
    if (const json* n = member(s, "not"); n && valid(*n, v, refs)) out_.add(path, "must not match " + shown(*n));
    if (const json* cond = member(s, "if"))
      if (const json* branch = member(s, valid(*cond, v, refs) ? "then" : "else")) run(*branch, v, path, refs);
  }

  // anyOf / oneOf. With no match: the errors of the closest form if one stands out (the value has
  // its shape, i.e. no error at `path` itself, and the fewest errors), else the first error of each.
  void alternatives(const json& forms, bool exactly_one, const json& v, const std::string& path, int refs) {
    std::vector<std::vector<SchemaError>> failures;
    std::string matched;  // "1, 3"
    for (std::size_t i = 0; i < forms.size(); ++i) {
      failures.push_back(trial(forms[i], v, refs, out_.limit - std::min(out_.limit, out_.errors.size()), path));
      if (!failures.back().empty()) continue;
      if (!exactly_one) return;
      matched += (matched.empty() ? "" : ", ") + std::to_string(i + 1);
    }
    const auto matches = std::count_if(failures.begin(), failures.end(), [](auto& f) { return f.empty(); });
    if (matches == 1) return;
    if (matches > 1)
      return out_.add(path, "must match exactly one of the allowed forms; matched " + std::to_string(matches) +
                                " (forms " + matched + ")");

    auto score = [&](const std::vector<SchemaError>& errors) {
      const bool shaped = std::none_of(errors.begin(), errors.end(), [&](auto& e) { return e.path == path; });
      return std::make_pair(shaped, -static_cast<long>(errors.size()));
    };
    auto by_score = [&](auto& a, auto& b) { return score(a) < score(b); };
    const auto best = std::max_element(failures.begin(), failures.end(), by_score);
    if (score(*best).first &&
        std::count_if(failures.begin(), failures.end(), [&](auto& f) { return score(f) == score(*best); }) == 1) {
      for (SchemaError& e : *best) out_.add(std::move(e.path), std::move(e.message));
      return;
    }
    std::string summary = std::string("must match ") + (exactly_one ? "exactly" : "at least") +
                          " one of the allowed forms, matched none (";
    for (std::size_t i = 0; i < failures.size() && i < kMaxFormsShown; ++i) {
      const SchemaError& e = failures[i].front();
      std::string where = e.path.substr(std::min(path.size(), e.path.size()));  // relative to `path`
      if (!where.empty() && where.front() == '.') where.erase(0, 1);
      summary +=
          (i ? "; form " : "form ") + std::to_string(i + 1) + ": " + (where.empty() ? "" : where + " ") + e.message;
    }
    out_.add(path, summary + (failures.size() > kMaxFormsShown ? "; ...)" : ")"));
  }

  const json& root_;
  const detail::CompiledSchema& c_;
  Sink& out_;
};

}  // namespace

JsonSchema::JsonSchema(json schema) : schema_(std::move(schema)) { compiled_ = detail::compile_schema(schema_); }

std::vector<SchemaError> JsonSchema::validate(const json& instance, std::size_t max_errors) const {
  Sink out{{}, std::max<std::size_t>(1, max_errors)};
  Validator(schema_, *compiled_, out).run(schema_, instance, "", 0);
  return std::move(out.errors);
}

std::string describe(const std::vector<SchemaError>& errors) {
  std::string text;
  for (const SchemaError& e : errors) {
    if (!text.empty()) text += "; ";
    if (!e.path.empty()) text += e.path + ": ";
    text += e.message;
  }
  return text;
}

}  // namespace app
