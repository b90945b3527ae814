#include "request_observer.h"

#include <algorithm>
#include <cctype>

#include <httplib.h>

namespace sim {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxTextLogged = 2048;
constexpr const char* kRedacted = "[REDACTED]";

bool iequals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

bool contains_key(const std::string& s, const std::string& key) { return s.find(key) != std::string::npos; }

std::string redact(std::string s, const std::string& key) {
  for (auto pos = s.find(key); pos != std::string::npos; pos = s.find(key, pos + 10)) s.replace(pos, key.size(), kRedacted);
  return s;
}

// Redacts every string (keys included) of a JSON value; true if anything was redacted.
bool redact_json(json& j, const std::string& key) {
  bool hit = false;
  if (j.is_string()) {
    auto s = j.get<std::string>();
    if (contains_key(s, key)) {
      j = redact(s, key);
      hit = true;
    }
  } else if (j.is_array()) {
    for (auto& e : j) hit = redact_json(e, key) || hit;
  } else if (j.is_object()) {
    json out = json::object();
    for (auto& [k, v] : j.items()) {
      json value = v;
      hit = redact_json(value, key) || hit;
      hit = hit || contains_key(k, key);
      out[redact(k, key)] = std::move(value);
    }
    j = std::move(out);
  }
  return hit;
}

}  // namespace

std::string media_type(const std::string& content_type) {
  std::string mt = content_type.substr(0, content_type.find(';'));
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  mt.erase(mt.begin(), std::find_if(mt.begin(), mt.end(), not_space));
  mt.erase(std::find_if(mt.rbegin(), mt.rend(), not_space).base(), mt.end());
  std::transform(mt.begin(), mt.end(), mt.begin(), [](unsigned char c) { return std::tolower(c); });
  return mt;
}

RequestRecord observe_request(const httplib::Request& req, const std::string& api_key) {
  RequestRecord rec;
  rec.method = req.method;
  rec.client_port = req.remote_port;
  rec.path = req.path;
  auto q = req.target.find('?');
  std::string query = q == std::string::npos ? std::string() : req.target.substr(q + 1);
  if (contains_key(query, api_key)) rec.key_leaks.emplace_back("query");
  rec.query = redact(query, api_key);
  rec.content_type = req.get_header_value("Content-Type");
  if (req.has_header("Ai-trace-id")) {
    auto trace = req.get_header_value("Ai-trace-id");
    rec.trace_id = redact(trace, api_key);
  }
  for (const auto& [name, value] : req.headers) {
    if (iequals(name, "API-KEY")) continue;
    if (contains_key(value, api_key)) rec.key_leaks.push_back("header " + name);
  }
  if (req.is_multipart_form_data()) {
    for (const auto& [name, part] : req.files) {
      json entry = {{"name", name}, {"filename", part.filename}, {"content_type", part.content_type},
                    {"size", part.content.size()}};
      if (part.filename.empty()) {  // a text field: keep its value (e.g. image_url)
        if (contains_key(part.content, api_key)) rec.key_leaks.push_back("multipart field " + name);
        entry["value"] = redact(part.content.substr(0, kMaxTextLogged), api_key);
      }
      rec.multipart.push_back(std::move(entry));
    }
  } else if (!req.body.empty()) {
    json body = json::parse(req.body, nullptr, false);
    if (!body.is_discarded()) {
      if (redact_json(body, api_key)) rec.key_leaks.emplace_back("body");
      rec.body = std::move(body);
    } else {
      if (contains_key(req.body, api_key)) rec.key_leaks.emplace_back("body");
      rec.body_text = redact(req.body.substr(0, kMaxTextLogged), api_key);
    }
  }
  return rec;
}

}  // namespace sim
