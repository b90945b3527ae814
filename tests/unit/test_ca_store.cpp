// Where the CA certificates are found (src/platform/ca_store.h): OpenSSL's own paths and the
// environment first, then the distributions' locations, laid out here under a temporary root.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "../support/temp_dir.h"
#include "platform/ca_store.h"

using platform::CaDefaults;
using platform::CaOrigin;
namespace fs = std::filesystem;

namespace {

// A system laid out under a temporary folder (testsupport::TempDir).
struct TempRoot {
  testsupport::TempDir dir;
  fs::path path{dir.path};
  std::string root() const { return dir.path; }
  void file(const std::string& rel, const std::string& text) const {
    fs::create_directories((path / rel.substr(1)).parent_path());
    std::ofstream(path / rel.substr(1)) << text;
  }
};

// OpenSSL as Debian builds it, on a system without /usr/lib/ssl: nothing at its defaults.
CaDefaults missing_defaults(const TempRoot& t) {
  CaDefaults d;
  d.default_file = t.root() + "/usr/lib/ssl/cert.pem";
  d.default_dir = t.root() + "/usr/lib/ssl/certs";
  return d;
}

}  // namespace

TEST_CASE("CA store: the first bundle of the list that holds something is used", "[ca-store]") {
  TempRoot t;
  const platform::CaLocations list{
      {"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/ca-bundle.pem"},
      {"/etc/ssl/certs"}};
  // Fedora: only the pki bundle; an empty file earlier in the list does not count.
  t.file("/etc/ssl/certs/ca-certificates.crt", "");
  t.file("/etc/pki/tls/certs/ca-bundle.crt", "-----BEGIN CERTIFICATE-----\n");
  t.file("/etc/ssl/ca-bundle.pem", "-----BEGIN CERTIFICATE-----\n");
  platform::CaStore s = platform::find_ca_store(missing_defaults(t), list, t.root());
  CHECK(s.origin == CaOrigin::found);
  CHECK(s.file == t.root() + "/etc/pki/tls/certs/ca-bundle.crt");
  CHECK(s.dir.empty());
  CHECK(s.describe().find("ca-bundle.crt (found;") != std::string::npos);
}

TEST_CASE("CA store: a folder stands in only when no bundle is there", "[ca-store]") {
  TempRoot t;
  const platform::CaLocations list{{"/etc/ssl/cert.pem"}, {"/etc/empty", "/etc/ssl/certs"}};
  fs::create_directories(t.path / "etc/empty");
  t.file("/etc/ssl/certs/1a2b3c4d.0", "-----BEGIN CERTIFICATE-----\n");
  platform::CaStore s = platform::find_ca_store(missing_defaults(t), list, t.root());
  CHECK(s.origin == CaOrigin::found);
  CHECK(s.file.empty());
  CHECK(s.dir == t.root() + "/etc/ssl/certs");
}

TEST_CASE("CA store: OpenSSL's own paths win when they hold certificates, and an empty system is said to be empty",
          "[ca-store]") {
  TempRoot t;
  const platform::CaLocations list{{"/etc/ssl/ca-bundle.pem"}, {}};
  t.file("/etc/ssl/ca-bundle.pem", "-----BEGIN CERTIFICATE-----\n");
  CaDefaults d = missing_defaults(t);
  t.file("/usr/lib/ssl/certs/ca.pem", "-----BEGIN CERTIFICATE-----\n");  // Debian: a hashed folder, no cert.pem
  platform::CaStore s = platform::find_ca_store(d, list, t.root());
  CHECK(s.origin == CaOrigin::openssl_default);
  CHECK(s.file.empty());
  CHECK(s.dir == d.default_dir);

  fs::remove_all(t.path / "usr");
  fs::remove_all(t.path / "etc");
  s = platform::find_ca_store(d, list, t.root());
  CHECK(s.origin == CaOrigin::none);
  CHECK(s.describe() == "no CA certificates at " + d.default_file + ", " + d.default_dir + " or any common location");
}

TEST_CASE("CA store: SSL_CERT_FILE or SSL_CERT_DIR is used as set, without a search", "[ca-store]") {
  TempRoot t;
  const platform::CaLocations list{{"/etc/ssl/ca-bundle.pem"}, {}};
  t.file("/etc/ssl/ca-bundle.pem", "-----BEGIN CERTIFICATE-----\n");
  CaDefaults d = missing_defaults(t);
  const std::string mine = t.root() + "/mine.pem";  // need not exist: OpenSSL is told, not second-guessed
  d.env_file = mine.c_str();
  platform::CaStore s = platform::find_ca_store(d, list, t.root());
  CHECK(s.origin == CaOrigin::environment);
  CHECK(s.file == mine);
  CHECK(s.dir == d.default_dir);  // each variable replaces its own default only
  CHECK(s.describe().find("SSL_CERT_FILE") != std::string::npos);
  CHECK_FALSE(s.holds_certificates);  // still used as set, but said to hold nothing
  CHECK(s.describe().find("name no CA certificates") != std::string::npos);

  t.file("/mine.pem", "-----BEGIN CERTIFICATE-----\n");
  s = platform::find_ca_store(d, list, t.root());
  CHECK(s.origin == CaOrigin::environment);
  CHECK(s.holds_certificates);
  CHECK(s.describe().find("name no CA certificates") == std::string::npos);
}

TEST_CASE("CA store: the common locations name each distribution family's bundle", "[ca-store]") {
  const auto& files = platform::common_ca_locations().files;
  for (const char* path :
       {"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt",
        "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", "/etc/ssl/ca-bundle.pem", "/etc/ssl/cert.pem"}) {
    CHECK(std::find(files.begin(), files.end(), path) != files.end());
  }
  // This machine's own store is found one way or another (Debian: OpenSSL's default folder).
  CHECK(platform::system_ca_store().origin != CaOrigin::none);
}
