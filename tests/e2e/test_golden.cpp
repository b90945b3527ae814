// Golden transcripts: whole MCP sessions kept as files (tests/golden/*.golden), played line by
// line against the real build/pixverse-mcp, with build/pixverse-sim as PixVerse. Every message
// the server writes is compared with the recorded one, after replacing what legitimately
// varies with placeholders (the list is in Normaliser below and in tests/golden/README.md).
// After an intended change, rewrite the files with
//   UPDATE_GOLDEN=1 build/tests/e2e_tests "[golden]"
// and review the diff: it shows what a client sees differently.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "e2e_fixture.h"

using namespace e2e;
namespace fs = std::filesystem;

namespace {

// One client line with the server messages it is answered with (up to its response, if it is a
// request; none for a notification). Comments written above the client line stay with it.
struct Exchange {
  std::vector<std::string> comments;
  std::string client_line;
  std::vector<json> server;
};

struct Golden {
  std::vector<std::string> header;         // comments and directives before the first client line
  std::vector<std::string> sim_args;       // "@sim ARG…"
  std::map<std::string, std::string> env;  // "@env NAME=VALUE", for the server
  std::vector<Exchange> exchanges;
  std::vector<std::string> close_comments;
  std::vector<json> after_close;  // what the server writes once its stdin is closed
};

constexpr const char* kClose = "(stdin closed)";

// The file format: "> " + a client line as sent, or "> (stdin closed)" where the client closes
// the server's stdin; "< " + the first line of a server message, pretty-printed, its other
// lines indented by two spaces; "#" comments; "@" directives.
Golden parse_golden(const fs::path& path) {
  std::ifstream in(path);
  REQUIRE(in);
  Golden g;
  std::vector<std::string> comments;
  std::vector<json>* server = nullptr;  // where the next server message goes
  std::string pending;                  // the server message being read
  auto flush = [&] {
    if (pending.empty()) return;
    json m = json::parse(pending, nullptr, false);
    INFO(path.string() << ": a server message that is not JSON: " << pending);
    REQUIRE_FALSE(m.is_discarded());
    REQUIRE(server != nullptr);
    server->push_back(std::move(m));
    pending.clear();
  };
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("  ", 0) == 0 && !pending.empty()) {
      pending += "\n" + line.substr(2);
      continue;
    }
    flush();
    if (line == std::string("> ") + kClose) {
      g.close_comments = std::move(comments);
      comments.clear();
      server = &g.after_close;
    } else if (line.rfind("> ", 0) == 0) {
      INFO(path.string() << ": a client line after " << kClose);
      REQUIRE(server != &g.after_close);
      g.exchanges.push_back({std::move(comments), line.substr(2), {}});
      comments.clear();
      server = &g.exchanges.back().server;
    } else if (line.rfind("< ", 0) == 0) {
      pending = line.substr(2);
    } else if (g.exchanges.empty() && (line.empty() || line[0] == '#' || line[0] == '@')) {
      g.header.push_back(line);
      std::istringstream words(line);
      std::string word;
      words >> word;
      if (word == "@sim")
        while (words >> word) g.sim_args.push_back(word);
      if (word == "@env" && words >> word && word.find('=') != std::string::npos)
        g.env[word.substr(0, word.find('='))] = word.substr(word.find('=') + 1);
    } else if (!line.empty() && line[0] == '#') {
      comments.push_back(line);
    } else {
      FAIL(path.string() << ": a line this format does not have: " << line);
    }
  }
  flush();
  return g;
}

// Replaces what differs from run to run, and nothing else:
//   $SIM_URL, $OUTPUT_DIR, $STATE_DIR  the simulator's address (an ephemeral port) and this
//                                      run's temporary folders, wherever they appear in a string
//   $UUID_n   the n-th distinct UUID (trace ids), so a repeated one still shows as the same
//   $TASK_n   the n-th distinct task id (a random hex string, in "taskId" members)
//   $TIME     an ISO 8601 UTC timestamp (task createdAt, lastUpdatedAt)
//   $VERSION  serverInfo.version (the release being built), in an initialize result or in a
//             modern result's _meta
//   $ELAPSED, $SECONDS  a progress notification's elapsed time: its "progress", and the whole
//                       seconds at the end of its message
// Client lines may use $TASK_n and $UUID_n: they are sent with the values learnt so far.
class Normaliser {
 public:
  explicit Normaliser(std::vector<std::pair<std::string, std::string>> fixed) : fixed_(std::move(fixed)) {}

