#include "media/media_upload.h"

#include "pixverse/envelope.h"
#include "pixverse/trace_id.h"

namespace app {
namespace {

using nlohmann::json;

bool is_url(const std::string& s) { return s.rfind("https://", 0) == 0 || s.rfind("http://", 0) == 0; }

}  // namespace

std::string shown_source(const std::string& source) {
  if (source.rfind("data:", 0) != 0 || source.size() <= 48) return source;
  return source.substr(0, 40) + "…(" + std::to_string(source.size()) + " chars)";
}

common::Expected<PreparedMedia> prepare_media(MediaKind kind, const std::string& source, const MediaLimits& limits,
                                              const FileAccess* access) {
  PreparedMedia out{kind, source, std::nullopt};
  // A URL is handed to PixVerse, which fetches it from its own network; this process never
  // connects to it. So over HTTP a remote caller's URL cannot reach this machine's loopback,
  // private or metadata addresses through us, and needs no public-address check here. Fetching
  // it here (to check it first, say) would need one, after DNS and on every redirect
  // (docs/http-transport.md, "Media from a remote caller").
  if (is_url(source)) return out;
  auto file = source.rfind("data:", 0) == 0 ? decode_data_uri(source, kind, limits)
                                            : read_media_file(source, kind, limits, access);
  if (!file) return common::Unexpected{file.error() + ". Nothing was uploaded."};
  out.file = std::move(*file);
  return out;
}

common::Expected<UploadedMedia> upload_prepared(const pixverse::Client& client, PreparedMedia media) {
  const MediaKind kind = media.kind;
  const bool image = kind == MediaKind::image;
  const std::string shown = shown_source(media.source);
  std::vector<pixverse::FormPart> parts;
  if (!media.file) {
    parts.push_back({.name = image ? "image_url" : "file_url", .content = media.source});
  } else {
    auto& f = *media.file;
    pixverse::FormPart part{.name = image ? "image" : "file",
                            .content = std::move(f.bytes),
                            .filename = f.filename,
                            .content_type = f.content_type};
    if (f.open_file) {  // read from disk as it is sent
      part.streamed_size = f.open_file->size();
      part.read_streamed = [file = f.open_file](std::uint64_t offset, char* out, std::size_t n) {
        return file->read_at(offset, out, n);
      };
    }
    parts.push_back(std::move(part));
  }
  const std::string path = image ? "/openapi/v2/image/upload" : "/openapi/v2/media/upload";
  auto out = client.post_multipart(path, parts, pixverse::new_trace_id());
  if (!out.ok()) return common::Unexpected{"Uploading " + shown + " failed: " + out.error->message()};
  auto id = pixverse::as_id(pixverse::member(out.resp, image ? "img_id" : "media_id"));
  if (!id)
    return common::Unexpected{"PixVerse accepted the upload of " + shown + " but sent no id (trace id " + out.trace_id +
                              ")"};
  if (!image) {
    std::string type = pixverse::text_member(out.resp, "media_type", std::string(to_string(kind)));
    if (type != to_string(kind))
      return common::Unexpected{"PixVerse stored " + shown + " as " + type + " (media_id " + id->dump() + "), not as " +
                                to_string(kind) + "; give " + (kind == MediaKind::video ? "a video" : "an audio file") +
                                " here"};
  }
  std::string url = pixverse::text_member(out.resp, image ? "img_url" : "url", pixverse::text_member(out.resp, "url"));
  return UploadedMedia{kind, *id, url, shown};
}

common::Expected<UploadedMedia> upload_media(const pixverse::Client& client, MediaKind kind, const std::string& source,
                                             const MediaLimits& limits, const FileAccess* access) {
  auto prepared = prepare_media(kind, source, limits, access);
  if (!prepared) return common::Unexpected{prepared.error()};
  return upload_prepared(client, std::move(*prepared));
}

common::Expected<UploadedMedia> upload_media(const pixverse::Client& client, MediaKind kind,
                                             const std::string& source) {
  return upload_media(client, kind, source, default_limits(kind));
}

}  // namespace app
