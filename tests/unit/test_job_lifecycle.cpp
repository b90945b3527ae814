// JobLifecycle: one job's registry rows written in the order its life goes, and a registry that
// fails never stops the job (the problem is reported instead).
#include <catch2/catch.hpp>

#include "jobs/lifecycle.h"
#include "jobs/registry.h"
#include "registry_fixture.h"

using app::JobLifecycle;
using app::JobRegistry;
using nlohmann::json;
using registry_test::TempDir;

TEST_CASE("a submitted job: submitting, resubmitted, accepted, statuses, delivered", "[lifecycle]") {
  TempDir dir;
  auto registry = std::make_shared<JobRegistry>(dir.path);
  const json body{{"prompt", "a cat"}};
  JobLifecycle life = JobLifecycle::submit(registry, "", app::kVideoJob, "text_to_video", json{{"prompt", "a cat"}},
                                           "trace-1", "/openapi/v2/video/text/generate", body);
  REQUIRE(life.job_id());
  CHECK(life.problem().empty());
  CHECK(registry->find_by_job_id(*life.job_id())->status == "submitting");

  life.resubmitted("trace-2");
  CHECK(registry->find_by_job_id(*life.job_id())->trace_id == "trace-2");

  life.accepted(123456789012345678ULL);
  auto rec = registry->find("video", 123456789012345678ULL);
  REQUIRE(rec);
  CHECK(rec->job_id == *life.job_id());
  CHECK(rec->status == "running");

  json job{
      {"video_id", 123456789012345678ULL}, {"status", "succeeded"}, {"status_code", 1}, {"url", "https://x/v.mp4"}};
  life.status(job);
  CHECK_FALSE(job.contains("registry_error"));
  life.delivered("/tmp/out/pixverse-video-123456789012345678.mp4");
  rec = registry->find("video", 123456789012345678ULL);
  CHECK(rec->status == "succeeded");
  CHECK(rec->url == "https://x/v.mp4");
  CHECK(rec->local_path == "/tmp/out/pixverse-video-123456789012345678.mp4");
}

TEST_CASE("a failed submission is submit_failed, or submit_unknown when the answer was lost", "[lifecycle]") {
  TempDir dir;
  auto registry = std::make_shared<JobRegistry>(dir.path);
  for (bool lost : {false, true}) {
    JobLifecycle life =
        JobLifecycle::submit(registry, "", app::kVideoJob, "text_to_video", json::object(), "t", "/p", json::object());
    life.failed("refused", lost);
    CHECK(registry->find_by_job_id(*life.job_id())->status == (lost ? "submit_unknown" : "submit_failed"));
  }
}

TEST_CASE("a lookup reads what this machine knows, and records statuses of an unknown job", "[lifecycle]") {
  TempDir dir;
  auto registry = std::make_shared<JobRegistry>(dir.path);
  JobLifecycle first = JobLifecycle::submit(registry, "", app::kImageJob, "image_template", json::object(), "trace-i",
                                            "/p", json::object());
  first.accepted(77);
  JobLifecycle known = JobLifecycle::lookup(registry, app::kImageJob, 77);
  CHECK(known.known_trace_id() == "trace-i");
  CHECK(known.job_id() == first.job_id());

  JobLifecycle stranger = JobLifecycle::lookup(registry, app::kImageJob, 78);
  CHECK_FALSE(stranger.job_id());
  json job{{"image_id", 78}, {"status", "running"}};
  stranger.status(job);
  REQUIRE(registry->find("image", 78));
  CHECK(registry->find("image", 78)->tool.empty());  // first seen by a lookup
}

TEST_CASE("without a registry the job goes on and the result can say why nothing was recorded", "[lifecycle]") {
  JobLifecycle life = JobLifecycle::submit(nullptr, "cannot open /nowhere/jobs.sqlite3", app::kVideoJob, "t",
                                           json::object(), "trace", "/p", json::object());
  CHECK_FALSE(life.job_id());
  CHECK(life.problem() == "the job registry is not available: cannot open /nowhere/jobs.sqlite3");
  life.accepted(5);
  json job{{"video_id", 5}, {"status", "running"}};
  life.status(job);  // nothing to write to, nothing thrown
  CHECK_FALSE(job.contains("registry_error"));
}

TEST_CASE("a status write that fails is reported in that job record, and the first failure is kept", "[lifecycle]") {
  TempDir dir;
  auto registry = std::make_shared<JobRegistry>(dir.path);
  JobLifecycle life = JobLifecycle::lookup(registry, app::kVideoJob, 9);
  json job{{"video_id", 9}, {"status", "no such status"}};  // the registry refuses an unknown status
  life.status(job);
  REQUIRE(job.contains("registry_error"));
  CHECK(job["registry_error"].get<std::string>().find("unknown job status") != std::string::npos);
  CHECK(life.problem() == job["registry_error"]);
}
