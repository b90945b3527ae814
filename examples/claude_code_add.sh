#!/usr/bin/env bash
# Registers this build with Claude Code for the current user (all projects).
# Usage: examples/claude_code_add.sh YOUR_API_KEY
set -euo pipefail
key=${1:?usage: $0 PIXVERSE_API_KEY}
server="$(cd "$(dirname "$0")/.." && pwd)/build/pixverse-mcp"
claude mcp add --scope user --env PIXVERSE_API_KEY="$key" pixverse -- "$server"
