#pragma once
// Named references in a prompt (fusion's "@cat plays in @garden "): the schema keyword
//   "x-ref-names": {"text": "prompt", "lists": ["image_references", "video_references"]}
// on an inputSchema root says which text names the items of which arrays by their ref_name.
// Checked here before anything is uploaded, as PixVerse checks them after (ErrCode 400017):
// every ref_name is unique across all the lists, and every '@' in the text starts a known
// ref_name followed by whitespace or the end of the text. (The same rules as the simulator's
// tools/pixverse-sim/rules_multi_image.cpp; tests/sim/test_rules_agree.cpp compares them.)
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace app {

// Throws std::runtime_error when `spec` (the keyword's value) is malformed; `where` names the file.
void check_ref_names_spec(const nlohmann::json& spec, const std::string& where);

// The problem with `arguments` as one sentence, or nullopt. `spec` was checked at start-up.
std::optional<std::string> ref_names_problem(const nlohmann::json& spec, const nlohmann::json& arguments);

}  // namespace app
