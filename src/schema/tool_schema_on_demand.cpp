#include "schema/tool_schema_on_demand.h"

namespace app {

ToolSchemaOnDemand::ToolSchemaOnDemand(std::string_view tool_name)
    : name_(tool_name), descriptor_text_(ToolSchema::descriptor_text_of(tool_name)) {}

const ToolSchema& ToolSchemaOnDemand::schema() const {
  std::call_once(built_, [this] { schema_ = std::make_unique<const ToolSchema>(name_); });
  return *schema_;
}

}  // namespace app
