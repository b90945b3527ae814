#pragma once
// The job registry, opened when first needed (a generation, a status, list_jobs, a resource):
// opening SQLite is the largest part of a fresh server's memory after its libraries, and
// initialize and tools/list need none of it.
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "jobs/registry.h"

namespace app {

class RegistryHandle {
 public:
  // Opens the registry; throws std::exception whose what() says why it cannot.
  using Open = std::function<std::shared_ptr<JobRegistry>()>;

  explicit RegistryHandle(Open open) : open_(std::move(open)) {}
  // A handle that never opens a registry; `why` is what results say instead (--check, --list-tools).
  static std::shared_ptr<const RegistryHandle> unavailable(std::string why);

  // The registry, or nullptr if it could not be opened (logged once, as an error). Opens on the
  // first call; thread-safe.
  std::shared_ptr<JobRegistry> get() const;
  // Why get() returns nullptr (the file, the reason); "" while it does not.
  std::string why_unavailable() const;

 private:
  Open open_;
  mutable std::once_flag opened_;
  mutable std::shared_ptr<JobRegistry> registry_;
  mutable std::string why_;
};

}  // namespace app
