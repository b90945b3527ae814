#include "mcp-harness/expectations.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <regex>
#include <stdexcept>

namespace harness {
namespace {

using json = nlohmann::json;

constexpr const char* kKnown = "equals, contains, matches, isError, error, error_code, within_ms";

// A value as it appears in a message: compact JSON, cut short so one failure stays one line.
std::string shown(const json& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  return s.size() <= 200 ? s : s.substr(0, 200) + "…";
}

const json* find(const json& doc, const std::string& pointer) {
  try {
    json::json_pointer p(pointer);
    return doc.contains(p) ? &doc.at(p) : nullptr;
  } catch (const json::exception&) {
    return nullptr;  // e.g. "/content/x" into an array: not there
  }
}

// An integer as its sign and magnitude, so that signed and unsigned ones compare exactly.
struct Whole {
  bool negative;
  std::uint64_t magnitude;
};

Whole whole(const json& v) {
  if (v.is_number_unsigned()) return {false, v.get<std::uint64_t>()};
  const auto i = v.get<std::int64_t>();
  // The magnitude of INT64_MIN does not fit in int64_t: negate in uint64_t.
  return {i < 0, i < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(i) : static_cast<std::uint64_t>(i)};
}

// An integral float of magnitude below 2^64 as a Whole; nothing for any other float.
std::optional<Whole> whole(double d) {
  if (!std::isfinite(d) || d != std::trunc(d) || std::fabs(d) >= 18446744073709551616.0) return std::nullopt;
  return Whole{d < 0, static_cast<std::uint64_t>(std::fabs(d))};
}

bool same_number(const json& a, const json& b) {
  if (a.is_number_float() && b.is_number_float()) return a.get<double>() == b.get<double>();
  if (a.is_number_float() || b.is_number_float()) {
    const json& f = a.is_number_float() ? a : b;
    const json& i = a.is_number_float() ? b : a;
    const auto w = whole(f.get<double>());
    const Whole n = whole(i);
    // -0.0 is 0: the sign only counts for a magnitude that is not zero.
    return w && w->magnitude == n.magnitude && (n.magnitude == 0 || w->negative == n.negative);
  }
  const Whole x = whole(a), y = whole(b);
  return x.magnitude == y.magnitude && (x.magnitude == 0 || x.negative == y.negative);
}

std::string rpc_error(const json& response) {
  const json& e = response["error"];
  std::string code = e.is_object() && e.contains("code") ? e["code"].dump() : "?";
  std::string message = e.is_object() && e.contains("message") ? shown(e["message"]) : "";
  return "JSON-RPC error " + code + (message.empty() ? "" : " " + message);
}

std::string first_text(const json& result) {
  if (result.contains("content") && result["content"].is_array())
    for (const auto& block : result["content"])
      if (block.is_object() && block.contains("type") && block["type"] == "text" && block.contains("text") &&
          block["text"].is_string())
        return block["text"].get<std::string>();
  return "";
}

// Each key of `want` is in `have` with an equal value; object values are compared the same way,
// so {"a": {"b": 1}} is contained in {"a": {"b": 1, "c": 2}, "d": 3}.
bool is_subset(const json& want, const json& have) {
  if (!want.is_object() || !have.is_object()) return same_json(want, have);
  for (const auto& [k, v] : want.items())
    if (!have.contains(k) || !is_subset(v, have[k])) return false;
  return true;
}

bool contains(const json& have, const json& want) {
  if (have.is_string() && want.is_string())
    return have.get_ref<const std::string&>().find(want.get_ref<const std::string&>()) != std::string::npos;
  if (have.is_array()) {
    for (const auto& element : have)
      if (is_subset(want, element)) return true;
    return false;
  }
  if (have.is_object() && want.is_object()) return is_subset(want, have);
  return false;
}

void check_pointers(const json& expect, const char* key, std::vector<std::string>& out, const json& response) {
  if (!expect.contains(key)) return;
  for (const auto& [pointer, want] : expect[key].items()) {
    const json* have = find(response, pointer);
    const std::string where = (pointer.empty() ? std::string("the answer") : pointer) + ": ";
    const std::string k = key;
    // A number, boolean or null holds nothing but itself: "contains" on one is equality.
    const bool scalar = have != nullptr && !have->is_structured() && !have->is_string();
    if (have == nullptr) {
      out.push_back(where + "expected " + (k == "equals" ? "" : k == "contains" ? "to contain " : "to match ") +
                    shown(want) + ", but the answer has no " + pointer + " (answer: " + shown(response) + ")");
    } else if ((k == "equals" || (k == "contains" && scalar)) && !same_json(*have, want)) {
      out.push_back(where + "expected " + shown(want) + ", got " + shown(*have));
    } else if (k == "contains" && !scalar && !contains(*have, want)) {
      out.push_back(where + "expected to contain " + shown(want) + ", got " + shown(*have));
    } else if (k == "matches") {
      if (!have->is_string()) {
        out.push_back(where + "expected a string matching " + shown(want) + ", got " + shown(*have));
        continue;
      }
      try {
        if (!std::regex_search(have->get_ref<const std::string&>(), std::regex(want.get<std::string>(), std::regex::ECMAScript)))
          out.push_back(where + "expected to match " + shown(want) + ", got " + shown(*have));
      } catch (const std::regex_error& e) {
        out.push_back(where + shown(want) + " is not a regular expression: " + e.what());
      }
    }
  }
}

void check_pointer_map(const json& expect, const char* key) {
  if (!expect.contains(key)) return;
  if (!expect[key].is_object())
    throw std::invalid_argument(std::string("\"") + key + "\" takes an object of JSON pointer → value, e.g. {\"/result/isError\": false}");
  for (const auto& [pointer, want] : expect[key].items()) {
    try {
      json::json_pointer p(pointer);
    } catch (const json::exception&) {
      throw std::invalid_argument(std::string("\"") + key + "\": \"" + pointer +
                                  "\" is not a JSON pointer (write it as \"/result/…\", starting with /)");
    }
    if (std::string(key) != "matches") continue;
    if (!want.is_string()) throw std::invalid_argument("\"matches\": the value of \"" + pointer + "\" must be a regex string");
    if (want.get<std::string>().find("${") != std::string::npos) continue;  // checked once resolved
    try {
      std::regex re(want.get<std::string>(), std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      throw std::invalid_argument("\"matches\": " + shown(want) + " is not a regular expression: " + e.what());
    }
  }
}

}  // namespace

void validate_expect(const json& expect) {
  if (!expect.is_object()) throw std::invalid_argument("\"expect\" must be an object with any of: " + std::string(kKnown));
  for (const auto& [k, v] : expect.items()) {
    if (k == "equals" || k == "contains" || k == "matches") {
      check_pointer_map(expect, k.c_str());
    } else if (k == "isError" || k == "error") {
      if (!v.is_boolean()) throw std::invalid_argument("\"" + k + "\" must be true or false");
    } else if (k == "error_code") {
      if (!v.is_number_integer()) throw std::invalid_argument("\"error_code\" must be an integer, e.g. -32601");
    } else if (k == "within_ms") {
      if (!v.is_number_integer() || v.get<long long>() <= 0)
        throw std::invalid_argument("\"within_ms\" must be a positive integer (milliseconds)");
    } else {
      throw std::invalid_argument("unknown expectation \"" + k + "\" (known: " + kKnown +
                                  "; to compare a field write \"equals\": {\"/result/structuredContent/" + k + "\": …})");
    }
  }
}

bool same_json(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return same_number(a, b);
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (const auto& [k, v] : a.items())
      if (!b.contains(k) || !same_json(v, b[k])) return false;
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same_json(a[i], b[i])) return false;
    return true;
  }
  return a == b;  // strings, booleans, null
}

