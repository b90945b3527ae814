#include "mcp/protocol_revision.h"

namespace mcp {

const std::vector<ProtocolRevision>& protocol_revisions() {
  // Each revision names the features it has; the rest are false.
  static const std::vector<ProtocolRevision> revisions = {
      {.version = "2025-11-25",
       .tool_annotations = true,
       .progress_message = true,
       .audio_content = true,
       .titles = true,
       .structured_content = true,
       .resource_links = true,
       .tasks = true,
       .server_description = true},
      {.version = "2025-06-18",
       .tool_annotations = true,
       .progress_message = true,
       .audio_content = true,
       .titles = true,
       .structured_content = true,
       .resource_links = true},
      {.version = "2025-03-26",
       .tool_annotations = true,
       .progress_message = true,
       .audio_content = true,
       .batches = true},
      {.version = "2024-11-05", .batches = true},
  };
  return revisions;
}

const ProtocolRevision& newest_revision() { return protocol_revisions().front(); }

const ProtocolRevision* find_revision(std::string_view version) {
  for (const auto& r : protocol_revisions())
    if (r.version == version) return &r;
  return nullptr;
}

const ProtocolRevision& modern_revision() {
  static const ProtocolRevision modern{.version = "2026-07-28",
                                       .tool_annotations = true,
                                       .progress_message = true,
                                       .audio_content = true,
                                       .titles = true,
                                       .structured_content = true,
                                       .resource_links = true,
                                       .server_description = true,
                                       .stateless = true,
                                       .tasks_extension = true};
  return modern;
}

const ProtocolRevision* revision_named(std::string_view version) {
  if (version == modern_revision().version) return &modern_revision();
  return find_revision(version);
}

bool offers_method(const ProtocolRevision& revision, std::string_view method) {
  if (method == "server/discover") return revision.stateless;
  if (method == "initialize" || method == "ping" || method == "logging/setLevel" || method == "resources/subscribe" ||
      method == "resources/unsubscribe")
    return !revision.stateless;
  if (method == "tasks/get" || method == "tasks/cancel") return revision.tasks || revision.tasks_extension;
  if (method == "tasks/list" || method == "tasks/result") return revision.tasks;
  if (method == "tasks/update") return revision.tasks_extension;
  if (method.substr(0, 6) == "tasks/") return false;
  return true;
}

}  // namespace mcp
