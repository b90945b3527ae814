#pragma once
// ${…} references in scripts: how a step uses what an earlier step got back.
//
//   "${image.structuredContent.img_id}"   a field path (dots; a number indexes an array)
//   "${image/structuredContent/img_id}"   a JSON pointer into the saved value
//   "${script_dir}"                       the script's folder, absolute
//   "${env.HOME}"                         an environment variable of the harness
//   "$${"                                 a literal "${"
//
// A string that is exactly one reference becomes the referenced value with its JSON type (so
// integer ids stay integers); a reference inside a longer string is replaced by its text (a
// string as is, anything else as compact JSON).
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace harness {

// A reference to a name nothing saved: at run time this means the step that would have saved
// it failed or was skipped (scripts are checked for names no step saves before they run).
class UnknownName : public std::runtime_error {
 public:
  UnknownName(const std::string& name, const std::string& message) : std::runtime_error(message), name_(name) {}
  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

// Returns `value` with every ${…} in its strings (at any depth; not in object keys) resolved
// against `saved`, an object of name → saved value that also holds "script_dir". "env.NAME"
// reads the environment unless `saved` has an "env" member. Throws UnknownName for a name not
// in `saved`, std::runtime_error for a missing field, a bad pointer or an unset variable.
nlohmann::json substitute(const nlohmann::json& value, const nlohmann::json& saved);

// The references in the strings of `value`, as written between "${" and "}" (e.g.
// "image.structuredContent.img_id", "env.HOME"), in order of appearance. Throws
// std::runtime_error for an unterminated "${".
std::vector<std::string> references_in(const nlohmann::json& value);

// The name part of a reference: "image" for "image.x" and "image/x", "env" for "env.HOME".
std::string reference_name(const std::string& reference);

// True when `name` may be used with "as": letters, digits, '_' and '-', not "env" or "script_dir".
bool is_valid_save_name(const std::string& name);

}  // namespace harness
