#pragma once
// The live check: the real binary against the real PixVerse API, with the user's own key, to
// confirm that what the simulator taught us holds. Never run by tests or CI (no test reaches
// the internet); run by hand with `tools/live-check`.
//
// It lists the tools, reads the balance, uploads one small image, and — after printing what
// it will cost and asking (unless `yes`) — submits the cheapest generation there is (v6,
// 360p, 1 s, no audio: about 5 credits at PixVerse's published per-second price), follows it
// to the end, downloads it, and prints a report: each check, ok or not, with its trace id.
#include <string>

namespace harness {

struct LiveCheckOptions {
  std::string server;  // path of pixverse-mcp
  std::string image;   // a small PNG/JPEG to upload
  bool yes = false;    // spend the credits without asking
};

// Returns the process exit code: 0 when every check passed, 1 when one failed, 2 when the
// check could not start (no PIXVERSE_API_KEY, spending declined).
int run_live_check(const LiveCheckOptions& options);

}  // namespace harness
