#pragma once
// A tool's schema built when the tool is first called. tools/list needs only the descriptor
// (ToolSchema::descriptor_of, which the server keeps as text); the internal schema and its compiled validators (about
// 35 KB per tool once built) wait for a call of that tool, so a session that lists 24 tools and calls two holds two.
// The first call of a tool pays for its build (well under a millisecond).
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "schema/tool_schema.h"

namespace app {

class ToolSchemaOnDemand : public mcp::ToolContract {
 public:
  explicit ToolSchemaOnDemand(std::string_view tool_name) : name_(tool_name) {}

  // The whole schema, built on first use. Thread-safe: concurrent first calls build it once.
  const ToolSchema& schema() const;

  common::Expected<nlohmann::json> prepare_arguments(const nlohmann::json& arguments) const override {
    return schema().prepare_arguments(arguments);
  }
  std::string check_structured(const nlohmann::json& structured) const override {
    return schema().check_structured(structured);
  }

 private:
  std::string name_;
  mutable std::once_flag built_;
  mutable std::unique_ptr<const ToolSchema> schema_;
};

}  // namespace app
