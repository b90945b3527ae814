#include "platform/ca_store.h"

#include <openssl/x509.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace platform {
namespace {

namespace fs = std::filesystem;

bool has_bundle(const std::string& path) {
  std::error_code ec;
  if (path.empty() || !fs::is_regular_file(path, ec)) return false;
  const auto size = fs::file_size(path, ec);
  return !ec && size > 0;
}

bool has_folder(const std::string& path) {
  std::error_code ec;
  if (path.empty() || !fs::is_directory(path, ec)) return false;
  const bool empty = fs::is_empty(path, ec);
  return !ec && !empty;
}

}  // namespace

const CaLocations& common_ca_locations() {
  static const CaLocations locations{
      {
          "/etc/ssl/certs/ca-certificates.crt",                 // Debian, Ubuntu, Arch, Gentoo, Alpine
          "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  // Fedora, RHEL 7 and later, CentOS
          "/etc/pki/tls/certs/ca-bundle.crt",                   // Fedora, RHEL, CentOS (older name)
          "/etc/ssl/ca-bundle.pem",                             // openSUSE, SLES
          "/etc/pki/tls/cacert.pem",                            // OpenELEC
          "/etc/ssl/cert.pem",                                  // Alpine, the BSDs
      },
      {
          "/etc/ssl/certs",      // hashed folders: Debian, SLES, openSUSE
          "/etc/pki/tls/certs",  // Fedora, RHEL
      },
  };
  return locations;
}

CaDefaults openssl_ca_defaults() {
  CaDefaults d;
  d.env_file = std::getenv(X509_get_default_cert_file_env());
  d.env_dir = std::getenv(X509_get_default_cert_dir_env());
  d.default_file = X509_get_default_cert_file();
  d.default_dir = X509_get_default_cert_dir();
  return d;
}

CaStore find_ca_store(const CaDefaults& defaults, const CaLocations& candidates, const std::string& root) {
  CaStore store;
  if (defaults.env_file != nullptr || defaults.env_dir != nullptr) {
    // What OpenSSL will read: each variable replaces its own default only.
    store.origin = CaOrigin::environment;
    store.file = defaults.env_file != nullptr ? defaults.env_file : defaults.default_file;
    store.dir = defaults.env_dir != nullptr ? defaults.env_dir : defaults.default_dir;
    store.holds_certificates = has_bundle(store.file) || has_folder(store.dir);
    return store;
  }
  const bool default_file = has_bundle(defaults.default_file);
  const bool default_dir = has_folder(defaults.default_dir);
  if (default_file || default_dir) {
    store.origin = CaOrigin::openssl_default;
    store.holds_certificates = true;
    if (default_file) store.file = defaults.default_file;
    if (default_dir) store.dir = defaults.default_dir;
    return store;
  }
  // One bundle is the whole store; a folder only stands in when no bundle is there.
  for (const std::string& file : candidates.files) {
    if (has_bundle(root + file)) {
      store.origin = CaOrigin::found;
      store.holds_certificates = true;
      store.file = root + file;
      return store;
    }
  }
  for (const std::string& dir : candidates.dirs) {
    if (has_folder(root + dir)) {
      store.origin = CaOrigin::found;
      store.holds_certificates = true;
      store.dir = root + dir;
      return store;
    }
  }
  // Said as OpenSSL's paths, where a user would install certificates or look first.
  store.file = defaults.default_file;
  store.dir = defaults.default_dir;
  return store;
}

std::string CaStore::describe() const {
  std::string where = file;
  if (!dir.empty()) where += (where.empty() ? "" : ", ") + dir;
  switch (origin) {
    case CaOrigin::environment:
      return where + (holds_certificates ? " (from SSL_CERT_FILE / SSL_CERT_DIR)"
                                         : " (from SSL_CERT_FILE / SSL_CERT_DIR, which name no CA certificates)");
    case CaOrigin::openssl_default: return where + " (OpenSSL's default)";
    case CaOrigin::found: return where + " (found; OpenSSL's default location holds no certificates)";
    case CaOrigin::none: break;
  }
  return "no CA certificates at " + where + " or any common location";
}

CaStore system_ca_store() { return find_ca_store(openssl_ca_defaults(), common_ca_locations()); }

}  // namespace platform
