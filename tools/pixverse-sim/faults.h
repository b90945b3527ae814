#pragma once
// Injected faults: set at start (--fault JSON) or at run time (POST /_sim/faults), consumed by
// /openapi requests whose path starts with the fault's `path`.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sim {

enum class FaultKind { Delay, Http500, Drop, Malformed, ErrCode, Refuse, Http429, Strings, Resp };

// Refusals (refuse, http_429) answer in place of the endpoint after the key and trace-id checks,
// and are remembered under the trace id like any processed answer: a replay of that trace id
// gets the refusal again, as PixVerse answers a repeated trace id with its cached first answer.
constexpr bool is_refusal(FaultKind k) { return k == FaultKind::Refuse || k == FaultKind::Http429; }

struct Fault {
  std::string path;                   // prefix of the request path; "" = every /openapi path
  FaultKind kind = FaultKind::Delay;
  std::optional<std::int64_t> times;  // remaining uses; nullopt = forever
  std::int64_t delay_ms = 0;          // delay
  std::int64_t err_code = 0;          // errcode, refuse
  std::string err_msg;                // errcode, refuse
  int http_status = 200;              // errcode: the HTTP status its envelope comes with (e.g. 500)
  std::optional<std::int64_t> retry_after_s;  // http_429: the Retry-After header (absent = none)
  bool after_processing = false;      // http_500 / drop / malformed: process, then lose the answer
  nlohmann::json resp;                // resp: the Resp of a success envelope, whatever its shape

  nlohmann::json to_json() const;
};

std::string_view fault_kind_name(FaultKind k);

// Parses one fault object strictly (unknown keys, wrong types and impossible combinations are
// errors). Throws std::invalid_argument with a readable message.
Fault parse_fault(const nlohmann::json& j);
// An object or an array of objects.
std::vector<Fault> parse_faults(const nlohmann::json& j);

class FaultSet {
 public:
  void add(Fault f);
  void clear();
  nlohmann::json to_json() const;
  // The first fault matching `path`; counts one use down (and removes it when used up).
  std::optional<Fault> take(const std::string& path);

 private:
  mutable std::mutex mu_;
  std::vector<Fault> faults_;
};

}  // namespace sim
