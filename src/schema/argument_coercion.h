#pragma once
// Arguments as models really send them, read the way the tool's schema means them, before
// validation. Hosts and bridges deliver numbers and booleans as strings ("duration": "5",
// "water_mark": "false"; Claude Code), arrays as JSON text, and `null` for every optional field
// they leave unset (CrewAI, several OpenAI-model bridges).
//
// Only unambiguous readings are made, guided by the schema node's "type":
//   integer  "5", " 5 ", "-3", "5.0", "5.00" → 5 (exact 64-bit; no exponents, no "5.5")
//   number   a string that is a whole JSON number ("2.5", "-1e3") → that number
//   boolean  "true" / "false" in any letter case → true / false ("yes", "1" stay strings)
//   array, object  a string holding JSON of that type → the parsed value (then read the same way)
//   null     on a property that is not required: dropped, so it counts as not given and its
//            default applies; on a required one: an error naming it
// Everything else is left as it came, so the validator's message is the one the model sees
// ("duration: must be an integer, got string \"5.5\""). Objects and arrays are walked through
// "properties" and "items", so nested values (image_references[], multi_transition[]) follow
// the same rules. The coerced values go on as their proper JSON types (into the PixVerse body too).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace app {

struct CoercedArguments {
  nlohmann::json args;                // the arguments, coerced
  std::vector<std::string> problems;  // "prompt: is required and cannot be null"; empty when fine
};

// `schema`: a tool's full input schema; `args`: the call's arguments (an object).
CoercedArguments coerce_arguments(const nlohmann::json& schema, const nlohmann::json& args);

}  // namespace app