std::vector<std::string> failed_expectations(const json& expect, const json& response, std::chrono::milliseconds elapsed,
                                             bool tool_call) {
  std::vector<std::string> out;
  const json none = json::object();
  const json& e = expect.is_object() ? expect : none;
  const bool is_error_answer = response.contains("error");
  const json result = response.contains("result") ? response["result"] : json();
  const bool is_error_result = result.is_object() && result.contains("isError") && result["isError"] == true;

  // The defaults are for steps without "expect" only: a step that says what it expects (an
  // error code, isError: true…) is judged by that alone.
  if (!expect.is_object()) {
    if (is_error_answer) out.push_back("expected a result, got " + rpc_error(response));
    else if (tool_call && is_error_result) out.push_back("isError: expected false, got true: " + shown(first_text(result)));
  }
  if (e.contains("isError")) {
    const bool want = e["isError"].get<bool>();
    if (!result.is_object())
      out.push_back("isError: expected " + std::string(want ? "true" : "false") + ", but the answer is " +
                    (is_error_answer ? rpc_error(response) : "not a result: " + shown(response)));
    else if (want != is_error_result)
      out.push_back("isError: expected " + std::string(want ? "true" : "false") + ", got " +
                    (is_error_result ? "true" : "false") + ": " + shown(first_text(result)));
  }
  if (e.contains("error") && e["error"].get<bool>() != is_error_answer)
    out.push_back(is_error_answer ? "error: expected a result, got " + rpc_error(response)
                                  : "error: expected a JSON-RPC error, got a result: " + shown(result));
  if (e.contains("error_code")) {
    const json& want = e["error_code"];
    if (!is_error_answer)
      out.push_back("error_code: expected JSON-RPC error " + want.dump() + ", got a result: " + shown(result));
    else if (!response["error"].is_object() || !same_json(response["error"].value("code", json()), want))
      out.push_back("error_code: expected " + want.dump() + ", got " + rpc_error(response));
  }
  check_pointers(e, "equals", out, response);
  check_pointers(e, "contains", out, response);
  check_pointers(e, "matches", out, response);
  if (e.contains("within_ms") && elapsed.count() > e["within_ms"].get<long long>())
    out.push_back("within_ms: expected an answer within " + e["within_ms"].dump() + " ms, it took " +
                  std::to_string(elapsed.count()) + " ms");
  return out;
}

}  // namespace harness
