#pragma once
// The MCP protocol revisions this server answers `initialize` with, and what each one has.
// A client gets exactly the features of the revision it negotiated: older clients validate
// results strictly and may refuse what their revision does not define.
//
// Sources: each revision's changelog on modelcontextprotocol.io (specification/<rev>/changelog)
// and its schema.ts.
#include <string_view>
#include <vector>

namespace mcp {

struct ProtocolRevision {
  std::string_view version;
  bool tool_annotations = false;    // Tool.annotations (2025-03-26)
  bool progress_message = false;    // notifications/progress "message" (2025-03-26)
  bool audio_content = false;       // AudioContent blocks (2025-03-26)
  bool titles = false;              // "title" on Tool and Implementation (2025-06-18)
  bool structured_content = false;  // Tool.outputSchema and CallToolResult.structuredContent (2025-06-18)
  bool resource_links = false;      // ResourceLink content blocks (2025-06-18)
  bool tasks = false;               // Tasks, Tool.execution, tasks capability (2025-11-25)
  bool server_description = false;  // Implementation.description (2025-11-25)
  bool batches = false;             // JSON-RPC batches on the wire: MUST be received in 2025-03-26,
                                    // JSON-RPC 2.0's own in 2024-11-05, removed in 2025-06-18
  // 2026-07-28 (basic/versioning): no session. Each request names its revision in _meta;
  // server/discover replaces initialize; ping, logging/setLevel and resources/(un)subscribe are
  // gone; results carry resultType and serverInfo (mcp/request_era.h: modern_result).
  bool stateless = false;
  // The tasks extension ("io.modelcontextprotocol/tasks", 2026-07-28): a tools/call may answer
  // with resultType "task"; tasks/get (status and outcome), tasks/cancel and tasks/update.
  bool tasks_extension = false;
};

// Whether requests of `method` exist in `revision`: the methods one era removed or added
// (initialize, ping, logging/setLevel, resources/subscribe, resources/unsubscribe, the tasks/*
// of 2025-11-25 vs server/discover and the tasks extension's). Methods this says exist may still be unknown to the
// server.
bool offers_method(const ProtocolRevision& revision, std::string_view method);

// Newest first. `initialize` answers the requested version when it is listed here, and the
// newest otherwise (the client then decides whether it can go on).
const std::vector<ProtocolRevision>& protocol_revisions();
const ProtocolRevision& newest_revision();
// The legacy revision named `version`, or nullptr: what `initialize` may negotiate (never a
// modern one).
const ProtocolRevision* find_revision(std::string_view version);

// The modern revision (2026-07-28): no handshake, each request names it in its _meta
// (mcp/request_era.h). Core tasks moved to an extension and batches stay removed.
const ProtocolRevision& modern_revision();
// The legacy or modern revision named `version`, or nullptr: what a request in flight uses.
const ProtocolRevision* revision_named(std::string_view version);

}  // namespace mcp
