// The retry policy (src/pixverse/answer_policy.h) and the README table that documents it: the
// table must show exactly the code's rows, the numbers in its sentences must be the client's
// defaults, and each row must be the one the classifier picks for the answers it names.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <sstream>
#include <vector>

#include "pixverse/answer_policy.h"
#include "pixverse/api_error.h"
#include "pixverse/client.h"

using namespace pixverse;

namespace {

std::string readme_section(const std::string& heading) {
  std::ifstream in(README_PATH);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  const auto start = readme.find("\n## " + heading + "\n");
  REQUIRE(start != std::string::npos);
  const auto end = readme.find("\n## ", start + 1);
  return readme.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The rows of the first Markdown table in `section` under the header `header_line`.
std::vector<std::vector<std::string>> table_rows(const std::string& section, const std::string& header_line) {
  const auto at = section.find("\n" + header_line + "\n|---|---|---|\n");
  REQUIRE(at != std::string::npos);
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(section.substr(at + header_line.size() + 16));  // "\n" header "\n|---|---|---|\n"
  std::string line;
  while (std::getline(lines, line) && line.rfind("| ", 0) == 0) {
    REQUIRE(line.size() > 4);
    REQUIRE(line.substr(line.size() - 2) == " |");
    std::vector<std::string> cells;
    const std::string inner = line.substr(2, line.size() - 4);
    std::size_t from = 0;
    for (std::size_t bar; (bar = inner.find(" | ", from)) != std::string::npos; from = bar + 3)
      cells.push_back(inner.substr(from, bar - from));
    cells.push_back(inner.substr(from));
    rows.push_back(std::move(cells));
  }
  return rows;
}

// "0.4 s", "2 s": a duration as the README's sentences write it.
std::string seconds_text(std::chrono::milliseconds ms) {
  if (ms.count() % 1000 == 0) return std::to_string(ms.count() / 1000) + " s";
  std::ostringstream out;
  out << static_cast<double>(ms.count()) / 1000.0 << " s";
  return out.str();
}

struct Example {
  int http_status;
  std::optional<std::int64_t> err_code;
};

}  // namespace

TEST_CASE("the README's answer table is the policy table, row for row", "[readme][docs][policy]") {
  const auto rows = table_rows(readme_section("Answers, retries and trace ids"),
                               "| answer | what the server does | what the user sees |");
  const auto rules = answer_rules();
  REQUIRE(rows.size() == rules.size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    INFO("row " << i + 1 << " (" << to_string(rules[i].answer) << ")");
    REQUIRE(rows[i].size() == 3);
    CHECK(rows[i][0] == rules[i].answer_text);
    CHECK(rows[i][1] == rules[i].server_does);
    CHECK(rows[i][2] == rules[i].user_sees);
  }
}

TEST_CASE("the numbers the policy table states are the client's own", "[docs][policy]") {
  const ClientConfig defaults;
  const std::string attempts = std::to_string(defaults.max_attempts) + " attempts in all";
  const auto& lost = rule_for(Answer::lost);
  const auto& refused = rule_for(Answer::refused);
  CHECK_THAT(std::string(lost.server_does), Catch::Contains(attempts));
  CHECK_THAT(std::string(refused.server_does), Catch::Contains(attempts));
  CHECK_THAT(std::string(lost.server_does),
             Catch::Contains("after " + seconds_text(defaults.retry_backoff) + ", then " +
                             seconds_text(defaults.retry_backoff * 2)));
  CHECK_THAT(std::string(refused.server_does),
             Catch::Contains("(" + seconds_text(defaults.refusal_backoff) + ", then " +
                             seconds_text(defaults.refusal_backoff * 2)));
  CHECK_THAT(std::string(refused.server_does),
             Catch::Contains("at most " + seconds_text(std::chrono::milliseconds(kMaxRetryAfter))));
  CHECK_THAT(std::string(refused.server_does),
             Catch::Contains("later than " + seconds_text(defaults.retry_window) + " after the first attempt"));
  CHECK_THAT(std::string(lost.server_does),
             Catch::Contains("waits up to " + seconds_text(defaults.submit_timeout) + " for each answer, an upload " +
                             seconds_text(defaults.read_timeout)));
  for (std::int64_t code : kRefusalCodes) CHECK_THAT(std::string(refused.answer_text), Catch::Contains(std::to_string(code)));
}

TEST_CASE("each policy row is what the classifier picks for the answers it names", "[policy]") {
  const std::vector<std::pair<Answer, std::vector<Example>>> examples = {
      {Answer::success, {{200, 0}, {500, 0}}},
      {Answer::lost, {{0, std::nullopt}, {500, std::nullopt}, {502, std::nullopt}, {504, std::nullopt},
                      {200, std::nullopt}, {408, std::nullopt}}},
      {Answer::refused, {{200, 500044}, {200, 500069}, {200, 500100}, {429, std::nullopt}, {429, 500044},
                         {429, 400017}}},
      {Answer::final, {{200, 10005}, {200, 400017}, {200, 500090}, {200, 500063}, {500, 500052},
                       {400, std::nullopt}, {401, std::nullopt}, {403, std::nullopt}, {404, std::nullopt},
                       {405, std::nullopt}, {302, std::nullopt}, {409, std::nullopt}, {413, std::nullopt}}},
  };
  for (const auto& [answer, cases] : examples)
    for (const auto& c : cases) {
      INFO("HTTP " << c.http_status << ", ErrCode " << (c.err_code ? std::to_string(*c.err_code) : "none"));
      CHECK(classify_answer(c.http_status, c.err_code) == answer);
    }
}

TEST_CASE("the policy: replay a lost answer, resubmit a refusal, never retry a final answer", "[policy]") {
  const auto& lost = rule_for(Answer::lost);
  CHECK(lost.retry);
  CHECK(lost.same_trace_id);  // the replay PixVerse answers with the job it created
  CHECK(lost.job_may_exist);
  const auto& refused = rule_for(Answer::refused);
  CHECK(refused.retry);
  CHECK_FALSE(refused.same_trace_id);  // the same trace id would fetch the cached refusal
  CHECK_FALSE(refused.job_may_exist);  // so the user is never sent to recover_job_id
  CHECK_FALSE(rule_for(Answer::final).retry);
  CHECK_FALSE(rule_for(Answer::final).job_may_exist);
  CHECK_FALSE(rule_for(Answer::success).retry);
  for (const auto& rule : answer_rules()) {
    INFO(to_string(rule.answer));
    CHECK(&rule_for(rule.answer) == &rule);  // one row per answer
    // Only a row that may leave a job behind sends the user to recover it.
    CHECK((std::string(rule.user_sees).find("recover_job_id") != std::string::npos) == rule.job_may_exist);
  }
}

TEST_CASE("ApiError carries the answer class, a refusal's message says how long PixVerse asked to wait",
          "[policy]") {
  CHECK(classify_error(500069, 200, "busy").answer == Answer::refused);
  CHECK(classify_error(500044, 200, "limit").answer == Answer::refused);
  CHECK(classify_error(500090, 200, "no credits").answer == Answer::final);
  CHECK_FALSE(classify_error(500100, 200, "").answer_lost());
  ApiError e = classify_error(500044, 429, "limit");
  e.retry_after_s = 12;
  CHECK_THAT(e.message(), Catch::Contains("PixVerse asked to wait 12 s"));
}

TEST_CASE("Retry-After is read in seconds, dates and junk are not", "[policy]") {
  CHECK(parse_retry_after("1") == std::chrono::seconds(1));
  CHECK(parse_retry_after(" 30 ") == std::chrono::seconds(30));
  CHECK(parse_retry_after("0") == std::chrono::seconds(0));
  CHECK(parse_retry_after("99999999999999999999") == std::chrono::seconds(INT32_MAX));
  CHECK_FALSE(parse_retry_after(""));
  CHECK_FALSE(parse_retry_after("-1"));
  CHECK_FALSE(parse_retry_after("1.5"));
  CHECK_FALSE(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"));
}
