#include "mcp-harness/sim_process.h"

#include <httplib.h>

#include <stdexcept>

namespace harness {

SimProcess::SimProcess(const std::string& sim_path, std::vector<std::string> args) {
  tools::Subprocess::Options o;
  o.argv = {sim_path, "--port", "0", "--exit-on-stdin-eof"};
  for (auto& a : args) o.argv.push_back(a);
  o.capture_stderr = true;
  process_ = std::make_unique<tools::Subprocess>(o);
  // The simulator prints exactly one line once it listens: "pixverse-sim listening on http://127.0.0.1:PORT".
  auto line = process_->read_line(std::chrono::seconds(10));
  auto colon = line ? line->rfind(':') : std::string::npos;
  if (!line || colon == std::string::npos)
    throw std::runtime_error("pixverse-sim did not start: " + process_->drain_stderr(std::chrono::milliseconds(200)));
  port_ = std::stoi(line->substr(colon + 1));
}

namespace {
nlohmann::json get_json(int port, const std::string& path) {
  httplib::Client cli("127.0.0.1", port);
  auto res = cli.Get(path);
  if (!res || res->status != 200) throw std::runtime_error("simulator control call failed: " + path);
  return nlohmann::json::parse(res->body);
}
}  // namespace

nlohmann::json SimProcess::requests() const { return get_json(port_, "/_sim/requests"); }
nlohmann::json SimProcess::jobs() const { return get_json(port_, "/_sim/jobs"); }

void SimProcess::add_fault(const nlohmann::json& fault) const {
  httplib::Client cli("127.0.0.1", port_);
  auto res = cli.Post("/_sim/faults", fault.dump(), "application/json");
  if (!res || res->status != 200) throw std::runtime_error("could not set a simulator fault");
}

}  // namespace harness
