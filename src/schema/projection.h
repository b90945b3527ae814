#pragma once
// What tools/list publishes of a tool's schema: a portable projection of the full schema that
// every major host and the LLM API behind it accepts, while the server keeps validating
// against the full schema (docs/host-profiles.md lists the rules and their sources).
//
// The projection keeps, at every node, only the keywords every host takes:
//   type (one string), description, title, properties, required (names that exist),
//   additionalProperties (false only), items, enum (strings only), minimum, maximum,
//   minLength, maxLength, minItems, maxItems, pattern, format (date-time, date, time, email,
//   uri, uuid, hostname, ipv4, ipv6, duration).
// Everything else goes: combinators and conditionals (allOf, anyOf, oneOf, not, if/then/else),
// dependentRequired, prefixItems, $ref/$defs, $schema, const (a string const becomes a
// one-value enum), and our x- extensions. "default" is folded into the description
// ("Default: 540p.") unless it already speaks of a default.
//
// Two extensions steer it:
//   "x-publish": {…}  — on a node: publish this schema instead (the node's description and
//                       title are kept). Used where the full schema needs a union, e.g. an id
//                       that is an integer or a digit string is published as a string.
//   root "allOf" rules that are not "x-server-only" — dropped from the schema, and their
//                       "x-error" sentence is appended to the tool's description, so the model
//                       still reads the rule ("Give exactly one of file_path or image_url.").
#include <nlohmann/json.hpp>
#include <string>

namespace app {

// The published form of `schema` (a full input or output schema with x- extensions).
// Throws std::runtime_error naming the node when the result would break a host: a published
// node without one "type" string, an array without "items", a root that is not an object.
nlohmann::json published_schema(const nlohmann::json& schema);

// `description` followed by the sentences of the root rules the projection drops from
// `input_schema` (its non-server-only root "allOf" entries' "x-error"), each once.
// Throws std::runtime_error when such a rule has no "x-error" to say it with.
std::string description_with_rules(const std::string& description, const nlohmann::json& input_schema);

}  // namespace app
