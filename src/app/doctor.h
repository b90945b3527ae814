#pragma once
// `pixverse-mcp --check`: the setup doctor. It reads the configuration exactly as a host's start
// would (environment, then flags: the Settings it is given) and says, one plain line per check,
// what works and what does not: configuration, the tools served (PIXVERSE_TOOLSETS, and the
// size of their definitions), API key set, API origin, TLS trust, PixVerse reachable, key
// accepted (with the balance), registry folder writable, output folder writable.
// It never prints the API key.
#include <ostream>

#include "config/settings.h"

namespace app {

// Runs every check and writes its lines to `out` ("ok    …", "FAIL  …", "--    …" for a check
// that could not run because an earlier one failed). Sends one GET of the balance to PixVerse
// (free; at most `network_timeout_ms` per connect and per read); creates the registry and output
// folders if missing, as a start would, and one probe file in each, removed at once.
// Returns the process exit status: 0 when every check passed, 1 otherwise.
int run_check(const Settings& settings, std::ostream& out, int network_timeout_ms = 10'000);

}  // namespace app
