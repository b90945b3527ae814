#include "http/request_headers.h"

#include <cctype>

namespace http {

std::string media_type(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  type.erase(0, type.find_first_not_of(" \t"));
  type.erase(type.find_last_not_of(" \t") + 1);
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type;
}

std::optional<std::string> framing_problem(const httplib::Request& req) {
  const std::size_t lengths = req.get_header_value_count("Content-Length");
  const std::size_t codings = req.get_header_value_count("Transfer-Encoding");
  if (lengths > 1) return "more than one Content-Length";
  if (lengths == 1) {
    const std::string length = req.get_header_value("Content-Length");
    if (length.empty() || length.find_first_not_of("0123456789") != std::string::npos)
      return "Content-Length must be a number";
  }
  if (codings > 1) return "more than one Transfer-Encoding";
  if (codings == 1) {
    if (media_type(req.get_header_value("Transfer-Encoding")) != "chunked")
      return "the only Transfer-Encoding taken is chunked";
    if (lengths == 1) return "both Transfer-Encoding and Content-Length";
  }
  return std::nullopt;
}

bool has_body(const httplib::Request& req) {
  return req.has_header("Transfer-Encoding") ||
         (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0");
}

Takes takes(const std::string& accept) {
  Takes out;
  bool any = false;
  for (std::size_t start = 0; start < accept.size();) {
    std::size_t end = accept.find(',', start);
    if (end == std::string::npos) end = accept.size();
    const std::string type = media_type(accept.substr(start, end - start));
    start = end + 1;
    if (type.empty()) continue;
    any = true;
    out.json = out.json || type == "application/json" || type == "*/*" || type == "application/*";
    out.sse = out.sse || type == "text/event-stream";
  }
  out.json = out.json || !any;
  return out;
}

std::string printable(std::string text) {
  if (text.size() > 200) text.resize(200);
  for (auto& c : text)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
  return text;
}

}  // namespace http
