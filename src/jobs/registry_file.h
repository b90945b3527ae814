#pragma once
// The job registry's file (jobs/registry.h): the private state folder, the SQLite schema and its
// migrations, and the account scope. Used only by JobRegistry; each throws std::runtime_error
// saying what failed.
#include <string>

struct sqlite3;

namespace app {

// How long a write waits for other processes' write transactions (they last milliseconds).
constexpr int kBusyTimeoutMs = 10'000;

// Creates each missing folder of the absolute path `dir` with mode 0700, and refuses a folder
// that belongs to another user or that every user can write to.
void make_private_dirs(const std::string& dir);

// Switches the open database to WAL, retrying while another process switches it (up to the
// busy timeout).
void use_wal(sqlite3* db);

// Creates the schema or migrates an older one; refuses a newer one. Returns the secret of the
// account hashes (hex), created with the schema.
std::string prepare_schema(sqlite3* db);

// "<origin> <16 hex digits>": the scope of an API key's jobs (an HMAC under `secret`, never the key).
std::string scope_of(const std::string& secret, const std::string& origin, const std::string& api_key);

}  // namespace app
