#pragma once
// The PixVerse simulator (build/pixverse-sim) as a child process on an ephemeral port.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/subprocess.h"

namespace harness {

inline constexpr const char* kSimApiKey = "sim-test-key";

class SimProcess {
 public:
  // Starts the simulator with `args` (e.g. {"--polls", "3"}) and waits for its port.
  SimProcess(const std::string& sim_path, std::vector<std::string> args = {});

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Control API (/_sim/…): what the simulator received and did.
  nlohmann::json requests() const;  // GET /_sim/requests
  nlohmann::json jobs() const;      // GET /_sim/jobs
  void add_fault(const nlohmann::json& fault) const;  // POST /_sim/faults
  // Requests received on /openapi paths so far.
  std::size_t api_request_count() const { return requests().size(); }

 private:
  std::unique_ptr<tools::Subprocess> process_;
  int port_ = 0;
};

}  // namespace harness
