#pragma once
// The tool schema files (schemas/*.json), compiled into the binary by cmake/EmbedSchemas.cmake.
#include <string_view>
#include <vector>

namespace app {

struct EmbeddedSchema {
  std::string_view name;  // file stem, e.g. "text_to_video"
  std::string_view text;  // the file's JSON text
};

const std::vector<EmbeddedSchema>& embedded_schemas();

}  // namespace app
