// The job registry: what it keeps and how it refuses what it cannot use.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <limits>
#include <set>

#include "jobs/registry.h"
#include "registry_fixture.h"

using app::JobFilter;
using app::JobRegistry;
using nlohmann::json;
using namespace registry_test;

TEST_CASE("a job is recorded before submission and follows its life", "[registry]") {
  TempDir tmp;
  const std::string top = tmp.path;
  const std::string dir = top + "/state/pixverse";  // both levels created on open
  JobRegistry reg(dir);
  CHECK(mode_of(top + "/state") == 0700);
  CHECK(mode_of(dir) == 0700);
  CHECK(reg.path() == dir + "/jobs.sqlite3");
  CHECK(mode_of(reg.path()) == 0600);
  std::string value;
  raw_sql(reg.path(), "PRAGMA journal_mode", &value);
  CHECK(value == "wal");
  raw_sql(reg.path(), "PRAGMA user_version", &value);
  CHECK(value == "2");

  json args{{"prompt", "a fox"}, {"model", "v6"}};
  json body{{"prompt", "a fox"}, {"model", "v6"}, {"duration", 5}};
  auto id = reg.begin_submission("text_to_video", "video", args, "trace-1", "/openapi/v2/video/text/generate", body);
  auto rec = reg.find_by_job_id(id);
  REQUIRE(rec);
  CHECK(rec->status == "submitting");
  CHECK(rec->tool == "text_to_video");
  CHECK(rec->kind == "video");
  CHECK(rec->arguments == args);
  CHECK(rec->trace_id == "trace-1");
  CHECK(rec->request_path == "/openapi/v2/video/text/generate");
  CHECK(rec->request_body == body);
  CHECK_FALSE(rec->remote_id);
  CHECK(rec->created_at_ms > 1'600'000'000'000);

  const std::uint64_t big = (1ULL << 53) + 1;  // not representable as a double
  reg.mark_accepted(id, big);
  CHECK(reg.find_by_job_id(id)->status == "running");
  reg.update_status("video", big, "running", 5, "", json{{"status", "running"}});
  reg.update_status("video", big, "succeeded", 1, "https://cdn/x.mp4", json{{"status", "succeeded"}});
  reg.update_status("video", big, "running", 5, "", json{{"status", "running"}});  // a stale poll answer
  reg.update_status("video", big, "succeeded", 1, "", nullptr);  // keeps the URL and result known
  reg.set_local_path("video", big, "/out/pixverse-video-1.mp4");
  auto done = reg.find("video", big);
  REQUIRE(done);
  CHECK(done->job_id == id);
  CHECK(*done->remote_id == big);
  CHECK(done->status == "succeeded");  // a final status is never moved back to running
  CHECK(done->status_code == 1);
  CHECK(done->url == "https://cdn/x.mp4");
  CHECK(done->last_result == json{{"status", "succeeded"}});
  CHECK(done->local_path == "/out/pixverse-video-1.mp4");
  CHECK(done->tool == "text_to_video");
  CHECK(done->arguments == args);
  CHECK(done->updated_at_ms >= done->created_at_ms);
  CHECK(reg.find_by_trace("trace-1")->job_id == id);
  CHECK_FALSE(reg.find_by_trace("trace-2"));
  CHECK_FALSE(reg.find("image", big));

  reg.update_status("video", big, "deleted", 6, "", nullptr);  // one final status may follow another
  CHECK(reg.find("video", big)->status == "deleted");
  CHECK(reg.find("video", big)->status_code == 6);
}

