#pragma once
// Where this system keeps the CA certificates that https trusts. OpenSSL looks in the folder it
// was built for (OPENSSLDIR: /usr/lib/ssl on Debian), and a binary linked with Debian's static
// OpenSSL looks there on every distribution, where Fedora, RHEL, openSUSE and Arch have nothing:
// when that holds no certificates (and SSL_CERT_FILE / SSL_CERT_DIR are not set), the common
// distributions' locations are searched instead.
#include <string>
#include <vector>

namespace platform {

// Where certificates may be: a PEM bundle file and a folder of hashed certificates (as OpenSSL's
// c_rehash leaves them), each list searched in order.
struct CaLocations {
  std::vector<std::string> files;
  std::vector<std::string> dirs;
};

// The distributions' own locations: Debian, Ubuntu, Arch, Alpine, Fedora, RHEL, CentOS,
// openSUSE, SLES, Gentoo, the BSDs; folders are a fallback for systems with no bundle file.
const CaLocations& common_ca_locations();

// What the lookup starts from: the variables OpenSSL reads and the paths it was built with.
struct CaDefaults {
  const char* env_file = nullptr;  // SSL_CERT_FILE, or nullptr when not set
  const char* env_dir = nullptr;   // SSL_CERT_DIR, or nullptr when not set
  std::string default_file;        // OPENSSLDIR/cert.pem
  std::string default_dir;         // OPENSSLDIR/certs
};
// This process's: its environment and the linked OpenSSL's compiled-in paths.
CaDefaults openssl_ca_defaults();

enum class CaOrigin {
  environment,      // SSL_CERT_FILE or SSL_CERT_DIR is set: OpenSSL uses what it names, unsearched
  openssl_default,  // OpenSSL's own paths hold certificates
  found,            // found at a common location: the caller must hand `file` or `dir` to OpenSSL
  none,             // nowhere
};

struct CaStore {
  CaOrigin origin = CaOrigin::none;
  std::string file;  // the bundle used ("" = none)
  std::string dir;   // the folder used ("" = none)
  // Whether the store holds certificates. False for `none`, and for `environment` when the
  // variables name no bundle with content and no folder with entries (OpenSSL then trusts
  // nothing, and every https connection fails verification).
  bool holds_certificates = false;
  // For messages: "/etc/pki/tls/certs/ca-bundle.crt (found; OpenSSL's /usr/lib/ssl/cert.pem
  // and /usr/lib/ssl/certs hold none)".
  std::string describe() const;
};

// The lookup. `root` is prefixed to every candidate location (not to the defaults or the
// environment's paths), so tests can lay out a system under a temporary folder; a file counts
// when it is a non-empty regular file, a folder when it has an entry.
CaStore find_ca_store(const CaDefaults& defaults, const CaLocations& candidates, const std::string& root = "");

// This process's store: find_ca_store(openssl_ca_defaults(), common_ca_locations()). Looked up
// on each call (a few stat calls, for a new connection), so that the environment is read when
// OpenSSL would read it.
CaStore system_ca_store();

}  // namespace platform
