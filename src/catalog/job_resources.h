#pragma once
// The job registry as MCP resources: pixverse://jobs/{video_id} and pixverse://images/{image_id},
// so hosts that show resources can browse results.
#include <memory>

#include "catalog/job_registry.h"
#include "mcp/resources.h"

namespace catalog {

mcp::ResourceProvider job_resources(std::shared_ptr<JobRegistry> registry);

}  // namespace catalog