TEST_CASE("a refused submission sent again under a new trace id: the registry holds the new one, durably",
          "[registry]") {
  TempDir tmp;
  json body{{"prompt", "a fox"}, {"model", "v6"}};
  std::int64_t id = 0;
  {
    JobRegistry reg(tmp.path);
    id = reg.begin_submission("text_to_video", "video", json::object(), "trace-1", "/openapi/v2/video/text/generate",
                              body);
    reg.replace_trace_id(id, "trace-2");
    CHECK(reg.find_by_job_id(id)->trace_id == "trace-2");
    CHECK(reg.find_by_job_id(id)->status == "submitting");
    CHECK(reg.find_by_job_id(id)->request_body == body);  // the body does not change
    CHECK_FALSE(reg.find_by_trace("trace-1"));
    CHECK(reg.find_by_trace("trace-2")->job_id == id);
    CHECK_THROWS_AS(reg.replace_trace_id(id + 100, "trace-x"), std::runtime_error);
  }
  JobRegistry reopened(tmp.path);  // what a recovery in a later process resends
  CHECK(reopened.find_by_job_id(id)->trace_id == "trace-2");
  reopened.mark_accepted(id, 42);
  reopened.replace_trace_id(id, "trace-3");  // no effect once PixVerse gave an id
  CHECK(reopened.find_by_job_id(id)->trace_id == "trace-2");
}

TEST_CASE("everything survives reopening, unknown jobs are upserted, 64-bit ids are exact", "[registry]") {
  TempDir tmp;
  const std::string dir = tmp.path;
  const std::uint64_t max_signed = 9223372036854775807ULL;  // 2^63-1
  const std::uint64_t max_unsigned = std::numeric_limits<std::uint64_t>::max();
  std::int64_t lost = 0;
  {
    JobRegistry reg(dir);
    reg.update_status("video", max_signed, "running", 5, "", json{{"video_id", max_signed}});
    reg.update_status("image", max_unsigned, "succeeded", 1, "https://cdn/i.png", nullptr);
    lost = reg.begin_submission("fusion_video", "video", json{{"prompt", "é \xff"}}, "trace-lost", "/p",
                                json::object());  // invalid UTF-8 is still recorded
    reg.mark_submit_failed(lost, "connection reset", true);
    auto refused = reg.begin_submission("fusion_video", "video", json::object(), "trace-no", "/p", json::object());
    reg.mark_submit_failed(refused, "400017 invalid param", false);
  }
  JobRegistry again(dir);
  auto seen = again.find("video", max_signed);
  REQUIRE(seen);
  CHECK(seen->tool.empty());  // first seen by a status lookup
  CHECK(seen->trace_id.empty());
  CHECK(*seen->remote_id == max_signed);
  CHECK(seen->status == "running");
  CHECK(seen->last_result["video_id"].get<std::uint64_t>() == max_signed);
  auto image = again.find("image", max_unsigned);
  REQUIRE(image);
  CHECK(*image->remote_id == max_unsigned);
  CHECK(image->url == "https://cdn/i.png");
  CHECK_FALSE(again.find_by_trace(""));  // lookup rows have no trace id to match
  auto unknown = again.find_by_job_id(lost);
  REQUIRE(unknown);
  CHECK(unknown->status == "submit_unknown");
  CHECK(unknown->error == "connection reset");
  CHECK(unknown->arguments["prompt"].get<std::string>().rfind("é ", 0) == 0);
  CHECK(again.find_by_trace("trace-no")->status == "submit_failed");
  again.mark_accepted(lost, 42);  // recovered by a resend with the same trace id
  auto recovered = again.find("video", 42);
  REQUIRE(recovered);
  CHECK(recovered->job_id == lost);
  CHECK(recovered->status == "running");
  CHECK(recovered->error.empty());
  again.mark_submit_failed(lost, "late", false);  // no effect once PixVerse gave an id
  CHECK(again.find_by_job_id(lost)->status == "running");
}

