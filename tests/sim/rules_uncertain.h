#pragma once
// The rules on which the server and the simulator may disagree: uncertain ones (the simulator's
// README lists them) that the server passes for PixVerse to decide while the simulator takes the
// stricter reading. One table for the tests that compare the two: tests/sim/test_rules_grid.cpp
// and tests/unit/test_model_rules.cpp.
#include <optional>
#include <string>
#include <vector>

namespace rulestest {

// One request as the rules grid names it; the axes a tool does not take are empty.
struct RuleCase {
  std::string tool, model;
  std::optional<int> duration;
  std::string quality, aspect;
  std::string field;  // the version-gated field (or combination) set, "none" for none
};

struct UncertainRule {
  const char* rule;
  const char* reason;
  bool (*covers)(const RuleCase&);  // the cases the server accepts and the simulator refuses
};

inline const std::vector<UncertainRule>& uncertain_rules() {
  static const std::vector<UncertainRule> rules{
      {.rule = "v4 and v4.5: 8 s at 1080p",
       .reason = "the docs disagree: the server passes it for PixVerse to decide, the simulator takes the stricter "
                 "reading",
       .covers =
           [](const RuleCase& c) {
             return (c.model == "v4" || c.model == "v4.5") && c.duration == 8 && c.quality == "1080p";
           }},
  };
  return rules;
}

// Whether the server may accept `c` although the simulator refuses it.
inline bool uncertain(const RuleCase& c) {
  for (const auto& r : uncertain_rules())
    if (r.covers(c)) return true;
  return false;
}

}  // namespace rulestest
