// The job registry shared: two registries, threads and processes writing one state folder at once.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <set>
#include <thread>

#include "jobs/registry.h"
#include "registry_fixture.h"

using app::JobFilter;
using app::JobRegistry;
using nlohmann::json;
using namespace registry_test;

TEST_CASE("two registries on one folder, four threads each: no write is lost", "[registry]") {
  TempDir tmp;
  const std::string dir = tmp.path;
  JobRegistry a(dir), b(dir);
  constexpr int kThreads = 4, kEach = 200;
  std::vector<std::thread> threads;
  for (int t = 0; t < 2 * kThreads; ++t)
    threads.emplace_back([&, t] {
      JobRegistry& reg = t % 2 ? a : b;
      for (int i = 0; i < kEach; ++i) {
        const std::uint64_t remote = 1'000'000 + static_cast<std::uint64_t>(t * kEach + i);
        const std::string trace = "tr-" + std::to_string(remote);
        auto id = reg.begin_submission("text_to_video", "video", json{{"n", remote}}, trace, "/p", json{{"t", t}});
        reg.mark_accepted(id, remote);
        reg.update_status("video", remote, "running", 5, "", nullptr);
        reg.update_status("video", remote, "succeeded", 1, "u" + std::to_string(remote), json{{"n", remote}});
        reg.find_by_trace(trace);  // readers interleave with the writers
      }
    });
  for (auto& th : threads) th.join();
  JobFilter f;
  f.limit = 100000;
  auto rows = a.list(f);
  REQUIRE(rows.size() == 2 * kThreads * kEach);
  std::set<std::uint64_t> remotes;
  std::set<std::int64_t> ids;
  for (const auto& r : rows) {
    REQUIRE(r.remote_id);
    remotes.insert(*r.remote_id);
    ids.insert(r.job_id);
    CHECK(r.status == "succeeded");
    CHECK(r.url == "u" + std::to_string(*r.remote_id));
    CHECK(r.trace_id == "tr-" + std::to_string(*r.remote_id));
    CHECK(r.arguments["n"].get<std::uint64_t>() == *r.remote_id);
    CHECK(r.last_result["n"].get<std::uint64_t>() == *r.remote_id);
  }
  CHECK(remotes.size() == rows.size());
  CHECK(ids.size() == rows.size());
}

TEST_CASE("other processes create and write the same registry concurrently without loss", "[registry]") {
  TempDir tmp;
  const std::string dir = tmp.path + "/new";  // every process races to create folder and schema
  constexpr int kChildren = 2, kEach = 200;
  auto write_jobs = [&](const std::string& who) {
    JobRegistry reg(dir);
    for (int i = 0; i < kEach; ++i) {
      auto id = reg.begin_submission(who, "video", json{{"i", i}}, who + "-" + std::to_string(i), "/p", nullptr);
      reg.mark_accepted(id, static_cast<std::uint64_t>(std::hash<std::string>{}(who) % 1'000'000 * 1000 + i));
      reg.update_status("image", static_cast<std::uint64_t>(i), "running", 5, "", nullptr);  // shared upserts
    }
  };
  std::vector<pid_t> children;
  for (int c = 0; c < kChildren; ++c) {
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {  // its own connection, opened after fork; no Catch2 here
      int code = 0;
      try {
        write_jobs("child" + std::to_string(c));
      } catch (const std::exception& e) {
        std::fprintf(stderr, "child %d: %s\n", c, e.what());
        code = 1;
      }
      std::_Exit(code);
    }
    children.push_back(pid);
  }
  write_jobs("parent");
  for (pid_t pid : children) {
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  JobRegistry reg(dir);
  JobFilter f;
  f.limit = 100000;
  f.kind = "video";
  CHECK(reg.list(f).size() == (kChildren + 1) * kEach);
  for (const std::string who : {"parent", "child0", "child1"}) {
    f.tool = who;
    auto rows = reg.list(f);
    REQUIRE(rows.size() == kEach);
    std::set<int> seen;
    for (const auto& r : rows) {
      CHECK(r.status == "running");
      CHECK(r.trace_id == who + "-" + std::to_string(r.arguments["i"].get<int>()));
      seen.insert(r.arguments["i"].get<int>());
    }
    CHECK(seen.size() == kEach);
  }
  f.tool.reset();
  f.kind = "image";
  CHECK(reg.list(f).size() == kEach);  // one row per remote id, whoever saw it first
}

TEST_CASE("processes opening one new registry at the same moment all get it", "[registry]") {
  // Switching a new file to WAL while another process opens it failed with "database is locked"
  // at once (SQLite does not wait for every lock of that switch): about one pair of servers in
  // fifteen started together then ran without a registry.
  TempDir tmp;
  constexpr int kRounds = 40, kChildren = 3;
  int failures = 0;
  for (int round = 0; round < kRounds; ++round) {
    const std::string dir = tmp.path + "/r" + std::to_string(round);
    std::vector<pid_t> children;
    for (int c = 0; c < kChildren; ++c) {
      pid_t pid = ::fork();
      REQUIRE(pid >= 0);
      if (pid == 0) {  // no Catch2 here
        int code = 0;
        try {
          JobRegistry reg(dir);
        } catch (const std::exception& e) {
          std::fprintf(stderr, "round %d child %d: %s\n", round, c, e.what());
          code = 1;
        }
        std::_Exit(code);
      }
      children.push_back(pid);
    }
    for (pid_t pid : children) {
      int status = 0;
      REQUIRE(::waitpid(pid, &status, 0) == pid);
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failures;
    }
  }
  CHECK(failures == 0);
}
