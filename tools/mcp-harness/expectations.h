#pragma once
// What a step expects of its answer. Every expectation looks at the whole JSON-RPC response
// object, so both "/result/…" and "/error/code" can be named:
//
//   "expect": {
//     "equals":   {"/result/structuredContent/status": "succeeded"},   JSON equality
//     "contains": {"/result/content/0/text": "Uploaded"},              substring / array element /
//                                                                       object subset
//     "matches":  {"/result/structuredContent/video_id": "^[0-9]+$"},  ECMAScript regex, searched
//     "isError":  false,            /result/isError (absent counts as false)
//     "error":    true,             the answer is a JSON-RPC error (or, false, is not)
//     "error_code": -32601,         the answer is a JSON-RPC error with this code
//     "within_ms": 500              the answer came within this many milliseconds
//   }
//
// Unless "isError", "error" or "error_code" is given, a tools/call step also expects no
// JSON-RPC error and no isError: true, and any other request expects no JSON-RPC error.
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace harness {

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
