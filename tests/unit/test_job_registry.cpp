// The job registry: what it keeps, across reopening, threads and processes.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <thread>

#include "catalog/job_registry.h"

using catalog::JobFilter;
using catalog::JobRegistry;
using nlohmann::json;

namespace {

std::string fresh_dir() {
  std::string templ = (std::filesystem::temp_directory_path() / "pixverse-registry-XXXXXX").string();
  REQUIRE(::mkdtemp(templ.data()) != nullptr);
  return templ;
}

}  // namespace

TEST_CASE("a job is recorded before submission and follows its life", "[registry]") {
  const std::string dir = fresh_dir() + "/state";  // created on open
  JobRegistry reg(dir);
  struct stat st{};
  REQUIRE(::stat(dir.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);

  json args{{"prompt", "a fox"}, {"model", "v6"}};
  json body{{"prompt", "a fox"}, {"model", "v6"}, {"duration", 5}};
  auto id = reg.begin_submission("text_to_video", "video", args, "trace-1", "/openapi/v2/video/text/generate", body);
  auto rec = reg.find_by_job_id(id);
  REQUIRE(rec);
  CHECK(rec->status == "submitting");
  CHECK(rec->request_body == body);
  CHECK_FALSE(rec->remote_id);

  const std::uint64_t big = (1ULL << 53) + 1;
  reg.mark_accepted(id, big);
  reg.update_status("video", big, "running", 5, "", json{{"status", "running"}});
  reg.update_status("video", big, "succeeded", 1, "https://cdn/x.mp4", json{{"status", "succeeded"}});
  reg.update_status("video", big, "running", 5, "", json{{"status", "running"}});  // a stale poll answer
  reg.set_local_path("video", big, "/out/pixverse-video-1.mp4");
  auto done = reg.find("video", big);
  REQUIRE(done);
  CHECK(done->job_id == id);
  CHECK(*done->remote_id == big);  // exact above 2^53
  CHECK(done->status == "succeeded");  // a final status is never moved back to running
  CHECK(done->status_code == 1);
  CHECK(done->url == "https://cdn/x.mp4");
  CHECK(done->local_path == "/out/pixverse-video-1.mp4");
  CHECK(done->tool == "text_to_video");
  CHECK(reg.find_by_trace("trace-1")->job_id == id);
  CHECK_FALSE(reg.find("image", big));
}

TEST_CASE("everything survives reopening; unknown jobs are upserted; ids up to 2^63-1", "[registry]") {
  const std::string dir = fresh_dir();
  const std::uint64_t max_id = 9223372036854775807ULL;
  std::int64_t lost = 0;
  {
    JobRegistry reg(dir);
    reg.update_status("video", max_id, "running", 5, "", nullptr);
    lost = reg.begin_submission("fusion_video", "video", json::object(), "trace-lost", "/p", json::object());
    reg.mark_submit_failed(lost, "connection reset", true);
    auto refused = reg.begin_submission("fusion_video", "video", json::object(), "trace-no", "/p", json::object());
    reg.mark_submit_failed(refused, "400017 invalid param", false);
  }
  JobRegistry again(dir);
  auto seen = again.find("video", max_id);
  REQUIRE(seen);
  CHECK(seen->tool.empty());  // first seen by a status lookup
  CHECK(*seen->remote_id == max_id);
  CHECK(again.find_by_job_id(lost)->status == "submit_unknown");
  CHECK(again.find_by_trace("trace-no")->status == "submit_failed");
  again.mark_accepted(lost, 42);  // recovered by a resend with the same trace id
  CHECK(again.find("video", 42)->status == "running");
}

TEST_CASE("a job first seen by a lookup and then accepted in another process is one row", "[registry]") {
  const std::string dir = fresh_dir();
  JobRegistry a(dir), b(dir);
  auto id = a.begin_submission("text_to_video", "video", json::object(), "t", "/p", json::object());
  b.update_status("video", 77, "succeeded", 1, "https://cdn/77.mp4", nullptr);  // polled before the answer arrived
  a.mark_accepted(id, 77);
  auto rec = a.find("video", 77);
  REQUIRE(rec);
  CHECK(rec->job_id == id);
  CHECK(rec->status == "succeeded");
  CHECK(rec->url == "https://cdn/77.mp4");
  CHECK(a.list(JobFilter{}).size() == 1);
}

TEST_CASE("list filters by status, tool, kind and time, newest first, with paging", "[registry]") {
  JobRegistry reg(fresh_dir());
  for (int i = 0; i < 6; ++i) {
    auto id = reg.begin_submission(i % 2 ? "image_template" : "text_to_video", i % 2 ? "image" : "video",
                                   json::object(), "t" + std::to_string(i), "/p", json::object());
    reg.mark_accepted(id, 100 + i);
  }
  reg.update_status("video", 100, "succeeded", 1, "u", nullptr);
  JobFilter all;
  auto rows = reg.list(all);
  REQUIRE(rows.size() == 6);
  CHECK(rows.front().job_id > rows.back().job_id);
  JobFilter images;
  images.kind = "image";
  CHECK(reg.list(images).size() == 3);
  JobFilter tool;
  tool.tool = "text_to_video";
  tool.status = "running";
  CHECK(reg.list(tool).size() == 2);
  JobFilter page;
  page.limit = 4;
  auto first = reg.list(page);
  REQUIRE(first.size() == 4);
  page.before_job_id = first.back().job_id;
  CHECK(reg.list(page).size() == 2);
  JobFilter future;
  future.since_ms = 32503680000000;  // year 3000
  CHECK(reg.list(future).empty());
}

TEST_CASE("a state folder that cannot be used gives a clear error", "[registry]") {
  CHECK_THROWS_WITH(JobRegistry("relative/dir"), Catch::Contains("absolute"));
  const std::string file = fresh_dir() + "/plain-file";
  { std::FILE* f = std::fopen(file.c_str(), "w"); std::fclose(f); }
  CHECK_THROWS_WITH(JobRegistry(file), Catch::Contains("jobs.sqlite3"));
}

TEST_CASE("two registries on one folder, many threads each: no write is lost", "[registry]") {
  const std::string dir = fresh_dir();
  JobRegistry a(dir), b(dir);
  constexpr int kThreads = 4, kEach = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < 2 * kThreads; ++t)
    threads.emplace_back([&, t] {
      JobRegistry& reg = t % 2 ? a : b;
      for (int i = 0; i < kEach; ++i) {
        std::uint64_t remote = 1000000 + t * kEach + i;
        auto id = reg.begin_submission("text_to_video", "video", json{{"n", i}}, "tr", "/p", json::object());
        reg.mark_accepted(id, remote);
        reg.update_status("video", remote, "succeeded", 1, "u" + std::to_string(remote), nullptr);
      }
    });
  for (auto& th : threads) th.join();
  JobFilter f;
  f.limit = 10000;
  auto rows = a.list(f);
  CHECK(rows.size() == 2 * kThreads * kEach);
  std::set<std::uint64_t> remotes;
  for (const auto& r : rows) {
    remotes.insert(*r.remote_id);
    CHECK(r.status == "succeeded");
    CHECK(r.url == "u" + std::to_string(*r.remote_id));
  }
  CHECK(remotes.size() == rows.size());
}

TEST_CASE("a second process writes the same registry concurrently without loss", "[registry]") {
  const std::string dir = fresh_dir();
  { JobRegistry create(dir); }
  constexpr int kEach = 200;
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {  // its own connection, opened after fork
    int code = 0;
    try {
      JobRegistry reg(dir);
      for (int i = 0; i < kEach; ++i) reg.mark_accepted(reg.begin_submission("c", "video", json::object(), "", "", nullptr), 5000 + i);
    } catch (...) {
      code = 1;
    }
    std::_Exit(code);
  }
  JobRegistry reg(dir);
  for (int i = 0; i < kEach; ++i) reg.mark_accepted(reg.begin_submission("p", "video", json::object(), "", "", nullptr), 9000 + i);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  JobFilter f;
  f.limit = 10000;
  auto rows = reg.list(f);
  CHECK(rows.size() == 2 * kEach);
  f.tool = "c";
  CHECK(reg.list(f).size() == kEach);
}
