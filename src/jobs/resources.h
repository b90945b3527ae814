#pragma once
// The job registry as MCP resources: pixverse://jobs/{video_id} and pixverse://images/{image_id},
// so hosts that show resources can browse results.
#include <memory>

#include "jobs/registry_handle.h"
#include "mcp/resources.h"

namespace app {

// Without a registry (it could not be opened), the list is empty and a read answers "Resource
// not found" with the reason.
mcp::ResourceProvider job_resources(const std::shared_ptr<const RegistryHandle>& registry);

}  // namespace app
