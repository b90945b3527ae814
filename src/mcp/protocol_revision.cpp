#include "mcp/protocol_revision.h"

namespace mcp {

const std::vector<ProtocolRevision>& protocol_revisions() {
  // clang-format off
  static const std::vector<ProtocolRevision> revisions = {
      //  version       annot. p.msg  audio  titles struct links  tasks  descr. batches
      {"2025-11-25",  true,  true,  true,  true,  true,  true,  true,  true,  false},
      {"2025-06-18",  true,  true,  true,  true,  true,  true,  false, false, false},
      {"2025-03-26",  true,  true,  true,  false, false, false, false, false, true},
      {"2024-11-05",  false, false, false, false, false, false, false, false, true},
  };
  // clang-format on
  return revisions;
}

const ProtocolRevision& newest_revision() { return protocol_revisions().front(); }

const ProtocolRevision* find_revision(std::string_view version) {
  for (const auto& r : protocol_revisions())
    if (r.version == version) return &r;
  return nullptr;
}

}  // namespace mcp