TEST_CASE("a job first seen by a lookup and then accepted in another process is one row", "[registry]") {
  TempDir tmp;
  const std::string dir = tmp.path;
  JobRegistry a(dir), b(dir);
  auto id = a.begin_submission("text_to_video", "video", json::object(), "t", "/p", json::object());
  b.update_status("video", 77, "succeeded", 1, "https://cdn/77.mp4", json{{"video_id", 77}});  // polled first
  b.set_local_path("video", 77, "/out/77.mp4");
  a.mark_accepted(id, 77);
  auto rec = b.find("video", 77);
  REQUIRE(rec);
  CHECK(rec->job_id == id);
  CHECK(rec->tool == "text_to_video");
  CHECK(rec->status == "succeeded");
  CHECK(rec->url == "https://cdn/77.mp4");
  CHECK(rec->local_path == "/out/77.mp4");
  CHECK(rec->last_result == json{{"video_id", 77}});
  CHECK(a.list(JobFilter{}).size() == 1);

  // Another submission's row is never merged away.
  auto second = a.begin_submission("text_to_video", "video", json::object(), "t2", "/p", json::object());
  CHECK_THROWS_WITH(a.mark_accepted(second, 77), Catch::Contains("already belongs to job " + std::to_string(id)));
  CHECK(a.find_by_job_id(second)->status == "submitting");
  CHECK_THROWS_WITH(a.mark_accepted(999999, 5), Catch::Contains("no job 999999"));
}

TEST_CASE("list filters by status, tool, kind and time, newest first, with paging", "[registry]") {
  TempDir tmp;
  JobRegistry reg(tmp.path);
  for (int i = 0; i < 6; ++i) {
    auto id = reg.begin_submission(i % 2 ? "image_template" : "text_to_video", i % 2 ? "image" : "video",
                                   json::object(), "t" + std::to_string(i), "/p", json::object());
    reg.mark_accepted(id, 100 + i);
  }
  reg.update_status("video", 100, "succeeded", 1, "u", nullptr);
  // Spread creation times one second apart (all were made within the same millisecond or so).
  raw_sql(reg.path(), "UPDATE jobs SET created_at_ms = 1000000 + job_id * 1000");

  auto rows = reg.list(JobFilter{});
  REQUIRE(rows.size() == 6);
  for (std::size_t i = 1; i < rows.size(); ++i) CHECK(rows[i - 1].job_id > rows[i].job_id);
  JobFilter images;
  images.kind = "image";
  auto image_rows = reg.list(images);
  CHECK(image_rows.size() == 3);
  for (const auto& r : image_rows) CHECK(r.tool == "image_template");
  JobFilter tool;
  tool.tool = "text_to_video";
  tool.status = "running";
  CHECK(reg.list(tool).size() == 2);
  JobFilter done;
  done.status = "succeeded";
  auto done_rows = reg.list(done);
  REQUIRE(done_rows.size() == 1);
  CHECK(*done_rows[0].remote_id == 100);
  JobFilter since;
  since.since_ms = rows[2].created_at_ms;  // the three newest
  auto recent = reg.list(since);
  REQUIRE(recent.size() == 3);
  CHECK(recent.back().job_id == rows[2].job_id);
  JobFilter page;
  page.limit = 4;
  auto first = reg.list(page);
  REQUIRE(first.size() == 4);
  page.before_job_id = first.back().job_id;
  auto second = reg.list(page);
  REQUIRE(second.size() == 2);
  CHECK(second.front().job_id < first.back().job_id);
  CHECK(second.back().job_id == rows.back().job_id);
  JobFilter future;
  future.since_ms = 32503680000000;  // year 3000
  CHECK(reg.list(future).empty());
}

TEST_CASE("a state folder or database that cannot be used gives a clear error", "[registry]") {
  CHECK_THROWS_WITH(JobRegistry("relative/dir"), Catch::Contains("absolute"));
  TempDir tmp;
  const std::string top = tmp.path;
  const std::string file = top + "/plain-file";
  {
    std::FILE* f = std::fopen(file.c_str(), "w");
    REQUIRE(f != nullptr);
    std::fclose(f);
  }
  CHECK_THROWS_WITH(JobRegistry(file), Catch::Contains(file) && Catch::Contains("not a folder"));
  CHECK_THROWS_WITH(JobRegistry(file + "/state"), Catch::Contains("cannot create the state folder " + file));
  CHECK_THROWS_AS(JobRegistry(file + "/state"), std::runtime_error);

  const std::string dir = top + "/state";
  { JobRegistry make(dir); }
  raw_sql(dir + "/jobs.sqlite3", "PRAGMA user_version=99");  // as a future version would leave it
  CHECK_THROWS_WITH(JobRegistry(dir), Catch::Contains("jobs.sqlite3") && Catch::Contains("newer"));

  TempDir other;
  JobRegistry ok(other.path);
  CHECK_THROWS_AS(ok.begin_submission("t", "audio", json::object(), "x", "/p", json::object()), std::invalid_argument);
  CHECK_THROWS_AS(ok.update_status("video", 1, "pending", 5, "", nullptr), std::invalid_argument);
  CHECK(ok.list(JobFilter{}).empty());
}

