// The registry's file: its private folder, the SQLite schema and its migrations, and the
// account scope (registry.h says why jobs are scoped).
#include "jobs/registry_file.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <system_error>
#include <thread>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "jobs/sqlite_statement.h"
#include "platform/folders.h"

namespace app {
namespace {

// Bumped with each schema change; open() migrates older files and refuses newer ones.
// 1: jobs keyed by (kind, remote_id). 2: by (scope, kind, remote_id), and a meta table.
constexpr int kSchemaVersion = 2;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS jobs (
  job_id        INTEGER PRIMARY KEY AUTOINCREMENT,
  tool          TEXT NOT NULL DEFAULT '',
  kind          TEXT NOT NULL,
  arguments     TEXT,
  trace_id      TEXT NOT NULL DEFAULT '',
  request_path  TEXT NOT NULL DEFAULT '',
  request_body  TEXT,
  remote_id     INTEGER,
  status        TEXT NOT NULL,
  status_code   INTEGER,
  url           TEXT NOT NULL DEFAULT '',
  local_path    TEXT NOT NULL DEFAULT '',
  error         TEXT NOT NULL DEFAULT '',
  last_result   TEXT,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS jobs_remote ON jobs(kind, remote_id) WHERE remote_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS jobs_trace ON jobs(trace_id);
CREATE INDEX IF NOT EXISTS jobs_created ON jobs(created_at_ms);
)sql";

// Version 1 → 2: a job's identity gains its scope (origin and account hash); rows of version 1
// keep the empty scope.
constexpr const char* kMigrateTo2 = R"sql(
ALTER TABLE jobs ADD COLUMN scope TEXT NOT NULL DEFAULT '';
DROP INDEX IF EXISTS jobs_remote;
CREATE UNIQUE INDEX jobs_scope_remote ON jobs(scope, kind, remote_id) WHERE remote_id IS NOT NULL;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql";

std::string hex(const unsigned char* bytes, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 0xF];
  }
  return out;
}

int user_version(sqlite3* db) {
  Statement s(db, "PRAGMA user_version");
  return s.step() ? sqlite3_column_int(s.get(), 0) : 0;
}

}  // namespace

// Job arguments are private (prompts, file paths): the folders are made for the user alone,
// as XDG asks for state folders.
void make_private_dirs(const std::string& dir) {
  std::string failed_at;
  if (auto ec = platform::create_private_folders(dir, failed_at))
    throw std::runtime_error("cannot create the state folder " + failed_at + ": " + ec.message());
  platform::FolderOwnership folder;
  if (auto ec = platform::folder_ownership(dir, folder))
    throw std::runtime_error("cannot use the state folder " + dir + ": " + ec.message());
  if (!folder.is_folder) throw std::runtime_error("the state folder " + dir + " exists but is not a folder");
  // A folder someone else made (a shared /tmp path made before us, e.g. the fallback home) or
  // that anyone may write to could be read or swapped under us: the registry holds job
  // arguments and request bodies. Refused, not silently used.
  if (!folder.owned_by_current_user)
    throw std::runtime_error("the state folder " + dir + " belongs to another user (" + folder.owner +
                             "); set PIXVERSE_STATE_DIR to a folder of your own");
  // (Group-writable is left alone: with user private groups, as on Ubuntu, the group is the user.)
  if (folder.writable_by_everyone)
    throw std::runtime_error("the state folder " + dir + " can be written by every user (mode " + folder.mode +
                             "); chmod o-w it, or set PIXVERSE_STATE_DIR");
}

// WAL lets readers and the one writer of several processes proceed together. Switching to it
// while another process opens the same new file can fail with SQLITE_BUSY at once: SQLite does
// not call the busy handler for every lock the switch takes. Two servers started together then
// ran without a registry; the switch is tried again for up to the busy timeout.
void use_wal(sqlite3* db) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
  std::string mode;
  for (;;) {
    try {
      Statement s(db, "PRAGMA journal_mode=WAL");
      mode = s.step() ? text_at(s.get(), 0) : "";
      break;
    } catch (const std::runtime_error&) {
      if ((sqlite3_errcode(db) & 0xFF) != SQLITE_BUSY || std::chrono::steady_clock::now() > deadline) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  if (mode != "wal")  // e.g. a network file system: still correct, with rollback-journal locking
    spdlog::warn("job registry {}: journal mode is \"{}\", not WAL", sqlite3_db_filename(db, "main"), mode);
}

// Creates the schema, or migrates an older one step by step, in one transaction (safe when
// several processes open a new file at once). Returns the secret of the account hashes,
// created with the schema: 32 random bytes as hex.
std::string prepare_schema(sqlite3* db) {
  WriteTransaction tx(db, true);
  const int version = user_version(db);
  if (version > kSchemaVersion)
    throw std::runtime_error("it was written by a newer pixverse-mcp (schema version " + std::to_string(version) +
                             ", this one knows up to " + std::to_string(kSchemaVersion) + ")");
  if (version < 1) exec(db, kSchema);
  if (version < 2) exec(db, kMigrateTo2);
  if (version != kSchemaVersion) exec(db, "PRAGMA user_version=" + std::to_string(kSchemaVersion));
  unsigned char random[32];
  if (RAND_bytes(random, sizeof random) != 1) throw std::runtime_error("no random bytes for the account secret");
  Statement put(db, "INSERT OR IGNORE INTO meta (key, value) VALUES ('account_secret', ?)");
  put.bind(1, hex(random, sizeof random));
  put.step();
  Statement get(db, "SELECT value FROM meta WHERE key = 'account_secret'");
  std::string secret = get.step() ? text_at(get.get(), 0) : "";
  if (secret.size() < 32) throw std::runtime_error("its account secret is damaged");
  tx.commit();
  return secret;
}

// "<origin> <account>": the account is the first 8 bytes of HMAC-SHA256(secret, api_key) as
// hex — stable for one key and file, useless without the file, and never the key itself.
std::string scope_of(const std::string& secret, const std::string& origin, const std::string& api_key) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(api_key.data()), api_key.size(), mac, &length) == nullptr)
    throw std::runtime_error("cannot hash the account");
  return origin + " " + hex(mac, std::min<unsigned int>(length, 8));
}

}  // namespace app
