#pragma once
// The field-rule table of every JSON endpoint (validation.h), one accessor per endpoint.
#include "validation.h"

namespace sim {

// rules_generation.cpp
const EndpointRules& text_to_video_rules();
const EndpointRules& image_to_video_rules();
const EndpointRules& transition_rules();
const EndpointRules& extend_rules();

// rules_multi_image.cpp
const EndpointRules& fusion_rules();
const EndpointRules& multi_transition_rules();
const EndpointRules& image_template_rules();

// rules_video_edit.cpp
const EndpointRules& lip_sync_rules();
const EndpointRules& sound_effect_rules();
const EndpointRules& modify_rules();
const EndpointRules& restyle_rules();
const EndpointRules& mask_selection_rules();
const EndpointRules& swap_rules();
const EndpointRules& mimic_rules();

}  // namespace sim
