#include "served_files.h"

#include <charconv>

#include "assets.h"
#include "media/sniff.h"
#include "media_probe.h"
#include "sim_state.h"

namespace sim {
namespace {

std::optional<std::uint64_t> parse_id(std::string_view s) {
  std::uint64_t id = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return id;
}

// "<id>.<ext>" -> (id, ext)
std::optional<std::pair<std::uint64_t, std::string>> id_and_ext(std::string_view name) {
  auto dot = name.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto id = parse_id(name.substr(0, dot));
  if (!id) return std::nullopt;
  return std::make_pair(*id, std::string(name.substr(dot + 1)));
}

std::optional<ServedFile> image_file(SimState& st, std::uint64_t id, const std::string& ext) {
  if (auto img = st.jobs.image(id)) {
    if (img->ext != ext) return std::nullopt;
    const std::string_view type = sniff::media_type(img->bytes);
    return ServedFile{img->bytes, std::string(type.empty() ? "application/octet-stream" : type)};
  }
  auto job = st.jobs.peek(id);
  if (!job || job->spec.kind != JobKind::Image || job->status != 1 || ext != "png") return std::nullopt;
  return ServedFile{make_png(static_cast<std::uint32_t>(job->width), static_cast<std::uint32_t>(job->height)),
                    "image/png"};
}

std::optional<ServedFile> media_file(SimState& st, std::string_view type, std::uint64_t id, const std::string& ext) {
  if (auto m = st.jobs.media(id)) {
    if (m->media_type != type || m->ext != ext) return std::nullopt;
    return ServedFile{m->bytes, std::string(media_mime(ext))};
  }
  if (type != "video" || ext != "mp4") return std::nullopt;
  auto job = st.jobs.peek(id);
  if (!job || job->spec.kind != JobKind::Video || job->status != 1) return std::nullopt;
  return ServedFile{fake_mp4(job->id, job->spec.duration, job->width, job->height), "video/mp4"};
}

bool video_exists(SimState& st, std::uint64_t id) {
  if (auto m = st.jobs.media(id)) return m->media_type == "video";
  auto job = st.jobs.peek(id);
  return job && job->spec.kind == JobKind::Video;
}

}  // namespace

std::optional<ServedFile> served_file(SimState& st, std::string_view path) {
  constexpr std::string_view assets = "/_sim/assets/", media = "/media/";
  if (path.substr(0, assets.size()) == assets) {
    auto name = path.substr(assets.size());
    auto bytes = builtin_asset(name);
    if (!bytes) return std::nullopt;
    return ServedFile{std::move(*bytes), asset_mime(name)};
  }
  if (path.substr(0, media.size()) != media) return std::nullopt;
  auto rest = path.substr(media.size());
  auto slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view kind = rest.substr(0, slash), name = rest.substr(slash + 1);
  if (kind == "keyframe") {  // <video id>/<n>.png
    auto sep = name.find('/');
    if (sep == std::string_view::npos) return std::nullopt;
    auto video = parse_id(name.substr(0, sep));
    auto frame = id_and_ext(name.substr(sep + 1));
    if (!video || !frame || frame->second != "png" || !video_exists(st, *video)) return std::nullopt;
    return ServedFile{make_png(64, 36), "image/png"};
  }
  if (kind == "mask") {
    if (name.size() < 5 || name.substr(name.size() - 4) != ".png") return std::nullopt;
    if (!st.jobs.mask(std::string(name.substr(0, name.size() - 4)))) return std::nullopt;
    return ServedFile{make_png(64, 36), "image/png"};
  }
  auto file = id_and_ext(name);
  if (!file) return std::nullopt;
  if (kind == "image") return image_file(st, file->first, file->second);
  if (kind == "video" || kind == "audio") return media_file(st, kind, file->first, file->second);
  return std::nullopt;
}

std::string image_job_url(const SimState& st, std::uint64_t id) {
  return st.base_url + "/media/image/" + std::to_string(id) + ".png";
}

std::string media_url(const SimState& st, std::string_view media_type, std::uint64_t id, std::string_view ext) {
  return st.base_url + "/media/" + std::string(media_type) + "/" + std::to_string(id) + "." + std::string(ext);
}

}  // namespace sim
