#!/usr/bin/env bash
# Registers this build with Claude Code for the current user (all projects). The key is read
# from PIXVERSE_API_KEY, or asked for without echo (not a command-line argument: other users can
# read those in `ps`).
#   PIXVERSE_API_KEY=… examples/claude_code_add.sh      or      examples/claude_code_add.sh
# The server name comes before --env: claude's -e/--env takes several values and would take a
# name written after it as one more (anthropics/claude-code#46121).
set -euo pipefail
key=${PIXVERSE_API_KEY:-}
if [ -z "$key" ]; then
  read -r -s -p "PixVerse API key: " key
  echo
fi
server="$(cd "$(dirname "$0")/.." && pwd)/build/pixverse-mcp"
claude mcp add pixverse --scope user --env PIXVERSE_API_KEY="$key" -- "$server"
