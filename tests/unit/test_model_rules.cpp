// The per-model rules as the server applies them (ToolSchema::check, nothing reaches PixVerse),
// against the simulator's model table (tools/pixverse-sim/model_rules.cpp, written from the API
// docs, compiled into this test): every model × duration × quality × aspect ratio and every
// version-gated field passes exactly where that table allows it, and a refusal names the rule.
// The facts come from the table; where the server passes an uncertain rule for PixVerse to
// decide and the simulator does not, tests/sim/rules_uncertain.h says so.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string_view>

#include "../sim/rules_uncertain.h"
#include "pixverse-sim/model_rules.h"
#include "schema/tool_schema.h"

using app::ToolSchema;
using nlohmann::json;
using sim::ModelInfo;

namespace {

std::string check(const ToolSchema& s, const json& args) { return s.check(s.with_defaults(args)); }

std::vector<std::string> strings(const json& array) {
  std::vector<std::string> out;
  for (const auto& v : array) out.push_back(v.get<std::string>());
  return out;
}

template <typename Items, typename Item>
bool contains(const Items& items, const Item& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

// Arguments a tool needs besides the model fields.
json base_args(const std::string& tool) {
  if (tool == "text_to_video") return {{"prompt", "x"}};
  if (tool == "image_to_video") return {{"prompt", "x"}, {"img_id", 1}};
  if (tool == "template_video") return {{"template_id", 7}, {"img_id", 1}};
  if (tool == "transition_video") return {{"prompt", "x"}, {"first_frame_img", 1}, {"last_frame_img", 2}};
  if (tool == "extend_video") return {{"prompt", "x"}, {"source_video_id", 1}};
  if (tool == "fusion_video")
    return {{"prompt", "@a runs"}, {"image_references", {{{"type", "subject"}, {"img_id", 1}, {"ref_name", "a"}}}}};
  if (tool == "multi_transition_video")
    return {{"multi_transition", {{{"img_id", 1}, {"duration", 5}}, {{"img_id", 2}}}}};
  throw std::logic_error("no arguments for " + tool);
}

// Whether `tool` takes model `m`: extend, fusion and multi-transition take some, the others all.
bool takes(const std::string& tool, const ModelInfo& m) {
  if (tool == "extend_video") return m.extend;
  if (tool == "fusion_video") return m.fusion;
  if (tool == "multi_transition_video") return m.multi_transition;
  return true;
}

// Whether `message` names every model of `ids` ("v5.5, v6"), as a refusal should.
bool names_models(const std::string& message, const std::string& ids) {
  for (std::size_t start = 0; start < ids.size();) {
    const auto end = std::min(ids.find(", ", start), ids.size());
    if (message.find(ids.substr(start, end - start)) == std::string::npos) return false;
    start = end + 2;
  }
  return true;
}

const std::vector<std::string> kModelTools{"text_to_video",    "image_to_video", "template_video",
                                           "transition_video", "extend_video",   "fusion_video"};

}  // namespace

TEST_CASE("the server offers the models, qualities and aspect ratios of the table", "[model-rules]") {
  const ToolSchema t2v("text_to_video");
  const json& props = t2v.input_schema()["properties"];
  std::vector<std::string> ids;
  for (const auto& m : sim::all_models()) ids.emplace_back(m.id);
  CHECK(strings(props["model"]["enum"]) == ids);
  const auto& qualities = sim::qualities();
  CHECK(strings(props["quality"]["enum"]) == std::vector<std::string>(qualities.begin(), qualities.end()));
  const auto widest = sim::aspect_ratios_for(*sim::find_model("v6"));
  CHECK(strings(props["aspect_ratio"]["enum"]) == std::vector<std::string>(widest.begin(), widest.end()));
}

TEST_CASE("every allowed model × duration × quality × aspect ratio passes, forbidden ones are named", "[model-rules]") {
  for (const auto& tool : kModelTools) {
    const ToolSchema schema(tool);
    const json& props = schema.input_schema()["properties"];
    std::vector<std::string> aspects;
    if (props.contains("aspect_ratio"))
      for (const auto& a : strings(props["aspect_ratio"]["enum"]))
        if (a != "auto") aspects.push_back(a);  // fusion's omni mode: tests/unit/test_model_rules_fusion.cpp
    int passed = 0;
    for (const auto& m : sim::all_models()) {
      const std::string model(m.id);
      INFO(tool << " " << model);
      json args = base_args(tool);
      args["model"] = model;
      if (!takes(tool, m)) {
        CHECK_THAT(check(schema, args), Catch::Contains("model"));  // the model itself is not offered here
        continue;
      }
      for (int d = 0; d <= 16; ++d)
        for (const auto quality : sim::qualities()) {
          const std::string q(quality);
          args["duration"] = d;
          args["quality"] = q;
          args.erase("aspect_ratio");
          const bool allowed = sim::duration_allowed(m, d, q) || rulestest::uncertain({tool, model, d, q, "", "none"});
          const std::string problem = check(schema, args);
          INFO(d << " s " << q << ": " << problem);
          CHECK(problem.empty() == allowed);
          if (!allowed) {  // the message names the field and the model (or the range every model has)
            CHECK_THAT(problem, Catch::Contains("duration"));
            CHECK((problem.find(model) != std::string::npos || d < 1 || d > 15));
            continue;
          }
          ++passed;
          for (const auto& a : aspects) {
            args["aspect_ratio"] = a;
            const std::string shaped = check(schema, args);
            INFO(a << ": " << shaped);
            CHECK(shaped.empty() == contains(sim::aspect_ratios_for(m), a));
            if (!shaped.empty()) CHECK(names_models(shaped, sim::models_with(&ModelInfo::extended_aspects)));
          }
        }
    }
    INFO(tool);
    CHECK(passed > 0);
  }
}

TEST_CASE("version-gated fields pass exactly on the models of the table, and refusals name them", "[model-rules]") {
  struct Gate {
    std::string field;
    json value;
    bool ModelInfo::*flag;
  };
  const std::vector<Gate> gates{
      {"generate_audio_switch", true, &ModelInfo::audio_switch},
      {"generate_multi_clip_switch", true, &ModelInfo::multi_clip},
      {"thinking_type", "auto", &ModelInfo::thinking},
      {"camera_movement", "zoom_in", &ModelInfo::camera_movement},
      {"motion_mode", "fast", &ModelInfo::fast_motion},
      {"sound_effect_switch", true, &ModelInfo::legacy_audio},
      {"sound_effect_content", "rain", &ModelInfo::legacy_audio},
      {"lip_sync_tts_switch", true, &ModelInfo::legacy_audio},
      {"lip_sync_tts_content", "hi", &ModelInfo::legacy_audio},
      {"lip_sync_tts_speaker_id", "Auto", &ModelInfo::legacy_audio},
  };
  int refused = 0;
  for (const std::string tool : {"text_to_video", "image_to_video", "transition_video", "extend_video"}) {
    const ToolSchema schema(tool);
    for (const auto& g : gates) {
      if (!schema.input_schema()["properties"].contains(g.field)) continue;
      for (const auto& m : sim::all_models()) {
        if (!takes(tool, m)) continue;
        json args = base_args(tool);  // duration 5 and 540p by default: every model takes them
        args["model"] = m.id;
        args[g.field] = g.value;
        const std::string problem = check(schema, args);
        INFO(tool << " " << m.id << " " << g.field << ": " << problem);
        CHECK(problem.empty() == m.*g.flag);
        if (problem.empty()) continue;
        ++refused;
        CHECK_THAT(problem, Catch::Contains(g.field));
        CHECK(names_models(problem, sim::models_with(g.flag)));
      }
    }
  }
  CHECK(refused > 0);
}

TEST_CASE("version-gated fields: templates, fast motion's limits, seeds and prompts", "[model-rules]") {
  ToolSchema t2v("text_to_video");
  struct Case {
    json args;
    std::string expect;  // "" = valid, else a substring of the error
  };
  const std::vector<Case> cases{
      {{{"model", "v6"}, {"sound_effect_switch", true}, {"template_id", 1}}, ""},  // a template unlocks legacy fields
      {{{"model", "v4.5"}, {"motion_mode", "fast"}, {"duration", 8}}, "motion_mode fast"},
      {{{"model", "v4.5"}, {"motion_mode", "fast"}, {"quality", "1080p"}}, "motion_mode fast"},
      {{{"model", "v4"}, {"camera_movement", "zoom_in"}, {"template_id", 5}}, "camera_movement"},
      {{{"seed", 2147483648LL}}, "seed"},
      {{{"seed", -1}}, "seed"},
      {{{"prompt", std::string(5001, 'a')}}, "prompt"},
      {{{"prompt", std::string(3000, 'a')}}, ""},  // 2048 vs 5000 is uncertain: let PixVerse decide
  };
  for (const auto& c : cases) {
    json args = c.args;
    if (!args.contains("prompt")) args["prompt"] = "x";
    std::string problem = check(t2v, args);
    INFO(args.dump().substr(0, 200) << " → " << problem);
    if (c.expect.empty()) CHECK(problem.empty());
    else CHECK(problem.find(c.expect) != std::string::npos);
  }
}

TEST_CASE("multi-transition takes the table's models at any quality", "[model-rules]") {
  const ToolSchema multi("multi_transition_video");
  for (const auto& m : sim::all_models())
    for (const auto quality : sim::qualities()) {
      json args = base_args("multi_transition_video");
      args["model"] = m.id;
      args["quality"] = quality;
      const std::string problem = check(multi, args);
      INFO(m.id << " " << quality << ": " << problem);
      if (m.multi_transition) CHECK(problem.empty());
      else CHECK_THAT(problem, Catch::Contains("model"));
    }
}
