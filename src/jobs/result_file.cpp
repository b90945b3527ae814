#include "jobs/result_file.h"

#include <filesystem>
#include <system_error>

#include "platform/file.h"

namespace app {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kMaxVideoBytes = 4ull << 30;  // far above any PixVerse output
constexpr std::uint64_t kMaxImageBytes = 200ull << 20;

// Images: the extension follows the bytes (PixVerse may serve PNG, JPEG or WebP).
std::string extension_for(const JobKind& kind, const std::string& head) {
  if (kind.name != "image") return std::string(kind.extension);
  if (head.rfind("\xFF\xD8\xFF", 0) == 0) return ".jpg";
  if (head.size() >= 12 && head.compare(0, 4, "RIFF") == 0 && head.compare(8, 4, "WEBP") == 0) return ".webp";
  return ".png";
}

}  // namespace

std::string result_file_stem(const std::string& output_dir, const JobKind& kind, std::uint64_t id) {
  return output_dir + "/pixverse-" + std::string(kind.name) + "-" + std::to_string(id);
}

std::optional<SavedFile> existing_result_file(const std::string& output_dir, const JobKind& kind, std::uint64_t id) {
  const std::string stem = result_file_stem(output_dir, kind, id);
  for (const char* ext : {".mp4", ".png", ".jpg", ".webp"}) {
    if (kind.name == "video" && std::string_view(ext) != ".mp4") continue;
    std::error_code ec;
    auto size = fs::file_size(stem + ext, ec);
    if (!ec && fs::is_regular_file(stem + ext, ec)) return SavedFile{stem + ext, size};
  }
  return std::nullopt;
}

common::Expected<SavedFile> save_result_file(const pixverse::Client& client, const JobKind& kind, std::uint64_t id,
                                             const std::string& url, const std::string& output_dir,
                                             std::optional<std::uint64_t> expected_size) {
  std::error_code ec;
  fs::create_directories(output_dir, ec);
  if (ec) return common::Unexpected{"cannot create the output folder " + output_dir + ": " + ec.message()};

  const std::string stem = result_file_stem(output_dir, kind, id);
  std::string temp;
  platform::File file = platform::File::create_unique(
      output_dir + "/.pixverse-" + std::string(kind.name) + "-" + std::to_string(id) + ".", temp, ec);
  if (ec) return common::Unexpected{"cannot write in the output folder " + output_dir + ": " + ec.message()};

  std::string head;  // first bytes, to name images by content
  std::error_code write_error;
  const std::uint64_t limit = kind.name == "video" ? kMaxVideoBytes : kMaxImageBytes;
  auto result = client.download(
      url,
      [&](const char* data, std::size_t n) {
        if (head.size() < 16) head.append(data, std::min<std::size_t>(n, 16 - head.size()));
        return file.write_all(data, n, write_error);
      },
      limit);
  std::string problem;
  if (write_error) problem = "writing " + temp + " failed: " + write_error.message();
  else if (result.error) problem = result.error->message();
  else if (expected_size && *expected_size > 0 && result.bytes != *expected_size)
    problem = "the download has " + std::to_string(result.bytes) + " bytes but PixVerse reported " +
              std::to_string(*expected_size) + "; the file was not kept";
  else if (result.bytes == 0) problem = "the download was empty";
  if (problem.empty() && !file.sync(ec)) problem = "saving the file failed: " + ec.message();
  file.set_access(platform::FileAccess::all_may_read, ec);
  file.close();

  const std::string final_path = stem + extension_for(kind, head);
  if (problem.empty()) {
    fs::rename(temp, final_path, ec);  // atomic: the final name never shows a partial file
    if (ec) problem = "cannot move the file into place: " + ec.message();
  }
  if (!problem.empty()) {
    fs::remove(temp, ec);
    return common::Unexpected{problem};
  }
  return SavedFile{final_path, result.bytes};
}

}  // namespace app
