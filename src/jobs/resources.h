#pragma once
// The job registry as MCP resources: pixverse://jobs/{video_id} and pixverse://images/{image_id},
// so hosts that show resources can browse results.
#include <memory>

#include "jobs/registry.h"
#include "mcp/resources.h"

namespace app {

mcp::ResourceProvider job_resources(const std::shared_ptr<JobRegistry>& registry);

}  // namespace app