TEST_CASE("jobs of two accounts or hosts in one folder never collide, even with the same ids", "[registry][scope]") {
  TempDir tmp;
  JobRegistry work(tmp.path, "https://app-api.pixverse.ai", "work-key");
  JobRegistry personal(tmp.path, "https://app-api.pixverse.ai", "personal-key");
  JobRegistry cn(tmp.path, "https://app-api.pixverseai.cn", "work-key");
  CHECK(work.scope() != personal.scope());
  CHECK(work.scope() != cn.scope());
  // Stable for one key and file; never the key itself.
  CHECK(JobRegistry(tmp.path, "https://app-api.pixverse.ai", "work-key").scope() == work.scope());
  CHECK(work.scope().find("work-key") == std::string::npos);

  constexpr std::uint64_t kSameId = 9007199254740993ULL;  // both hosts hand out this id
  const auto a = work.begin_submission("text_to_video", "video", json::object(), "t-a", "/p", json::object());
  const auto b = personal.begin_submission("text_to_video", "video", json::object(), "t-b", "/p", json::object());
  const auto c = cn.begin_submission("text_to_video", "video", json::object(), "t-c", "/p", json::object());
  work.mark_accepted(a, kSameId);
  personal.mark_accepted(b, kSameId);  // was "already belongs to job …", leaving it "submitting" for ever
  cn.mark_accepted(c, kSameId);
  work.update_status("video", kSameId, "succeeded", 1, "https://cdn/a.mp4", json{{"who", "a"}});
  personal.update_status("video", kSameId, "failed", 8, "", json{{"who", "b"}});
  work.set_local_path("video", kSameId, "/out/a.mp4");

  auto ra = work.find("video", kSameId), rb = personal.find("video", kSameId), rc = cn.find("video", kSameId);
  REQUIRE(ra);
  REQUIRE(rb);
  REQUIRE(rc);
  CHECK(ra->job_id == a);
  CHECK(rb->job_id == b);
  CHECK(rc->job_id == c);
  CHECK(ra->status == "succeeded");
  CHECK(ra->url == "https://cdn/a.mp4");
  CHECK(ra->local_path == "/out/a.mp4");
  CHECK(rb->status == "failed");
  CHECK(rb->url.empty());
  CHECK(rb->local_path.empty());
  CHECK(rc->status == "running");
  // Each scope lists and recovers only its own jobs.
  CHECK(work.list(JobFilter{}).size() == 1);
  CHECK(personal.list(JobFilter{}).size() == 1);
  CHECK_FALSE(work.find_by_job_id(b));
  CHECK_FALSE(work.find_by_trace("t-b"));
  CHECK(personal.find_by_trace("t-b"));
}

