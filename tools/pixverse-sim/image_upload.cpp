// POST /openapi/v2/image/upload: multipart with exactly one of a file part `image` or a text
// part `image_url`. The simulator has no internet: external URLs are accepted on syntax (and a
// .png/.jpg/.jpeg/.webp path) and stand for the built-in cat.png; URLs of this simulator's own
// /_sim/assets/<name> and /media/... are resolved for real (served_files.h).
#include <algorithm>

#include <httplib.h>

#include "assets.h"
#include "http_url.h"
#include "media/sniff.h"
#include "openapi_endpoints.h"
#include "served_files.h"

namespace sim {
namespace {

constexpr std::size_t kMaxImageBytes = std::size_t{20} * 1024 * 1024;
constexpr std::uint32_t kMaxImageSide = 10000;  // the newest upload page (an older one said 4000)

bool mentions_nsfw(std::string_view s) { return lower(s).find("nsfw") != std::string::npos; }

Reply invalid(std::string_view msg) { return envelope(400017, msg); }

Reply finish_upload(SimState& st, const Call& call, ImageRecord img) {
  const std::string_view type = sniff::media_type(img.bytes);
  if (type != "image/png" && type != "image/jpeg" && type != "image/webp")  // a GIF too: these three only
    return envelope(500032, "invalid image format: the content is not a PNG, JPEG or WebP image");
  if (auto size = sniff::pixel_size(img.bytes)) {
    img.width = size->width;
    img.height = size->height;
  }
  if (img.width > kMaxImageSide || img.height > kMaxImageSide)
    return envelope(500033, "invalid image width/height: " + std::to_string(img.width) + "x" +
                                std::to_string(img.height) + " (at most 10000 px per side)");
  img.ext = std::string(sniff::extension(type));
  img.trace_id = call.trace_id;
  if (mentions_nsfw(img.origin)) return moderation_rejection("image failed content moderation");
  std::string ext = img.ext;
  std::uint64_t id = st.jobs.add_image(std::move(img));
  return success({{"img_id", id}, {"img_url", st.base_url + "/media/image/" + std::to_string(id) + "." + ext}});
}

Reply upload_file(SimState& st, const Call& call, const httplib::MultipartFormData& part) {
  if (part.filename.empty()) return invalid("image must be a file part with a filename (got a plain form field)");
  static const char* const mimes[] = {"image/png", "image/jpeg", "image/jpg", "image/webp"};
  auto ct = lower(part.content_type);
  if (std::none_of(std::begin(mimes), std::end(mimes), [&](const char* m) { return ct == m; }))
    return invalid("image part content type must be image/png, image/jpeg or image/webp (got '" + part.content_type +
                   "')");
  if (part.content.size() >= kMaxImageBytes)
    return envelope(500030, "image too large: " + std::to_string(part.content.size()) + " bytes (limit 20 MB)");
  ImageRecord img;
  img.bytes = part.content;
  img.source = "file";
  img.origin = part.filename;
  return finish_upload(st, call, std::move(img));
}

Reply upload_url(SimState& st, const Call& call, const httplib::MultipartFormData& part) {
  if (!part.filename.empty()) return invalid("image_url must be a text field, not a file part");
  const std::string& text = part.content;
  auto url = parse_http_url(text);
  if (!url) return envelope(500042, "invalid image path/URL: image_url must be an absolute http(s) URL");
  ImageRecord img;
  img.source = "url";
  img.origin = text;
  if (is_own_url(*url, st.port)) {
    auto file = served_file(st, url->path);
    if (!file) return envelope(500042, "invalid image path/URL: " + text + " does not exist (404)");
    img.bytes = std::move(file->bytes);  // an image, or rejected by finish_upload as not one
  } else {
    auto path = lower(url->path);
    if (!ends_with(path, ".png") && !ends_with(path, ".jpg") && !ends_with(path, ".jpeg") && !ends_with(path, ".webp"))
      return envelope(500042, "invalid image path/URL: the simulator cannot fetch URLs, so image_url must end in "
                              ".png, .jpg, .jpeg or .webp (or point at this simulator's /_sim/assets/<name>)");
    img.bytes = *builtin_asset("cat.png");  // stands for the remote image
  }
  return finish_upload(st, call, std::move(img));
}

}  // namespace

Reply handle_image_upload(SimState& st, const Call& call) {
  const auto& files = call.req.files;
  for (const auto& [name, part] : files)
    if (name != "image" && name != "image_url")
      return invalid("unexpected form field '" + name +
                     "': send exactly one of 'image' (a file part) or 'image_url' (a text part)");
  const auto images = files.count("image"), urls = files.count("image_url");
  if (images + urls == 0) return invalid("one of 'image' (a file part) or 'image_url' (a text part) is required");
  if (images && urls) return invalid("send exactly one of 'image' or 'image_url', not both");
  if (images + urls > 1) return invalid("only one '" + std::string(images ? "image" : "image_url") + "' part is allowed");
  if (images) return upload_file(st, call, files.find("image")->second);
  return upload_url(st, call, files.find("image_url")->second);
}

}  // namespace sim
