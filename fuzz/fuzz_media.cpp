// Media bytes as the server and the simulator read them: the shared sniffer (media/sniff.h:
// type, playing time from MP4/MOV boxes, WAV chunks, ADTS and MP3 frames, pixel sizes from
// PNG/JPEG/WebP/tkhd headers) on raw bytes, and data: URIs decoded and checked as the upload path
// reads them (sniffing, limits). The first byte picks the mode and the media kind:
//   bit 0 clear: the rest is a data: URI as a client would send it;
//   bit 0 set:   the rest is a file's bytes, sniffed directly and read through a data: URI made of them.
#include <openssl/evp.h>

#include "fuzz_support.h"
#include "media/media_file.h"
#include "media/sniff.h"

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

void check_sniffed(std::string_view bytes) {
  const std::string_view type = sniff::media_type(bytes);
  fuzz::require(type == sniff::media_type(bytes.substr(0, 12)), "a type that depends on more than 12 bytes");
  fuzz::require(type.empty() == sniff::extension(type).empty(), "a type without an extension");
  if (auto time = sniff::duration(bytes)) {
    fuzz::require(time->per_second != 0, "a duration in units of 1/0 s");
    fuzz::require(time->seconds() >= 0 && time->milliseconds() >= 0, "a negative playing time");
    fuzz::require(!type.empty(), "a playing time of bytes of no known type");
  }
  if (auto size = sniff::pixel_size(bytes)) fuzz::require(!type.empty(), "a pixel size of bytes of no known type");
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
  check_sniffed(rest);
  check_decoded(app::decode_data_uri("data:application/octet-stream;base64," + base64(rest), kind), kind);
  return 0;
}
