#include "mcp-harness/runner.h"

#include <algorithm>
#include <optional>
#include <thread>

#include "mcp-harness/expectations.h"
#include "mcp-harness/protocol.h"

namespace harness {
namespace {

using Status = StepOutcome::Status;
using Kind = StepOutcome::Kind;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// How long the end of a run waits for the server to end once its stdin is closed.
constexpr milliseconds kFinishWait{2000};

milliseconds since(Clock::time_point t0) { return std::chrono::duration_cast<milliseconds>(Clock::now() - t0); }

milliseconds time_left(Clock::time_point deadline) {
  return std::max(milliseconds(0), std::chrono::ceil<milliseconds>(deadline - Clock::now()));
}

std::string ms(milliseconds m) { return std::to_string(m.count()) + " ms"; }

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
    if (std::string problem = exchange("initialize", params, options_.timeout, response); !problem.empty()) return problem;
    if (!response.contains("result")) return "expected a result, got " + summarize_response(response, false);
    const json& r = response["result"];
    if (std::string problem = initialize_problem(r, options_.protocol_version); !problem.empty())
      return "protocol violation: " + problem;
    const std::string version = r["protocolVersion"].get<std::string>();
    session_.set_protocol_version(version);
    std::string caps;
    for (const auto& [k, v] : r["capabilities"].items()) caps += (caps.empty() ? "" : ", ") + k;
    out_.line("  ← " + r["serverInfo"]["name"].get<std::string>() + " " + r["serverInfo"]["version"].get<std::string>() +
              ", protocol " + version + ", capabilities: " + (caps.empty() ? "none" : caps));
    return send_notification("notifications/initialized", json());
  }

