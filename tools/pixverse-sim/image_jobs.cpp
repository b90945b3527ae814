// Image jobs: POST /openapi/v2/image/template/generate creates one (an image template applied to
// uploaded images), GET /openapi/v2/image/result/{image_id} polls it like a video job (status 5,
// then 1; POST /_sim/jobs/<id> can make it end with 7 or 8 instead).
#include <algorithm>
#include <charconv>

#include "builtin_catalogs.h"
#include "job_factory.h"
#include "pricing.h"
#include "rule_checks.h"
#include "served_files.h"

namespace sim {
namespace {

using nlohmann::json;

constexpr int kImageLongSide = 512;

// The first input's shape, with the long side kImageLongSide.
Dimensions image_output_size(const std::optional<ImageRecord>& first) {
  if (!first || first->width == 0 || first->height == 0) return {kImageLongSide, kImageLongSide};
  const double w = first->width, h = first->height, scale = kImageLongSide / std::max(w, h);
  return {std::max(1, static_cast<int>(w * scale)), std::max(1, static_cast<int>(h * scale))};
}

}  // namespace

Reply handle_image_template(SimState& st, const Call& call) {
  const json& b = call.body;
  const auto ids = ids_of(b.at("img_ids"));
  const TemplateInfo* t = find_template(b.at("template_id").get<std::uint64_t>());
  JobSpec s = new_job(st, call, "image_template");
  s.kind = JobKind::Image;
  s.prompt = std::string(t->name);  // templates take no prompt: no magic tokens either
  s.template_id = t->id;
  s.credits = kImageTemplateCredits;
  s.duration = 0;
  s.inputs = {{"img_ids", ids}, {"template_id", t->id}};
  return submit_job(st, std::move(s), image_output_size(st.jobs.image(ids.at(0))), AnswerShape::ImageIdCredits);
}

Reply handle_image_result(SimState& st, const Call& call) {
  const std::string& text = call.path_id;
  std::uint64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    return envelope(400013, "invalid binding request: image_id must be integer (uint64), got \"" + text + "\"");
  auto job = st.jobs.poll(id, JobKind::Image);
  if (!job) return envelope(400017, "image not found: " + text);
  const auto& s = job->spec;
  const bool done = job->status == 1 && !job->url_withheld;
  json inputs = json::array(), input_urls = json::array();
  for (const auto& img_id : s.inputs.at("img_ids")) {
    inputs.push_back(img_id);
    if (auto img = st.jobs.image(img_id.get<std::uint64_t>()))
      input_urls.push_back(st.base_url + "/media/image/" + std::to_string(img->id) + "." + img->ext);
  }
  json paths = {{"customer_img_paths", input_urls}, {"gen_img_req_img_ids", inputs}, {"ext_info", nullptr},
                {"agent_info", nullptr},            {"cameo_id_list", nullptr},     {"fusion_id_list", nullptr},
                {"duration_type", ""},              {"model_evaluator", ""}};
  return success({{"image_id", job->id},
                  {"prompt", s.prompt},
                  {"url", done ? image_job_url(st, job->id) : ""},
                  {"seed", s.seed},
                  {"status", job->status},
                  {"prompt_translate", s.prompt},
                  {"template_id", s.template_id},
                  {"create_time", job->create_time},
                  {"modify_time", job->modify_time},
                  {"outputWidth", job->width},
                  {"outputHeight", job->height},
                  {"credits", s.credits},
                  {"customer_paths", paths}});
}

}  // namespace sim
