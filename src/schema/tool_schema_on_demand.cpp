#include "schema/tool_schema_on_demand.h"

namespace app {

const ToolSchema& ToolSchemaOnDemand::schema() const {
  std::call_once(built_, [this] { schema_ = std::make_unique<const ToolSchema>(name_); });
  return *schema_;
}

}  // namespace app
