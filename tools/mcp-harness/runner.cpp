#include "mcp-harness/runner.h"

#include <optional>
#include <thread>

#include "mcp-harness/expectations.h"

namespace harness {
namespace {

using Status = StepOutcome::Status;
using std::chrono::milliseconds;

milliseconds since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - t0);
}

// A string as it is, anything else as JSON (the show lines, the protocol version).
std::string plain(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

class Player {
 public:
  Player(McpSession& session, const Script& script, const PlayOptions& options, Transcript& transcript)
      : session_(session), options_(options), out_(transcript), saved_(initial_variables(script)) {}

  // The harness's own initialize + notifications/initialized; a failure message, or empty.
  std::string handshake() {
    json params{{"protocolVersion", options_.protocol_version},
                {"capabilities", json::object()},
                {"clientInfo", {{"name", "mcp-harness"}, {"version", "1.0"}}}};
    out_.line("  → initialize (protocol " + options_.protocol_version + ")");
    json response;
    std::string problem = exchange("initialize", params, options_.timeout, response);
    if (problem.empty() && !response.contains("result")) problem = summarize_response(response, false);
    if (!problem.empty()) return problem;
    const json& r = response["result"];
    std::string who = r.contains("serverInfo") && r["serverInfo"].is_object()
                          ? r["serverInfo"].value("name", std::string("?")) + " " + r["serverInfo"].value("version", std::string())
                          : std::string("(no serverInfo)");
    std::string caps;
    if (r.contains("capabilities") && r["capabilities"].is_object())
      for (const auto& [k, v] : r["capabilities"].items()) caps += (caps.empty() ? "" : ", ") + k;
    out_.line("  ← " + who + ", protocol " + (r.contains("protocolVersion") ? plain(r["protocolVersion"]) : "?") +
              ", capabilities: " + (caps.empty() ? "none" : caps));
    try {
      session_.notify("notifications/initialized", json());
    } catch (const std::exception& e) {
      return e.what();
    }
    return "";
  }

  StepOutcome run(const Step& step) {
    StepOutcome o{Status::passed, step.title() + (step.say.empty() ? "" : " — " + step.say), "", milliseconds(0)};
    const auto t0 = std::chrono::steady_clock::now();
    if (!gone_.empty()) return skip(o, "not run: " + gone_);
    out_.begin_step(step);
    json payload, expect;
    try {
      payload = substitute(step.payload, saved_);
      expect = substitute(step.expect, saved_);
    } catch (const UnknownName& e) {
      return skip(o, "not run: it uses ${" + e.name() + "…}, which an earlier step that did not pass would have saved");
    } catch (const std::exception& e) {
      return fail(o, {e.what()}, t0);
    }
    out_.request(step, payload);
    if (step.kind == StepKind::notify) {
      try {
        session_.notify(step.target, payload);
      } catch (const std::exception& e) {
        return fail(o, {server_gone(std::string("the server closed its input: ") + e.what())}, t0);
      }
      o.elapsed = since(t0);
      return o;
    }
    const bool tool = step.kind == StepKind::tool;
    const std::string method = tool ? "tools/call" : step.target;
    const json params = tool ? json{{"name", step.target}, {"arguments", payload}} : payload;
    const milliseconds timeout = step.timeout.count() > 0 ? step.timeout : options_.timeout;
    std::vector<std::string> failures;
    json response;
    for (int attempt = 1; attempt <= step.max_attempts; ++attempt) {
      const auto sent = std::chrono::steady_clock::now();
      std::string problem = exchange(method, params, timeout, response);
      if (!problem.empty()) {
        failures = {problem};
        if (!gone_.empty()) break;  // no point asking a server that has exited
      } else {
        out_.response(response, tool, attempt, step.max_attempts);
        failures = failed_expectations(expect, response, since(sent), tool);
      }
      if (failures.empty()) break;
      if (attempt < step.max_attempts) {
        out_.note("not yet: " + failures.front() + "; trying again" +
                  (step.retry_delay.count() > 0 ? " in " + std::to_string(step.retry_delay.count()) + " ms" : ""));
        // The script asked for this pause between polls; nothing here waits for a condition.
        std::this_thread::sleep_for(step.retry_delay);
      }
    }
    if (!failures.empty()) return fail(o, failures, t0);
    if (!step.save_as.empty()) saved_[step.save_as] = response.contains("result") ? response["result"] : response["error"];
    for (const auto& line : step.show) {
      try {
        out_.shown(plain(substitute(json(line), saved_)));
      } catch (const std::exception& e) {
        out_.shown("(cannot show: " + std::string(e.what()) + ")");
      }
    }
    o.elapsed = since(t0);
    return o;
  }

  const std::string& gone() const { return gone_; }

 private:
  // Sends one request and waits for its answer into `response`; a failure message, or empty.
  std::string exchange(const std::string& method, const json& params, milliseconds timeout, json& response) {
    const auto sent = std::chrono::steady_clock::now();
    try {
      response = session_.await_response(session_.send_request(method, params), timeout);
      return "";
    } catch (const std::exception& e) {
      const std::string what = e.what();
      const bool lost = what.rfind("no response", 0) == 0 || what.find("stdin is closed") != std::string::npos;
      if (!lost) return what;  // e.g. the server wrote a line that is not JSON
      // The session's reads round their deadline down to the millisecond: within 1 ms of the
      // timeout is the timeout; earlier, the output ended.
      if (std::chrono::steady_clock::now() - sent >= timeout - milliseconds(1))
        return "no answer within " + std::to_string(timeout.count()) + " ms";
      return server_gone("the server closed its output");
    }
  }

  // The pipe to or from the server broke: it has exited (or will not talk any more), so the
  // steps after this one are not run.
  std::string server_gone(const std::string& otherwise) {
    auto status = session_.process().wait(milliseconds(1000));
    gone_ = status ? "the server exited (status " + std::to_string(*status) + ")" : otherwise;
    return gone_ + " before answering";
  }

  StepOutcome fail(StepOutcome o, const std::vector<std::string>& failures, std::chrono::steady_clock::time_point t0) {
    o.status = Status::failed;
    for (const auto& f : failures) {
      out_.failure(f);
      o.message += (o.message.empty() ? "" : "\n") + f;
    }
    o.elapsed = since(t0);
    return o;
  }

  StepOutcome skip(StepOutcome o, const std::string& why) {
    o.status = Status::skipped;
    o.message = why;
    out_.note(o.name + ": " + why);
    return o;
  }

  McpSession& session_;
  const PlayOptions& options_;
  Transcript& out_;
  json saved_;
  std::string gone_;  // set once the server has exited: why later steps do not run
};

}  // namespace

