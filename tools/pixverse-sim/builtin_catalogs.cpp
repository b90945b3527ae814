#include "builtin_catalogs.h"

namespace sim {

const std::vector<TemplateInfo>& activated_templates() {
  // The single-image video ids appear in public examples (the API reference, ComfyUI, the
  // official MCP server); the two-image video template and the image templates' image counts
  // are the simulator's own choice.
  static const std::vector<TemplateInfo> templates = {
      {.id = 315446315336768ULL, .name = "Kiss Kiss", .kind = TemplateKind::Video, .images = 1},
      {.id = 315447659476032ULL, .name = "Kungfu Club", .kind = TemplateKind::Video, .images = 1},
      {.id = 315447659476033ULL, .name = "Earth Zoom", .kind = TemplateKind::Video, .images = 1},
      {.id = 302325299692608ULL, .name = "Documentation example effect", .kind = TemplateKind::Video, .images = 1},
      {.id = 316826014376384ULL, .name = "Hug (two photos)", .kind = TemplateKind::Video, .images = 2},
      {.id = 384268229671680ULL, .name = "Image template: figurine", .kind = TemplateKind::Image, .images = 1},
      {.id = 377378608924544ULL, .name = "Image template: couple portrait", .kind = TemplateKind::Image, .images = 2},
  };
  return templates;
}

const TemplateInfo* find_template(std::uint64_t id) {
  for (const auto& t : activated_templates())
    if (t.id == id) return &t;
  return nullptr;
}

nlohmann::json templates_json() {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : activated_templates())
    out.push_back({{"template_id", t.id},
                   {"name", std::string(t.name)},
                   {"kind", t.kind == TemplateKind::Video ? "video" : "image"},
                   {"images", t.images}});
  return out;
}

const std::vector<RestyleEffect>& restyle_effects() {
  static const std::vector<RestyleEffect> effects = {
      {.restyle_id = 1001, .name = "Anime", .prompt = "anime style, cel shading, vivid colors"},
      {.restyle_id = 1002, .name = "Clay", .prompt = "claymation style, soft plasticine textures"},
      {.restyle_id = 1003, .name = "Cyberpunk", .prompt = "cyberpunk style, neon lights, rainy night city"},
      {.restyle_id = 1004, .name = "Watercolor", .prompt = "watercolor painting, soft bleeding edges"},
      {.restyle_id = 1005, .name = "Pixel Art", .prompt = "retro 16-bit pixel art"},
      {.restyle_id = 1006, .name = "Oil Painting", .prompt = "classic oil painting, thick brush strokes"},
      {.restyle_id = 1007, .name = "Comic", .prompt = "comic book style, bold ink outlines, halftone"},
      {.restyle_id = 1008, .name = "3D Cartoon", .prompt = "3d animated cartoon style, smooth shading"},
  };
  return effects;
}

const RestyleEffect* find_restyle(std::uint64_t id) {
  for (const auto& e : restyle_effects())
    if (e.restyle_id == id) return &e;
  return nullptr;
}

const std::vector<TtsSpeaker>& tts_speakers() {
  // The list the TTS speaker reference page documents, in its order.
  static const std::vector<TtsSpeaker> speakers = {
      {.speaker_id = "7", .name = "Harper"},   {.speaker_id = "8", .name = "Ava"},
      {.speaker_id = "3", .name = "Isabella"}, {.speaker_id = "9", .name = "Sophia"},
      {.speaker_id = "1", .name = "Emily"},    {.speaker_id = "5", .name = "Chloe"},
      {.speaker_id = "10", .name = "Julia"},   {.speaker_id = "11", .name = "Mason"},
      {.speaker_id = "12", .name = "Jack"},    {.speaker_id = "4", .name = "Liam"},
      {.speaker_id = "2", .name = "James"},    {.speaker_id = "13", .name = "Oliver"},
      {.speaker_id = "6", .name = "Adrian"},   {.speaker_id = "14", .name = "Ethan"},
      {.speaker_id = "Auto", .name = "Auto"},
  };
  return speakers;
}

bool is_tts_speaker(std::string_view speaker_id) {
  if (speaker_id.size() == 4 && (speaker_id[0] == 'a' || speaker_id[0] == 'A') && speaker_id.substr(1) == "uto")
    return true;
  for (const auto& s : tts_speakers())
    if (s.speaker_id == speaker_id) return true;
  return false;
}

}  // namespace sim
