#include "jobs/registry_handle.h"

#include <spdlog/spdlog.h>

namespace app {

std::shared_ptr<const RegistryHandle> RegistryHandle::unavailable(std::string why) {
  return std::make_shared<const RegistryHandle>(
      [why = std::move(why)]() -> std::shared_ptr<JobRegistry> { throw std::runtime_error(why); });
}

std::shared_ptr<JobRegistry> RegistryHandle::get() const {
  std::call_once(opened_, [this] {
    try {
      registry_ = open_();
      spdlog::info("job registry: {}", registry_->path());
    } catch (const std::exception& e) {
      // Serving without it beats not serving; every job result still carries its ids.
      why_ = e.what();
      spdlog::error("job registry unavailable, jobs will not be remembered across restarts: {}", why_);
    }
  });
  return registry_;
}

std::string RegistryHandle::why_unavailable() const { return get() ? std::string() : why_; }

}  // namespace app
