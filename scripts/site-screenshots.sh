#!/usr/bin/env bash
# Screenshots of a built site for the README: the leaderboard and the most disputed item page, taken by Debian's
# headless Chromium from file:// (no network). Usage: scripts/site-screenshots.sh [SITE_DIR] [OUT_DIR] [ITEM_ID]
# (the README's item image: scripts/site-screenshots.sh site docs/images siren).
set -euo pipefail
cd "$(dirname "$0")/.."
site=$(realpath "${1:-site}")
out="${2:-docs/images}"
mkdir -p "$out"
[ -f "$site/index.html" ] || { echo "site-screenshots: $site/index.html not found (run 'patchbench site' first)" >&2; exit 2; }
# The first item of the first items index is the one the systems disagree on most.
index=$(ls "$site"/items/*/index.md | head -1)
item="${3:-}"
[ -n "$item" ] || item=$(grep -m1 -oE '^\| \[[^]]+\]\(([^)]+)\.md\)' "$index" | sed -E 's/.*\(([^)]+)\.md\)/\1/')
shot() { chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 --window-size="$1" --screenshot="$2" "$3" 2>/dev/null; }
shot 1400,1100 "$out/site-leaderboard.png" "file://$site/index.html"
shot 1300,2500 "$out/site-item.png" "file://$(dirname "$index")/$item.html"
ls -l "$out/site-leaderboard.png" "$out/site-item.png"
