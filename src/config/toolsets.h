#pragma once
// Toolsets: the groups of tools a user can choose to serve with PIXVERSE_TOOLSETS or --toolsets
// (the README's "Toolsets" table), for hosts that want fewer tool definitions in the model's
// context. Each row of the tool table (src/tools/tool_table.cpp) names its group.
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace app {

enum class Toolset {
  generate,  // new videos and images from text, pictures or references
  edit,      // change an existing video (and create_swap_mask, which only serves edits)
  inputs,    // uploads and the lists of choices inputs take (voices, restyle effects)
  status,    // following jobs, the job registry, the balance
};

// Every group, in the enum's order, which is the order the README and --help list them.
inline constexpr std::array<Toolset, 4> kToolsets = {Toolset::generate, Toolset::edit, Toolset::inputs,
                                                     Toolset::status};

std::string_view to_string(Toolset set);
// "generate, edit, inputs, status": for messages and --help.
std::string toolset_names();

// What a PIXVERSE_TOOLSETS value selects.
struct ToolsetChoice {
  std::vector<Toolset> selected;  // in kToolsets order, never empty
  // status was not named but joined, because a selected group starts jobs (generate, edit) and
  // their results point at get_video_status / get_image_status to follow them.
  bool status_added = false;
  std::string problem;  // names an unknown group (and lists the groups): then `selected` is every group
};

// Reads a comma-separated list of group names ("generate,edit"; spaces around names, empty
// items and case are ignored; "all" is every group). Empty text is the default, every group.
// An unknown name is a problem naming the groups, and every group is selected: the server
// serves as by default rather than refusing to start (settings.h).
ToolsetChoice read_toolsets(std::string_view text);

}  // namespace app