  StepOutcome run(const Step& step) {
    StepOutcome o{Status::passed, step.title() + (step.say.empty() ? "" : " — " + step.say), "", milliseconds(0)};
    const auto t0 = Clock::now();
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
      if (std::string problem = send_notification(step.target, payload); !problem.empty()) return fail(o, {problem}, t0);
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
      const auto sent = Clock::now();
      if (std::string problem = exchange(method, params, timeout, response); !problem.empty()) {
        failures = {problem};
      } else {
        out_.response(response, tool, attempt, step.max_attempts);
        failures = failed_expectations(expect, response, since(sent), tool);
        if (method == "initialize") {
          if (std::string problem = check_own_initialize(payload, response); !problem.empty()) failures.insert(failures.begin(), problem);
        }
      }
      // Asking again cannot help a server that has gone, or that broke the protocol.
      if (failures.empty() || !gone_.empty() || violated_) break;
      if (attempt < step.max_attempts) {
        out_.note("not yet: " + failures.front() + "; trying again" +
                  (step.retry_delay.count() > 0 ? " in " + ms(step.retry_delay) : ""));
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

  // What the server wrote while no step waited for an answer: read now, and reported as a
  // "protocol" entry named `name` if it broke the protocol.
  void between_steps(RunReport& report, const std::string& name) {
    if (gone_.empty()) outside_steps(report, name, session_.read_pending());
  }

  // The end of the run: the server's stdin is closed and what it still writes is read.
  void finish(RunReport& report, const std::string& name) {
    if (gone_.empty()) outside_steps(report, name, session_.close_and_drain(std::min(options_.timeout, kFinishWait)));
  }

 private:
  // Sends one request and waits for its answer into `response`, both within `timeout`; a
  // failure message, or empty. Sets violated_ when the server broke the protocol.
  std::string exchange(const std::string& method, const json& params, milliseconds timeout, json& response) {
    violated_ = false;
    const auto deadline = Clock::now() + timeout;
    json id;
    try {
      id = session_.send_request(method, params, std::nullopt, timeout);
    } catch (const SendTimeout&) {
      return "could not send the request within " + ms(timeout) + " (the server is not reading its input)";
    } catch (const ServerClosed&) {
      return server_gone("the server closed its input");
    }
    try {
      response = session_.await_response(id, time_left(deadline));
      return "";
    } catch (const AnswerTimeout&) {
      return "no answer within " + ms(timeout);
    } catch (const ServerClosed&) {
      return server_gone("the server closed its output");
    } catch (const SendTimeout&) {
      return "could not answer the server's request within " + ms(timeout) + " (the server is not reading its input)";
    } catch (const ProtocolViolation& e) {
      violated_ = true;
      return e.what();
    }
  }

  std::string send_notification(const std::string& method, const json& params) {
    try {
      session_.notify(method, params, options_.timeout);
      return "";
    } catch (const SendTimeout&) {
      return "could not send " + method + " within " + ms(options_.timeout) + " (the server is not reading its input)";
    } catch (const ServerClosed&) {
      return server_gone("the server closed its input");
    }
  }

  // A script's own initialize is held to the lifecycle too; its answer's version is the
  // session's from then on.
  std::string check_own_initialize(const json& params, const json& response) {
    if (!response.contains("result")) return "";  // refusing is the server's right
    const json& r = response["result"];
    const bool asked = params.is_object() && params.contains("protocolVersion") && params["protocolVersion"].is_string();
    if (std::string problem = initialize_problem(r, asked ? params["protocolVersion"].get<std::string>() : ""); !problem.empty()) {
      violated_ = true;
      return "protocol violation: " + problem;
    }
    session_.set_protocol_version(r["protocolVersion"].get<std::string>());
    return "";
  }

  void outside_steps(RunReport& report, const std::string& name, const std::vector<std::string>& violations) {
    if (violations.empty()) return;
    StepOutcome o{Status::failed, name, "", milliseconds(0), Kind::protocol};
    for (const auto& v : violations) o.message += (o.message.empty() ? "" : "\n") + v;
    out_.outside_failure(name, violations);
    report.outcomes.push_back(o);
  }

  // The pipe to or from the server broke: it has exited (or will not talk any more), so the
  // steps after this one are not run.
  std::string server_gone(const std::string& otherwise) {
    auto status = session_.process().wait(milliseconds(1000));
    gone_ = status ? "the server exited (status " + std::to_string(*status) + ")" : otherwise;
    return gone_ + " before answering";
  }

  StepOutcome fail(StepOutcome o, const std::vector<std::string>& failures, Clock::time_point t0) {
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
  std::string gone_;        // set once the server has exited: why later steps do not run
  bool violated_ = false;   // the last exchange ended in a protocol violation
};

}  // namespace

int RunReport::count(Status status) const {
  int n = 0;
  for (const auto& o : outcomes) n += o.kind == Kind::step && o.status == status ? 1 : 0;
  return n;
}

int RunReport::failures() const {
  int n = 0;
  for (const auto& o : outcomes) n += o.status == Status::failed ? 1 : 0;
  return n;
}

bool RunReport::ok() const {
  const int steps = count(Status::passed) + count(Status::failed) + count(Status::skipped);
  return steps > 0 && failures() == 0 && count(Status::skipped) == 0;
}

std::string RunReport::summary() const {
  int steps = 0, violations = 0;
  bool initialize_failed = false;
  for (const auto& o : outcomes) {
    if (o.kind == Kind::step) ++steps;
    if (o.kind == Kind::initialize && o.status == Status::failed) initialize_failed = true;
    if (o.kind == Kind::protocol) violations += 1 + static_cast<int>(std::count(o.message.begin(), o.message.end(), '\n'));
  }
  std::string s = std::to_string(steps) + (steps == 1 ? " step: " : " steps: ") + std::to_string(count(Status::passed)) +
                  " passed, " + std::to_string(count(Status::failed)) + " failed, " +
                  std::to_string(count(Status::skipped)) + " skipped";
  if (initialize_failed) s += "; initialize failed";
  if (violations > 0)
    s += "; " + std::to_string(violations) + " protocol violation" + (violations == 1 ? "" : "s") + " outside the steps";
  return s;
}

RunReport play(McpSession& session, const Script& script, const PlayOptions& options, Transcript& transcript) {
  session.answer_server_requests(true);
  session.strict(true);
  Player player(session, script, options, transcript);
  RunReport report;
  if (!script.description.empty()) transcript.line(script.description);
  if (options.handshake && !script.starts_with_initialize()) {
    const auto t0 = Clock::now();
    if (std::string problem = player.handshake(); !problem.empty()) {
      transcript.failure("initialize: " + problem);
      report.outcomes.push_back({Status::failed, "initialize", problem, since(t0), Kind::initialize});
      for (const auto& step : script.steps)
        report.outcomes.push_back({Status::skipped, step.title(), "not run: initialize failed", milliseconds(0)});
      return report;
    }
  }
  for (const auto& step : script.steps) {
    const std::string n = std::to_string(step.number);
    player.between_steps(report, step.number == 1 ? "protocol, before step 1"
                                                  : "protocol, between steps " + std::to_string(step.number - 1) + " and " + n);
    report.outcomes.push_back(player.run(step));
  }
  if (options.finish) player.finish(report, "protocol, after step " + std::to_string(script.steps.size()));
  return report;
}

bool run_script(McpSession& session, const std::string& script_path, std::ostream& out) {
  Script script = load_script(script_path);
  Transcript transcript(out, false);
  PlayOptions options;
  options.handshake = false;
  options.finish = false;  // the caller goes on using the session
  RunReport report = play(session, script, options, transcript);
  out << "\n" << report.summary() << "\n";
  return report.ok();
}

}  // namespace harness
