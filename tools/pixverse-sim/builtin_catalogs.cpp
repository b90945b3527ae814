#include "builtin_catalogs.h"

namespace sim {

const std::vector<TemplateInfo>& activated_templates() {
  // The single-image video ids appear in public examples (the API reference, ComfyUI, the
  // official MCP server); the two-image video template and the image templates' image counts
  // are the simulator's own choice.
  static const std::vector<TemplateInfo> templates = {
      {315446315336768ULL, "Kiss Kiss", TemplateKind::Video, 1},
      {315447659476032ULL, "Kungfu Club", TemplateKind::Video, 1},
      {315447659476033ULL, "Earth Zoom", TemplateKind::Video, 1},
      {302325299692608ULL, "Documentation example effect", TemplateKind::Video, 1},
      {316826014376384ULL, "Hug (two photos)", TemplateKind::Video, 2},
      {384268229671680ULL, "Image template: figurine", TemplateKind::Image, 1},
      {377378608924544ULL, "Image template: couple portrait", TemplateKind::Image, 2},
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
      {1001, "Anime", "anime style, cel shading, vivid colors"},
      {1002, "Clay", "claymation style, soft plasticine textures"},
      {1003, "Cyberpunk", "cyberpunk style, neon lights, rainy night city"},
      {1004, "Watercolor", "watercolor painting, soft bleeding edges"},
      {1005, "Pixel Art", "retro 16-bit pixel art"},
      {1006, "Oil Painting", "classic oil painting, thick brush strokes"},
      {1007, "Comic", "comic book style, bold ink outlines, halftone"},
      {1008, "3D Cartoon", "3d animated cartoon style, smooth shading"},
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
      {"7", "Harper"}, {"8", "Ava"},   {"3", "Isabella"}, {"9", "Sophia"}, {"1", "Emily"},
      {"5", "Chloe"},  {"10", "Julia"}, {"11", "Mason"},   {"12", "Jack"},  {"4", "Liam"},
      {"2", "James"},  {"13", "Oliver"}, {"6", "Adrian"},  {"14", "Ethan"}, {"Auto", "Auto"},
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
