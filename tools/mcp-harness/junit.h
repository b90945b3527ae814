#pragma once
// A run as JUnit XML, the report format CI systems (GitLab, Jenkins, GitHub test reporters)
// read: one <testsuite> named after the script, one <testcase> per step, a <failure> with the
// failed expectations, <skipped> for a step that did not run. A failed handshake and protocol
// violations between steps are testcases of their own ("initialize", "protocol, after step 3").
#include <string>

#include "mcp-harness/runner.h"

namespace harness {

// `text` escaped for XML text and attribute values (& < > " '), after printable()
// (printable.h): controls other than tab and newline, which XML 1.0 cannot hold or a terminal
// would act on, and bytes that are not UTF-8, are written as \u001b and \xff.
std::string xml_escape(const std::string& text);

// The report as a JUnit XML document. `suite` names the testsuite (the script's file name);
// `seconds` is the run's duration.
std::string junit_xml(const RunReport& report, const std::string& suite, double seconds);

// Writes junit_xml() to `path`. Throws std::runtime_error naming the path if it cannot.
void write_junit(const std::string& path, const RunReport& report, const std::string& suite, double seconds);

}  // namespace harness