  json server_message(json m) {
    walk(m, "");
    if (!m.is_object()) return m;  // a batch answer: only its strings are normalised
    if (m.value("method", "") == "notifications/progress" && m.contains("params")) {
      json& p = m["params"];
      if (p.contains("progress")) p["progress"] = "$ELAPSED";
      if (p.contains("message") && p["message"].is_string())
        p["message"] = std::regex_replace(p["message"].get<std::string>(), std::regex(", \\d+ s$"), ", $$SECONDS s");
    }
    if (m.contains("result") && m["result"].is_object()) {
      json& result = m["result"];
      for (json* info : {&result, result.contains("_meta") ? &result["_meta"] : nullptr}) {
        const char* key = info == &result ? "serverInfo" : "io.modelcontextprotocol/serverInfo";
        if (info && info->is_object() && info->contains(key) && (*info)[key].contains("version"))
          (*info)[key]["version"] = "$VERSION";  // a missing version stays missing
      }
    }
    return m;
  }

  std::string client_line(std::string line) const {
    for (const auto& [actual, placeholder] : learnt_)
      for (auto at = line.find(placeholder); at != std::string::npos; at = line.find(placeholder, at))
        if (std::isdigit(static_cast<unsigned char>(line[at + placeholder.size()]))) {
          at += placeholder.size();  // $TASK_1 inside $TASK_12
        } else {
          line.replace(at, placeholder.size(), actual);
          at += actual.size();
        }
    return line;
  }

 private:
  std::string numbered(const std::string& actual, const std::string& kind, int& count) {
    auto it = learnt_.find(actual);
    if (it == learnt_.end()) it = learnt_.emplace(actual, "$" + kind + "_" + std::to_string(++count)).first;
    return it->second;
  }

