#pragma once
// MCP logging levels (RFC 5424 names), ordered from least to most severe.
#include <optional>
#include <string>
#include <string_view>

namespace mcp {

enum class LogLevel { debug, info, notice, warning, error, critical, alert, emergency };

std::optional<LogLevel> parse_log_level(std::string_view name);
std::string_view to_string(LogLevel level);

}  // namespace mcp
