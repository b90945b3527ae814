#include "faults.h"

#include <stdexcept>

namespace sim {
namespace {

using nlohmann::json;

struct KindName {
  FaultKind kind;
  std::string_view name;
};
constexpr KindName kKinds[] = {{FaultKind::Delay, "delay"},
                               {FaultKind::Http500, "http_500"},
                               {FaultKind::Drop, "drop"},
                               {FaultKind::Malformed, "malformed"},
                               {FaultKind::ErrCode, "errcode"},
                               {FaultKind::Refuse, "refuse"},
                               {FaultKind::Http429, "http_429"},
                               {FaultKind::Strings, "strings"},
                               {FaultKind::Resp, "resp"}};
constexpr const char* kKindList = "delay|http_500|drop|malformed|errcode|refuse|http_429|strings|resp";

[[noreturn]] void fail(const std::string& msg) { throw std::invalid_argument("fault: " + msg); }

std::int64_t get_int(const json& j, const char* key, std::int64_t min) {
  const json& v = j.at(key);
  if (!v.is_number_integer()) fail(std::string(key) + " must be an integer");
  if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
    fail(std::string(key) + " is too large");
  auto n = v.get<std::int64_t>();
  if (n < min) fail(std::string(key) + " must be >= " + std::to_string(min));
  return n;
}

// What PixVerse says with each refusal (a refuse fault without err_msg).
std::string refusal_message(std::int64_t code) {
  switch (code) {
    case 500044: return "Reached the limit for concurrent generations.";
    case 500069: return "The system is busy, please try again later.";
    case 500100: return "Internal error, please try again later.";
    default: return "simulated refusal";
  }
}

}  // namespace

std::string_view fault_kind_name(FaultKind k) {
  for (const auto& kn : kKinds)
    if (kn.kind == k) return kn.name;
  return "?";
}

json Fault::to_json() const {
  json j = {{"path", path}, {"kind", std::string(fault_kind_name(kind))}};
  j["times"] = times ? json(*times) : json(nullptr);
  if (kind == FaultKind::Delay) j["delay_ms"] = delay_ms;
  if (kind == FaultKind::ErrCode || kind == FaultKind::Refuse) {
    j["err_code"] = err_code;
    j["err_msg"] = err_msg;
  }
  if (retry_after_s) j["retry_after_s"] = *retry_after_s;
  if (after_processing) j["after_processing"] = true;
  if (kind == FaultKind::Resp) j["resp"] = resp;
  if (kind == FaultKind::ErrCode && http_status != 200) j["http_status"] = http_status;
  return j;
}

Fault parse_fault(const json& j) {
  if (!j.is_object()) fail("must be a JSON object");
  static const char* const known[] = {"path",    "kind",    "times",           "delay_ms",
                                      "err_code", "err_msg", "after_processing", "retry_after_s", "resp",
                                      "http_status"};
  for (const auto& [key, value] : j.items()) {
    bool ok = false;
    for (const char* k : known) ok = ok || key == k;
    if (!ok) fail("unknown key '" + key + "'");
  }
  Fault f;
  if (j.contains("path")) {
    if (!j["path"].is_string()) fail("path must be a string");
    f.path = j["path"].get<std::string>();
    if (!f.path.empty() && f.path.rfind("/openapi/", 0) != 0)
      fail("path must be empty or start with /openapi/ (got '" + f.path + "')");
  }
  if (!j.contains("kind") || !j["kind"].is_string()) fail(std::string("kind is required (") + kKindList + ")");
  auto kind = j["kind"].get<std::string>();
  bool found = false;
  for (const auto& kn : kKinds)
    if (kn.name == kind) {
      f.kind = kn.kind;
      found = true;
    }
  if (!found) fail("unknown kind '" + kind + "' (" + kKindList + ")");
  if (j.contains("times")) f.times = get_int(j, "times", 1);
  if (j.contains("delay_ms")) {
    if (f.kind != FaultKind::Delay) fail("delay_ms only applies to kind delay");
    f.delay_ms = get_int(j, "delay_ms", 0);
  } else if (f.kind == FaultKind::Delay) {
    fail("kind delay needs delay_ms");
  }
  const bool has_code = f.kind == FaultKind::ErrCode || f.kind == FaultKind::Refuse;
  if (j.contains("err_code") || j.contains("err_msg")) {
    if (!has_code) fail("err_code/err_msg only apply to kinds errcode and refuse");
  }
  if (j.contains("retry_after_s")) {
    if (f.kind != FaultKind::Http429) fail("retry_after_s only applies to kind http_429");
    f.retry_after_s = get_int(j, "retry_after_s", 0);
  }
  if (has_code) {
    if (!j.contains("err_code")) fail("kind " + kind + " needs err_code");
    f.err_code = get_int(j, "err_code", 1);
    f.err_msg = f.kind == FaultKind::Refuse ? refusal_message(f.err_code) : "simulated error";
    if (j.contains("err_msg")) {
      if (!j["err_msg"].is_string()) fail("err_msg must be a string");
      f.err_msg = j["err_msg"].get<std::string>();
    }
  }
  if (j.contains("http_status")) {
    if (f.kind != FaultKind::ErrCode) fail("http_status only applies to kind errcode");
    f.http_status = static_cast<int>(get_int(j, "http_status", 200));
    if (f.http_status > 599) fail("http_status must be 200 to 599");
  }
  if (j.contains("resp") != (f.kind == FaultKind::Resp)) fail("kind resp needs resp, and only it takes resp");
  if (f.kind == FaultKind::Resp) f.resp = j["resp"];
  if (j.contains("after_processing")) {
    if (!j["after_processing"].is_boolean()) fail("after_processing must be a boolean");
    f.after_processing = j["after_processing"].get<bool>();
    if (f.after_processing && f.kind != FaultKind::Http500 && f.kind != FaultKind::Drop &&
        f.kind != FaultKind::Malformed)
      fail("after_processing only applies to kinds http_500, drop and malformed");
  }
  return f;
}

std::vector<Fault> parse_faults(const json& j) {
  std::vector<Fault> out;
  if (j.is_array()) {
    for (const auto& item : j) out.push_back(parse_fault(item));
  } else {
    out.push_back(parse_fault(j));
  }
  return out;
}

void FaultSet::add(Fault f) {
  std::lock_guard lock(mu_);
  faults_.push_back(std::move(f));
}

void FaultSet::clear() {
  std::lock_guard lock(mu_);
  faults_.clear();
}

json FaultSet::to_json() const {
  std::lock_guard lock(mu_);
  json arr = json::array();
  for (const auto& f : faults_) arr.push_back(f.to_json());
  return arr;
}

std::optional<Fault> FaultSet::take(const std::string& path) {
  std::lock_guard lock(mu_);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (path.rfind(it->path, 0) != 0) continue;
    Fault hit = *it;
    if (it->times && --*it->times <= 0) faults_.erase(it);
    return hit;
  }
  return std::nullopt;
}

}  // namespace sim