  std::string text(std::string s) {
    for (const auto& [actual, placeholder] : fixed_)
      for (auto at = s.find(actual); at != std::string::npos; at = s.find(actual, at + placeholder.size()))
        s.replace(at, actual.size(), placeholder);
    static const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    std::string out;
    auto last = s.cbegin();
    for (std::sregex_iterator it(s.begin(), s.end(), uuid), end; it != end; ++it) {
      out.append(last, (*it)[0].first);
      out += numbered(it->str(), "UUID", uuids_);
      last = (*it)[0].second;
    }
    out.append(last, s.cend());
    static const std::regex time("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
    return std::regex_replace(out, time, "$$TIME");
  }

  void walk(json& j, const std::string& key) {
    if (j.is_string())
      j = key == "taskId" ? numbered(j.get<std::string>(), "TASK", tasks_) : text(j.get<std::string>());
    else if (j.is_object())
      for (auto& [k, v] : j.items()) walk(v, k);
    else if (j.is_array())
      for (auto& v : j) walk(v, key);
  }

  std::vector<std::pair<std::string, std::string>> fixed_;
  std::map<std::string, std::string> learnt_;  // actual value → placeholder
  int uuids_ = 0, tasks_ = 0;
};

// A server message as the file shows it.
std::string rendered(const json& m) {
  std::string out = "< ";
  std::istringstream lines(m.dump(2));
  std::string line;
  for (bool first = true; std::getline(lines, line); first = false) out += (first ? "" : "  ") + line + "\n";
  return out;
}

std::string rendered(const std::vector<json>& messages) {
  std::string out;
  for (const auto& m : messages) out += rendered(m);
  return out;
}

void write_golden(const fs::path& path, const Golden& g) {
  std::ofstream out(path, std::ios::binary);
  for (const auto& line : g.header) out << line << "\n";
  for (const auto& e : g.exchanges) {
    for (const auto& c : e.comments) out << c << "\n";
    out << "> " << e.client_line << "\n" << rendered(e.server);
  }
  for (const auto& c : g.close_comments) out << c << "\n";
  out << "> " << kClose << "\n" << rendered(g.after_close);
}

// Plays the client lines of `g` against a fresh simulator and server; the server's messages,
// normalised, in the shape of `g`.
Golden play(const Golden& g) {
  harness::SimProcess sim(PIXVERSE_SIM_PATH, g.sim_args);
  const std::string out_dir = temp_dir("golden-out"), state_dir = temp_dir("golden-state");
  std::map<std::string, std::string> env = g.env;
  env.emplace("PIXVERSE_OUTPUT_DIR", out_dir);
  env.emplace("PIXVERSE_STATE_DIR", state_dir);
  harness::McpSession s = SimAndServer::make(sim, env);
  Normaliser normalise({{sim.base_url(), "$SIM_URL"}, {out_dir, "$OUTPUT_DIR"}, {state_dir, "$STATE_DIR"}});
  Golden got = g;
  for (auto& e : got.exchanges) {
    e.server.clear();
    const std::string line = normalise.client_line(e.client_line);
    s.send_raw(line);
    json sent = json::parse(line, nullptr, false);
    if (!sent.is_object() || !sent.contains("id") || !sent.contains("method")) continue;  // no answer due
    for (;;) {
      auto m = s.next_message(30s);
      INFO("client line: " << line << "\nserver messages so far:\n" << rendered(e.server));
      REQUIRE(m);  // no response to a request
      const bool response = m->contains("id") && (*m)["id"] == sent["id"] && !m->contains("method");
      e.server.push_back(normalise.server_message(std::move(*m)));
      if (response) break;
    }
  }
  got.after_close.clear();
  s.process().close_stdin();
  for (;;) {
    auto line = s.process().read_line_within(10s);
    if (line.status == tools::Subprocess::Io::closed) break;
    INFO("after stdin closed, the server neither wrote a line nor exited");
    REQUIRE(line.status == tools::Subprocess::Io::done);
    json m = json::parse(line.text, nullptr, false);
    INFO("not JSON: " << line.text);
    REQUIRE_FALSE(m.is_discarded());
    got.after_close.push_back(normalise.server_message(std::move(m)));
  }
  CHECK(s.process().wait(10s) == std::optional<int>(0));
  return got;
}

// Plays tests/golden/<name> and compares, or rewrites it with UPDATE_GOLDEN=1.
void check_golden(const std::string& name) {
  const fs::path path = fs::path(GOLDEN_DIR) / name;
  const Golden expected = parse_golden(path);
  REQUIRE_FALSE(expected.exchanges.empty());
  const Golden got = play(expected);
  if (std::getenv("UPDATE_GOLDEN") != nullptr) {
    write_golden(path, got);
    return;
  }
  INFO("if the change is intended, run UPDATE_GOLDEN=1 build/tests/e2e_tests \"[golden]\" and review the diff of "
       << path.string());
  for (std::size_t i = 0; i < expected.exchanges.size(); ++i) {
    INFO("after client line " << i + 1 << ": " << expected.exchanges[i].client_line);
    CHECK(rendered(got.exchanges[i].server) == rendered(expected.exchanges[i].server));
  }
  INFO("after the client closed stdin");
  CHECK(rendered(got.after_close) == rendered(expected.after_close));
}

const std::set<std::string> kSessions = {"basics.golden",
                                         "revision_2024_11_05.golden",
                                         "text_to_video_progress.golden",
                                         "task_text_to_video.golden",
                                         "modern_2026_07_28.golden",
                                         "modern_task_text_to_video.golden"};

}  // namespace

TEST_CASE("golden: initialize, ping, resources/list, arguments refused, an unknown method", "[golden]") {
  check_golden("basics.golden");
}

TEST_CASE("golden: a 2024-11-05 client reads get_balance from its content", "[golden]") {
  check_golden("revision_2024_11_05.golden");
}

TEST_CASE("golden: text_to_video with progress notifications until the video is saved", "[golden]") {
  check_golden("text_to_video_progress.golden");
}

TEST_CASE("golden: text_to_video as a task, tasks/get and tasks/result", "[golden]") {
  check_golden("task_text_to_video.golden");
}

TEST_CASE("golden: a 2026-07-28 client without initialize: discover, a call with progress and logs, resources",
          "[golden]") {
  check_golden("modern_2026_07_28.golden");
}

TEST_CASE("golden: text_to_video as a task of the 2026-07-28 tasks extension", "[golden]") {
  check_golden("modern_task_text_to_video.golden");
}

TEST_CASE("golden: every session file in tests/golden is played by a test case above", "[golden]") {
  std::set<std::string> files;
  for (const auto& entry : fs::directory_iterator(GOLDEN_DIR))
    if (entry.path().extension() == ".golden") files.insert(entry.path().filename().string());
  CHECK(files == kSessions);
}
