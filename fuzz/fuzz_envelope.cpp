// PixVerse's answers: the envelope (either casing, codes as integers or digit strings), then
// a job status read from its Resp (job_from_result, for videos and images) and the tool result
// built from it, as a status poll does; any JSON value is also read as a Resp directly.
#include "common/json_limits.h"
#include "fuzz_support.h"
#include "jobs/job_view.h"
#include "mcp/json_rpc.h"
#include "pixverse/api_error.h"
#include "pixverse/envelope.h"

namespace {

void read_status(const nlohmann::json& resp) {
  for (const app::JobKind* kind : {&app::kVideoJob, &app::kImageJob}) {
    const nlohmann::json job = app::job_from_result(*kind, resp, nlohmann::json(123456789));
    fuzz::require(job.is_object() && job.contains("status"), "a job without a status");
    (void)app::job_finished(job);
    for (const char* revision : {"2025-03-26", "2025-11-25"}) {
      const mcp::ToolResult result = app::job_result(*kind, job, revision);
      (void)mcp::to_wire(result.to_json());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::quiet();
  const std::string body(fuzz::text(data, size));
  if (auto envelope = pixverse::parse_envelope(body)) {
    (void)pixverse::classify_error(envelope->code, 200, envelope->message).message();
    (void)pixverse::integer_value(envelope->resp);
    read_status(envelope->resp);
  }
  const nlohmann::json any = json_limits::parse_bounded(body, pixverse::kMaxAnswerBytes);
  if (!any.is_discarded()) read_status(any);
  return 0;
}
