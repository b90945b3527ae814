#pragma once
// Where each step of a JSON-form script starts, so that a message about step 7 can name its
// line: the JSON parser keeps no positions of values.
#include <string>
#include <vector>

namespace harness {

// The 1-based line on which each element of the top-level "steps" array of `text` begins, in
// order. `text` must be valid JSON (with // and /* */ comments allowed); for anything else the
// result is incomplete, never an error.
std::vector<int> step_lines(const std::string& text);

}  // namespace harness
