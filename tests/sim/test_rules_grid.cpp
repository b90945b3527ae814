// The product's per-model rules (schemas/_rules.json through app::ToolSchema) and the
// simulator's (tools/pixverse-sim/model_rules.cpp), compared on a grid rather than on picked
// cases: every generation tool that takes a model, duration, quality or aspect ratio, over every
// model × duration × quality, crossed with every aspect ratio and with every version-gated field.
// Each case is judged as in test_rules_agree.cpp: the server's verdict (ToolSchema::check after
// defaults) against the simulator's (the body the server would send, POSTed to the tool's
// endpoint). Both must accept or both refuse, except on the rules the simulator's README lists as
// uncertain, named with the reason in rules_uncertain.h.
//
// Size: the aspect-ratio axis is crossed with model × duration × quality, the field axis with
// model × duration × quality at the tool's usual aspect ratios (both sides check the aspect ratio
// from the model alone, so crossing it with every field would multiply the run time by 8 for
// nothing): about 54,000 cases, some 12 s in a Release build. One simulator serves the whole
// grid; it is reset between tools.
#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "rules_uncertain.h"
#include "schema/tool_schema.h"
#include "sim_fixture.h"
#include "tools/tool_table.h"

using simtest::json;

namespace {

// One value of the field axis: fields set on (or, when null, removed from) the tool's arguments.
struct Extra {
  std::string name;
  json patch;
};

using rulestest::RuleCase;
using rulestest::uncertain_rules;

std::string describe(const RuleCase& c) {
  std::string out = c.tool;
  if (!c.model.empty()) out += ", model " + c.model;
  if (c.duration) out += ", duration " + std::to_string(*c.duration);
  out += ", quality " + c.quality;
  if (!c.aspect.empty()) out += ", aspect " + c.aspect;
  return out + ", field " + c.field;
}

// The simulator's ids the tools' arguments need, issued again after every reset.
struct Ids {
  std::uint64_t image = 0, video = 0;
  std::string mask;
};

Ids make_ids(const simtest::Sim& sim) {
  Ids ids;
  ids.image = sim.upload_asset("cat.png");
  ids.video = sim.finished_video();
  auto masks = sim.post("/openapi/v2/video/mask/selection", {{"source_video_id", ids.video}, {"keyframe_id", 1}});
  if (masks.err_code() != 0) throw std::runtime_error("mask selection refused: " + masks.body);
  ids.mask = masks.resp()["mask_info"][0]["mask_id"].get<std::string>();
  return ids;
}

constexpr std::uint64_t kTemplate = 315446315336768ULL;  // an activated one-image video template

json image_refs(std::uint64_t img, int n) {
  json out = json::array();
  for (int i = 0; i < n; ++i)
    out.push_back({{"type", "subject"}, {"img_id", img}, {"ref_name", "p" + std::to_string(i)}});
  return out;
}

// The arguments every case of `tool` starts from (without the grid's axes).
json base_args(const std::string& tool, const Ids& ids) {
  if (tool == "text_to_video") return {{"prompt", "x"}};
  if (tool == "image_to_video") return {{"prompt", "x"}, {"img_id", ids.image}};
  if (tool == "template_video") return {{"template_id", kTemplate}, {"img_id", ids.image}};
  if (tool == "transition_video")
    return {{"prompt", "x"}, {"first_frame_img", ids.image}, {"last_frame_img", ids.image}};
  if (tool == "extend_video") return {{"prompt", "x"}, {"source_video_id", ids.video}};
  if (tool == "fusion_video") return {{"prompt", "@p0 "}, {"image_references", image_refs(ids.image, 1)}};
  if (tool == "multi_transition_video")
    return {{"multi_transition", {{{"img_id", ids.image}, {"duration", 5}}, {{"img_id", ids.image}}}}};
  if (tool == "modify_video") return {{"prompt", "x"}, {"source_video_id", ids.video}};
  if (tool == "motion_control_video") return {{"source_video_id", ids.video}, {"img_id", ids.image}};
  if (tool == "swap_video") return {{"source_video_id", ids.video}, {"mask_id", ids.mask}, {"img_id", ids.image}};
  throw std::runtime_error("the grid has no arguments for " + tool + ": add them to base_args");
}

// The version-gated fields (and field combinations the rules name); each tool takes those whose
// fields it declares.
std::vector<Extra> gated_fields() {
  return {
      {"none", json::object()},
      {"generate_audio_switch", {{"generate_audio_switch", true}}},
      {"generate_audio_switch false", {{"generate_audio_switch", false}}},
      {"generate_multi_clip_switch", {{"generate_multi_clip_switch", true}}},
      {"thinking_type", {{"thinking_type", "auto"}}},
      {"motion_mode fast", {{"motion_mode", "fast"}}},
      {"motion_mode normal", {{"motion_mode", "normal"}}},
      {"camera_movement", {{"camera_movement", "zoom_in"}}},
      {"sound_effect_switch", {{"sound_effect_switch", true}}},
      {"sound_effect_content", {{"sound_effect_content", "rain"}}},
      {"lip_sync_tts_switch", {{"lip_sync_tts_switch", true}}},
      {"lip_sync_tts_content", {{"lip_sync_tts_content", "hi"}}},
      {"lip_sync_tts_speaker_id", {{"lip_sync_tts_speaker_id", "Auto"}}},
      {"template_id", {{"template_id", kTemplate}}},
      {"template_id + sound_effect_switch", {{"template_id", kTemplate}, {"sound_effect_switch", true}}},
      {"template_id + lip_sync_tts_switch", {{"template_id", kTemplate}, {"lip_sync_tts_switch", true}}},
      {"template_id + camera_movement", {{"template_id", kTemplate}, {"camera_movement", "zoom_in"}}},
  };
}

// Per-model rules of one tool only: fusion's reference counts and omni mode, multi-transition's
// keyframe count.
std::vector<Extra> own_fields(const std::string& tool, const Ids& ids) {
  const json moves = {{"ref_name", "moves"}, {"source_video_id", ids.video}};
  if (tool == "fusion_video")
    return {
        {"4 image references", {{"image_references", image_refs(ids.image, 4)}}},
        {"8 image references", {{"image_references", image_refs(ids.image, 8)}}},
        {"omni: 10 image references", {{"reference_mode", "omni"}, {"image_references", image_refs(ids.image, 10)}}},
        {"omni: a video reference",
         {{"prompt", "@moves "}, {"video_references", {moves}}, {"image_references", nullptr}}},
        {"omni: a video and an image", {{"prompt", "@p0 like @moves "}, {"video_references", {moves}}}}};
  if (tool == "multi_transition_video")
    return {{"3 keyframes",
             {{"multi_transition", {{{"img_id", ids.image}}, {{"img_id", ids.image}}, {{"img_id", ids.image}}}}}}};
  return {};
}

// The fields of `tool` the grid crosses: the gated fields it declares, then its own.
std::vector<Extra> fields_of(const std::string& tool, const json& properties, const Ids& ids) {
  std::vector<Extra> out;
  for (auto& e : gated_fields()) {
    bool declared = true;
    for (const auto& [k, v] : e.patch.items()) declared = declared && properties.contains(k);
    if (declared) out.push_back(std::move(e));
  }
  for (auto& e : own_fields(tool, ids)) out.push_back(std::move(e));
  return out;
}

std::vector<std::string> strings(const json& array) {
  std::vector<std::string> out;
  for (const auto& v : array) out.push_back(v.get<std::string>());
  return out;
}

struct Verdict {
  std::string product;  // "" = accepted
  std::int64_t sim_code = 0;
  std::string sim_msg;
};

// The tool's arguments for case `c`: the duration goes to every segment but the last on
// multi-transition, to the top level elsewhere.
json args_of(const RuleCase& c, const Extra& extra, const json& base) {
  json args = simtest::patched(base, extra.patch);
  if (!c.model.empty()) args["model"] = c.model;
  args["quality"] = c.quality;
  if (!c.aspect.empty()) args["aspect_ratio"] = c.aspect;
  if (!c.duration) return args;
  if (args.contains("multi_transition")) {
    json& items = args["multi_transition"];
    for (std::size_t i = 0; i + 1 < items.size(); ++i) items[i]["duration"] = *c.duration;
  } else {
    args["duration"] = *c.duration;
  }
  return args;
}

// The candidate values of the axes: the product's own, plus one of each it does not know.
struct Axes {
  std::vector<std::string> models, qualities, aspects;
  std::vector<int> durations = {};
};

Axes make_axes() {
  const app::ToolSchema t2v("text_to_video"), fusion("fusion_video");
  Axes axes{.models = strings(t2v.input_schema()["properties"]["model"]["enum"]),
            .qualities = strings(t2v.input_schema()["properties"]["quality"]["enum"]),
            .aspects = strings(fusion.input_schema()["properties"]["aspect_ratio"]["enum"])};
  axes.models.emplace_back("v7");
  for (int d = 0; d <= 16; ++d) axes.durations.push_back(d);  // 0 (fusion's omni mode) to one past the longest
  return axes;
}

struct Tally {
  std::size_t cases = 0;
  std::vector<std::string> failures;                                           // unexplained disagreements, described
  std::vector<int> tolerated = std::vector<int>(uncertain_rules().size(), 0);  // per uncertain rule
};

// Runs one tool's grid: the aspect axis with no extra field, the field axis at the usual aspect
// ratios. Returns how many cases the server accepted and refused.
std::pair<int, int> run_tool(const simtest::Sim& sim, const app::ToolRow& row, const Axes& axes, Tally& tally) {
  const app::ToolSchema schema(row.name);
  const json& props = schema.input_schema()["properties"];
  const std::string tool(row.name), path(row.path);
  sim.control_post("/_sim/reset", "{}");  // bounds the simulator's job list and request log
  const Ids ids = make_ids(sim);
  const json base = base_args(tool, ids);
  const std::vector<Extra> fields = fields_of(tool, props, ids);
  const bool has_duration = props.contains("duration") || props.contains("multi_transition");
  const std::vector<std::string> none{""};
  const auto& models = props.contains("model") ? axes.models : none;
  const auto& aspects = props.contains("aspect_ratio") ? axes.aspects : none;
  // The aspect ratios the field axis is crossed with: the default, and auto where it exists.
  std::vector<std::string> field_aspects = none;
  if (props.contains("aspect_ratio")) field_aspects = {props["aspect_ratio"]["default"].get<std::string>()};
  if (tool == "fusion_video") field_aspects.emplace_back("auto");
  int accepted = 0, refused = 0;
  for (const auto& model : models)
    for (std::size_t di = 0; di < (has_duration ? axes.durations.size() : 1); ++di)
      for (const auto& quality : axes.qualities)
        for (const auto& aspect : aspects)
          for (const auto& extra : fields) {
            if (extra.name != "none" && !std::count(field_aspects.begin(), field_aspects.end(), aspect)) continue;
            RuleCase c{tool, model, std::nullopt, quality, aspect, extra.name};
            if (has_duration) c.duration = axes.durations[di];
            const json full = schema.with_defaults(args_of(c, extra, base));
            const std::string product = schema.check(full);
            const simtest::Answer answer = sim.post(path, schema.request_body(full));
            ++tally.cases;
            const bool product_ok = product.empty(), sim_ok = answer.err_code() == 0;
            (product_ok ? accepted : refused) += 1;
            if (product_ok == sim_ok) continue;
            bool known = false;
            for (std::size_t u = 0; u < uncertain_rules().size(); ++u)
              if (product_ok && uncertain_rules()[u].covers(c)) {
                ++tally.tolerated[u];
                known = true;
              }
            if (!known)
              tally.failures.push_back(describe(c) + ": server says \"" + product + "\"; simulator says " +
                                       std::to_string(answer.err_code()) + " " + answer.err_msg());
          }
  return {accepted, refused};
}

}  // namespace

