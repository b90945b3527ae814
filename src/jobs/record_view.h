#pragma once
// A registry record as clients see it: list_jobs' rows and the job resources (resources/read).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "jobs/job_kind.h"
#include "jobs/registry.h"

namespace app {

// {"job_id", "tool", "kind", "status", "created_at", "updated_at" (ISO 8601 UTC), and when known
// video_id|image_id, resource_uri, status_code, trace_id, url, local_path, error}; `arguments`
// too when `with_arguments`. A row still "submitting" a minute after its last write was cut
// short (the server stopped) and shows as "submit_unknown", so that a recovery is tried.
nlohmann::json job_record_json(const JobRecord& record, bool with_arguments);

// The job kind of a registry row's kind column ("image" → kImageJob, anything else → kVideoJob).
const JobKind& job_kind_named(const std::string& name);

}  // namespace app
