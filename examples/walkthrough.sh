#!/usr/bin/env bash
# Runs examples/walkthrough.json as a real MCP stdio session against the bundled PixVerse
# simulator (no API key, no internet): upload → image_to_video → extend_video → sound_effect_video.
# Build first (tools/build). Usage: examples/walkthrough.sh
set -euo pipefail
cd "$(dirname "$0")/.."
exec build/mcp-harness demo --script examples/walkthrough.json