TEST_CASE("product and simulator agree on every model × duration × quality × aspect ratio × gated field",
          "[sim][agree][grid]") {
  simtest::Sim sim({"--max-concurrent", "1000000", "--polls", "0", "--credits", "1000000000000"});
  const Axes axes = make_axes();
  Tally tally;
  std::set<std::string> tools;
  for (const auto& row : app::tool_table()) {
    if (row.kind != app::ToolKind::generate) continue;
    const app::ToolSchema schema(row.name);
    const json& props = schema.input_schema()["properties"];
    if (!props.contains("model") && !props.contains("aspect_ratio") && !props.contains("quality")) continue;
    tools.insert(std::string(row.name));
    const auto [accepted, refused] = run_tool(sim, row, axes, tally);
    INFO(row.name);  // a grid where one side accepts or refuses everything tests nothing
    CHECK(accepted > 0);
    CHECK(refused > 0);
  }
  INFO(tally.cases << " cases");
  CHECK(tools == std::set<std::string>{"text_to_video", "image_to_video", "template_video", "transition_video",
                                       "extend_video", "fusion_video", "multi_transition_video", "modify_video",
                                       "motion_control_video", "swap_video"});
  std::string shown;
  for (std::size_t i = 0; i < std::min<std::size_t>(tally.failures.size(), 40); ++i)
    shown += "\n  " + tally.failures[i];
  INFO(tally.failures.size() << " disagreements" << (tally.failures.size() > 40 ? " (the first 40)" : "") << ":"
                             << shown);
  CHECK(tally.failures.empty());
  for (std::size_t u = 0; u < uncertain_rules().size(); ++u) {
    INFO("uncertain rule \"" << uncertain_rules()[u].rule << "\" makes no difference any more: remove it");
    CHECK(tally.tolerated[u] > 0);
  }
}
