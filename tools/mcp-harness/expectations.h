#pragma once
// What a step expects of its answer. Every expectation looks at the whole JSON-RPC response
// object, so both "/result/…" and "/error/code" can be named:
//
//   "expect": {
//     "equals":   {"/result/structuredContent/status": "succeeded"},   JSON equality (same_json)
//     "contains": {"/result/content/0/text": "Uploaded"},              substring / array element /
//                                                                       object subset; equality
//                                                                       for a number, boolean, null
//     "matches":  {"/result/structuredContent/video_id": "^[0-9]+$"},  ECMAScript regex, searched
//                                                                       in a string (else it fails)
//     "isError":  false,            /result/isError (absent counts as false)
//     "error":    true,             the answer is a JSON-RPC error (or, false, is not)
//     "error_code": -32601,         the answer is a JSON-RPC error with this code
//     "within_ms": 500              the answer came within this many milliseconds
//   }
//
// A step with no "expect" at all expects, for a tools/call, no JSON-RPC error and no
// isError: true, and for any other request no JSON-RPC error. A step with an "expect" is judged
// by what it lists and nothing else (so it can expect an error).
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace harness {

// JSON equality as a test wants it, at any depth: numbers compare by exact value, so an integer
// equals the same integer (signed or unsigned) or a float of exactly that value (5 and 5.0),
// never a float that only rounds to it (9007199254740993 and 9007199254740992.0, which
// nlohmann's == finds equal through double); objects member by member, arrays element by
// element; anything else by type and value.
bool same_json(const nlohmann::json& a, const nlohmann::json& b);

// Checks an "expect" object when the script is loaded: known keys, value types, JSON pointers
// and regular expressions (those in "matches" must not contain ${…}). Throws
// std::invalid_argument with a message naming the key at fault.
void validate_expect(const nlohmann::json& expect);

// The expectations `response` (a whole JSON-RPC response object) fails, each as one readable
// sentence with the expected and the actual value; empty when all hold. `expect` has its ${…}
// references resolved already; null stands for no "expect" (the defaults above). `elapsed` is
// the time from sending the request to reading the answer; `tool_call` selects the defaults.
std::vector<std::string> failed_expectations(const nlohmann::json& expect, const nlohmann::json& response,
                                             std::chrono::milliseconds elapsed, bool tool_call);

}  // namespace harness
