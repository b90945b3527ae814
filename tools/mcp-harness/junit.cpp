#include "mcp-harness/junit.h"

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "mcp-harness/printable.h"

namespace harness {
namespace {

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

// The first line of a failure, short enough for a CI summary; the body keeps all of it.
std::string headline(const std::string& message) {
  std::string first = message.substr(0, message.find('\n'));
  if (first.size() <= 300) return first;
  std::size_t cut = 300;
  while (cut > 0 && (static_cast<unsigned char>(first[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
  return first.substr(0, cut) + "…";
}

}  // namespace

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : printable(text)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string junit_xml(const RunReport& report, const std::string& suite, double seconds) {
  using Status = StepOutcome::Status;
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  const std::string counts = "tests=\"" + std::to_string(report.outcomes.size()) + "\" failures=\"" +
                             std::to_string(report.failures()) + "\" errors=\"0\" skipped=\"" +
                             std::to_string(report.count(Status::skipped)) + "\" time=\"" + seconds_text(seconds) + "\"";
  x += "<testsuites name=\"mcp-harness\" " + counts + ">\n";
  x += "  <testsuite name=\"" + xml_escape(suite) + "\" " + counts + ">\n";
  for (const auto& o : report.outcomes) {
    x += "    <testcase classname=\"" + xml_escape(suite) + "\" name=\"" + xml_escape(o.name) + "\" time=\"" +
         seconds_text(static_cast<double>(o.elapsed.count()) / 1000.0) + "\"";
    if (o.status == Status::passed) {
      x += "/>\n";
      continue;
    }
    x += ">\n";
    if (o.status == Status::failed)
      x += "      <failure message=\"" + xml_escape(headline(o.message)) + "\" type=\"" +
           (o.kind == StepOutcome::Kind::step ? "expectation" : o.kind == StepOutcome::Kind::initialize ? "initialize" : "protocol") +
           "\">" + xml_escape(o.message) + "</failure>\n";
    else
      x += "      <skipped message=\"" + xml_escape(o.message) + "\"/>\n";
    x += "    </testcase>\n";
  }
  x += "  </testsuite>\n</testsuites>\n";
  return x;
}

void write_junit(const std::string& path, const RunReport& report, const std::string& suite, double seconds) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << junit_xml(report, suite, seconds);
  out.close();
  if (!out) throw std::runtime_error("cannot write the JUnit report " + path);
}

}  // namespace harness
