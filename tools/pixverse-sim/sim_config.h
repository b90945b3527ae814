#pragma once
// Start-up configuration of the simulator (filled by main.cpp from the command line).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sim {

struct SimConfig {
  std::string host = "127.0.0.1";
  int port = 0;                                   // 0 = ephemeral
  std::string api_key = "sim-test-key";
  std::uint64_t id_start = 9007199254740993ULL;   // 2^53 + 1: wrong if a client goes through double
  int polls = 2;                                  // polls before a job reaches its terminal status
  std::int64_t job_ms = 0;                        // and at least this many ms since creation
  int max_concurrent = 5;                         // running jobs before ErrCode 500044
  std::int64_t credits = 100000;                  // initial credit_monthly
  std::int64_t package_credits = 0;               // initial credit_package
  std::vector<nlohmann::json> faults;             // --fault, already parsed
  bool log_requests = false;
  bool exit_on_stdin_eof = false;
};

}  // namespace sim
