#pragma once
// The simulated account's catalogs: activated effect templates (video and image), restyle
// effects and lip-sync TTS speakers. Fixed data; the README lists them.
#include <cstdint>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sim {

enum class TemplateKind { Video, Image };

struct TemplateInfo {
  std::uint64_t id;
  std::string_view name;
  TemplateKind kind;
  int images;  // how many input images the template takes
};

// Templates "activated" for this account; any other template_id gets ErrCode 500070.
const std::vector<TemplateInfo>& activated_templates();
const TemplateInfo* find_template(std::uint64_t id);
// [{template_id, name, kind ("video"|"image"), images}] for GET /_sim/templates.
nlohmann::json templates_json();

struct RestyleEffect {
  std::uint64_t restyle_id;
  std::string_view name;
  std::string_view prompt;
};

const std::vector<RestyleEffect>& restyle_effects();
const RestyleEffect* find_restyle(std::uint64_t id);

struct TtsSpeaker {
  std::string_view speaker_id;
  std::string_view name;
};

const std::vector<TtsSpeaker>& tts_speakers();
// A listed speaker id; "auto" is accepted as well as "Auto" (official examples use both).
bool is_tts_speaker(std::string_view speaker_id);

}  // namespace sim