int RunReport::count(Status status) const {
  int n = 0;
  for (const auto& o : outcomes) n += o.status == status ? 1 : 0;
  return n;
}

bool RunReport::ok() const { return !outcomes.empty() && count(Status::failed) == 0 && count(Status::skipped) == 0; }

std::string RunReport::summary() const {
  return std::to_string(outcomes.size()) + " steps: " + std::to_string(count(Status::passed)) + " passed, " +
         std::to_string(count(Status::failed)) + " failed, " + std::to_string(count(Status::skipped)) + " skipped";
}

RunReport play(McpSession& session, const Script& script, const PlayOptions& options, Transcript& transcript) {
  session.answer_server_requests(true);
  Player player(session, script, options, transcript);
  RunReport report;
  if (!script.description.empty()) transcript.line(script.description);
  if (options.handshake && !script.starts_with_initialize()) {
    const auto t0 = std::chrono::steady_clock::now();
    if (std::string problem = player.handshake(); !problem.empty()) {
      transcript.failure("initialize: " + problem);
      report.outcomes.push_back({Status::failed, "0. initialize", problem, since(t0)});
      for (const auto& step : script.steps)
        report.outcomes.push_back({Status::skipped, step.title(), "not run: initialize failed", milliseconds(0)});
      return report;
    }
  }
  for (const auto& step : script.steps) report.outcomes.push_back(player.run(step));
  return report;
}

bool run_script(McpSession& session, const std::string& script_path, std::ostream& out) {
  Script script = load_script(script_path);
  Transcript transcript(out, false);
  PlayOptions options;
  options.handshake = false;
  RunReport report = play(session, script, options, transcript);
  out << "\n" << report.summary() << "\n";
  return report.ok();
}

}  // namespace harness
