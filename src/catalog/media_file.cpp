#include "catalog/media_file.h"

#include <filesystem>
#include <fstream>

#include "catalog/settings.h"

namespace catalog {

std::string sniff_image_type(const std::string& h) {
  if (h.size() >= 8 && h.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0) return "image/png";
  if (h.size() >= 3 && h.compare(0, 3, "\xff\xd8\xff") == 0) return "image/jpeg";
  if (h.size() >= 12 && h.compare(0, 4, "RIFF") == 0 && h.compare(8, 4, "WEBP") == 0) return "image/webp";
  if (h.size() >= 6 && (h.compare(0, 6, "GIF87a") == 0 || h.compare(0, 6, "GIF89a") == 0)) return "image/gif";
  return "";
}

std::variant<MediaFile, std::string> read_image_file(const std::string& given) {
  namespace fs = std::filesystem;
  std::string path = expand_home(given);
  if (path.empty() || path.front() != '/')
    return "file_path must be an absolute path (the server's working directory is not yours), got \"" + given + "\"";
  if (path.rfind("/mnt/user-data/", 0) == 0 || path.rfind("/mnt/data/", 0) == 0)
    return "\"" + given + "\" looks like a path inside the chat app's sandbox, which this server cannot read; "
           "save the image on this machine or give a public image_url instead";
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return "no such file: " + path;
  if (!fs::is_regular_file(status)) return "not a regular file: " + path;
  auto size = fs::file_size(path, ec);
  if (ec) return "cannot read " + path + ": " + ec.message();
  if (size == 0) return "the file is empty: " + path;
  if (size >= kImageLimits.max_bytes)
    return "the image is " + std::to_string(size / (1024 * 1024)) + " MB; PixVerse takes images under 20 MB";

  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot open " + path + " (permission denied?)";
  MediaFile f;
  f.path = path;
  f.filename = fs::path(path).filename().string();
  f.bytes.resize(static_cast<std::size_t>(size));
  in.read(f.bytes.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::uintmax_t>(in.gcount()) != size) return "could not read all of " + path;
  f.content_type = sniff_image_type(f.bytes.substr(0, 16));
  if (f.content_type.empty() || f.content_type == "image/gif")
    return path + " is not a PNG, JPEG or WebP image (PixVerse accepts only those)";
  return f;
}

}  // namespace catalog
