// PIXVERSE_BASE_URL as users write it: read_base_url / check_base_url on any bytes. A URL it
// accepts yields an origin that reads back as itself (the Client normalises twice). The same
// bytes as a client's root URI (app::path_of_file_uri): a path, if any, is absolute and
// has no NUL.
#include "fuzz_support.h"
#include "media/file_access.h"
#include "pixverse/client.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::quiet();
  const std::string url(fuzz::text(data, size));
  if (auto path = app::path_of_file_uri(url)) {
    fuzz::require(!path->empty() && path->front() == '/', "a root path that is not absolute");
    fuzz::require(path->find('\0') == std::string::npos, "a root path with a NUL");
  }
  const pixverse::BaseUrl read = pixverse::read_base_url(url);
  fuzz::require(read.problem.has_value() == pixverse::check_base_url(url).has_value(), "check and read disagree");
  if (read.problem) {
    fuzz::require(read.origin.empty() && !read.problem->empty(), "a refused URL with an origin");
    return 0;
  }
  fuzz::require(!read.origin.empty(), "an accepted URL without an origin");
  const pixverse::BaseUrl again = pixverse::read_base_url(read.origin);
  fuzz::require(!again.problem && again.origin == read.origin, "an origin that does not read back as itself");
  return 0;
}
