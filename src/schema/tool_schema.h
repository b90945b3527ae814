#pragma once
// A tool's schema file (schemas/<name>.json) made usable: the tools/list descriptor, the
// compiled input validator, and the request body built from validated arguments.
//
// Schema file format: {"title", "description", "inputSchema", "outputSchema", "annotations",
// "execution"}. "outputSchema" may be the stem of a shared file ("_video_job"). Fragments
// ({"x-use": "_fields#/$defs/prompt"}) are expanded first (fragments.h). Our other
// extensions (stripped from what tools/list shows):
//   "x-id": true          — a PixVerse id: an integer or a digit string, sent as a JSON integer
//   "x-media": "image"|"video"|"audio" — (with x-id) the media itself is accepted too: an
//                           absolute path, http(s) URL or data: URI, uploaded before sending
//   "x-media-limits": {…} — (with x-media) what this input may be: "max_mb" | "under_mb",
//                           "max_seconds" | "under_seconds", "max_side_px" over the kind's
//                           defaults; on an array of media, "max_total_seconds" of them together
//                           (media_file.h, media_inputs.h)
//   "x-random-default": true — (an integer with minimum and maximum) when absent, a random value
//                           in that range is sent: for fields PixVerse requires that have no
//                           meaningful default, such as extend's seed
//   "x-default-if": [{"if": <schema>, "default": v}, …] — when absent and the arguments match an
//                           "if" (first match wins), that default instead of "default"
//   "x-local": true       — an argument for this server (e.g. a wait time), never sent to PixVerse
//   "x-error": "…"        — the message shown when that subschema fails (see json_schema.h)
//   "x-server-only": true — on a root allOf entry: enforced here, left out of tools/list (its
//                           rule is told in the descriptions by hand)
//   "x-publish": {…}      — what tools/list shows instead of this node (projection.h)
//   "x-ref-names": {"text": …, "lists": […]} — on the root: @ref_name references in a text
//                           must name items of those arrays, uniquely (ref_names.h)
// tools/list shows a portable projection of the schemas (projection.h): root rules and
// unions are enforced here but not published.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/tool.h"
#include "pixverse/envelope.h"
#include "schema/json_schema.h"

namespace app {

// Also the tool's mcp::ToolContract: the server runs prepare_arguments before the handler and
// check_structured after it.
class ToolSchema : public mcp::ToolContract {
 public:
  // Throws std::runtime_error if the embedded file is missing or malformed.
  explicit ToolSchema(std::string_view tool_name);
  // The descriptor alone, without compiling the validators. Throws likewise.
  static nlohmann::json descriptor_of(std::string_view tool_name);

  // Parsed from the text kept: a parsed descriptor costs tens of KB per tool, and is needed
  // only to serialise tools/list once per revision.
  nlohmann::json descriptor() const { return nlohmann::json::parse(descriptor_text_); }
  const nlohmann::json& input_schema() const { return input_; }
  const JsonSchema& output_validator() const { return *output_validator_; }

  // The arguments with defaults filled in for absent top-level properties: a matching
  // x-default-if, else "default", else a random value for x-random-default.
  nlohmann::json with_defaults(const nlohmann::json& arguments) const;
  // Validation errors as one sentence, or "" when the arguments are valid.
  std::string check(const nlohmann::json& arguments) const;
  // The JSON body for PixVerse: x-local arguments dropped, x-id values as exact JSON integers
  // at any depth (image_references[].img_id too), integral numbers as integers.
  nlohmann::json request_body(const nlohmann::json& arguments) const;

  // The arguments a handler gets: coerced (argument_coercion.h), defaults filled in, checked
  // against the schema and for ids that cannot be read exactly (id_text.h); else the problems
  // as one sentence ("duration: must be one of 5, 8; prompt: is required").
  common::Expected<nlohmann::json> prepare_arguments(const nlohmann::json& arguments) const override;
  // The output validator's errors for a structuredContent, as one sentence, or "".
  std::string check_structured(const nlohmann::json& structured) const override;

 private:
  nlohmann::json input_;       // with our x- extensions, for validation and body building
  std::string descriptor_text_;  // what tools/list shows, as compact JSON
  struct ConditionalDefault {
    std::string property;
    std::shared_ptr<JsonSchema> condition;  // over the whole arguments
    nlohmann::json value;
  };
  std::vector<ConditionalDefault> conditional_defaults_;  // in the schema's order
  std::unique_ptr<JsonSchema> input_validator_;
  std::unique_ptr<JsonSchema> output_validator_;
};

using pixverse::as_id;  // ids in arguments read as PixVerse reads them (pixverse/envelope.h)

}  // namespace app