TEST_CASE("a registry of schema version 1 is migrated forward, its jobs stay visible", "[registry][scope]") {
  TempDir tmp;
  const std::string file = tmp.path + "/jobs.sqlite3";
  // The version-1 layout, as the previous release left it, with one finished job.
  raw_script(file, R"sql(
    CREATE TABLE jobs (job_id INTEGER PRIMARY KEY AUTOINCREMENT, tool TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL,
      arguments TEXT, trace_id TEXT NOT NULL DEFAULT '', request_path TEXT NOT NULL DEFAULT '', request_body TEXT,
      remote_id INTEGER, status TEXT NOT NULL, status_code INTEGER, url TEXT NOT NULL DEFAULT '',
      local_path TEXT NOT NULL DEFAULT '', error TEXT NOT NULL DEFAULT '', last_result TEXT,
      created_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL);
    CREATE UNIQUE INDEX jobs_remote ON jobs(kind, remote_id) WHERE remote_id IS NOT NULL;
    INSERT INTO jobs (tool, kind, trace_id, remote_id, status, url, created_at_ms, updated_at_ms)
      VALUES ('text_to_video', 'video', 'old-trace', 42, 'succeeded', 'https://cdn/old.mp4', 1, 1);
    PRAGMA user_version=1;)sql");
  JobRegistry reg(tmp.path, "https://app-api.pixverse.ai", "key");
  auto old = reg.find("video", 42);
  REQUIRE(old);
  CHECK(old->url == "https://cdn/old.mp4");
  CHECK(reg.find_by_trace("old-trace"));
  CHECK(reg.list(JobFilter{}).size() == 1);
  // Another account may now get the same id without touching the old row.
  JobRegistry other(tmp.path, "https://app-api.pixverse.ai", "other-key");
  const auto job = other.begin_submission("text_to_video", "video", json::object(), "new", "/p", json::object());
  other.mark_accepted(job, 42);
  other.update_status("video", 42, "running", 5, "", nullptr);
  CHECK(other.find("video", 42)->job_id == job);
  CHECK(reg.find("video", 42)->url == "https://cdn/old.mp4");
  // Opening again changes nothing more (the migration ran once).
  JobRegistry again(tmp.path, "https://app-api.pixverse.ai", "key");
  CHECK(again.find("video", 42)->job_id == old->job_id);
}

TEST_CASE("a state folder every user can write to, or that belongs to another user, is refused", "[registry]") {
  TempDir tmp;
  const std::string shared = tmp.path + "/shared";
  REQUIRE(::mkdir(shared.c_str(), 0700) == 0);
  REQUIRE(::chmod(shared.c_str(), 0777) == 0);  // as a folder made in /tmp by someone else may be
  try {
    JobRegistry registry(shared);
    FAIL("a world-writable state folder was used");
  } catch (const std::runtime_error& e) {
    CHECK_THAT(e.what(), Catch::Contains("can be written by every user (mode 777)"));
  }
  REQUIRE(::chmod(shared.c_str(), 0700) == 0);
  CHECK_NOTHROW(JobRegistry(shared));

  // Another owner: only root can make one here (CI runs as root); as another user the mode
  // case above is the part of this rule that can be shown.
  if (::geteuid() == 0) {
    const std::string foreign = tmp.path + "/foreign";
    REQUIRE(::mkdir(foreign.c_str(), 0700) == 0);
    REQUIRE(::chown(foreign.c_str(), 12345, 12345) == 0);
    try {
      JobRegistry registry(foreign);
      FAIL("a state folder of another user was used");
    } catch (const std::runtime_error& e) {
      CHECK_THAT(e.what(), Catch::Contains("belongs to another user (uid 12345)"));
    }
  }
}

TEST_CASE("status updates of a known job do not use up local job ids", "[registry]") {
  TempDir dir;
  JobRegistry reg(dir.path);
  const auto first = reg.begin_submission("text_to_video", "video", json::object(), "t1", "/p", json::object());
  reg.mark_accepted(first, 41);
  for (int poll = 0; poll < 5; ++poll) reg.update_status("video", 41, "running", 5, "", nullptr);
  reg.update_status("video", 42, "running", 5, "", nullptr);  // a job first seen by a lookup takes the next id
  const auto next = reg.begin_submission("text_to_video", "video", json::object(), "t2", "/p", json::object());
  CHECK(reg.find("video", 42)->job_id == first + 1);
  CHECK(next == first + 2);
  CHECK(reg.find("video", 41)->job_id == first);  // still one row for the polled job
}
