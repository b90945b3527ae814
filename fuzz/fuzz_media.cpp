// Local media as the upload path reads it: data: URIs decoded and checked (sniffing, durations
// from MP4/MOV boxes and WAV chunks, pixel sizes from PNG/JPEG/WebP/tkhd headers, limits), and
// the header readers on raw bytes. The first byte picks the mode and the media kind:
//   bit 0 clear: the rest is a data: URI as a client would send it;
//   bit 0 set:   the rest is a file's bytes, read directly and through a data: URI made of them.
#include <openssl/evp.h>

#include "media/media_file.h"
#include "fuzz_support.h"

namespace {

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

void check_decoded(const common::Expected<app::MediaFile>& decoded, app::MediaKind kind) {
  if (decoded) {
    fuzz::require(!decoded->content_type.empty(), "an accepted file without a type");
    fuzz::require(!decoded->filename.empty(), "an accepted data: URI without a filename");
    (void)app::check_media_limits(*decoded, kind, app::default_limits(kind), "input");
  } else {
    fuzz::require(!decoded.error().empty(), "a refusal without a reason");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::quiet();
  if (size == 0) return 0;
  const auto kind = static_cast<app::MediaKind>((data[0] >> 1) % 3);
  const std::string rest(fuzz::text(data + 1, size - 1));
  if ((data[0] & 1) == 0) {
    check_decoded(app::decode_data_uri(rest, kind), kind);
    return 0;
  }
  (void)app::sniff_media_type(rest.substr(0, 32));
  (void)app::sniff_image_type(rest.substr(0, 32));
  if (auto seconds = app::media_duration_seconds(rest)) fuzz::require(*seconds >= 0, "a negative playing time");
  (void)app::media_pixel_size(rest);
  check_decoded(app::decode_data_uri("data:application/octet-stream;base64," + base64(rest), kind), kind);
  return 0;
}
