#!/usr/bin/env bash
# The Pd side of the lint benchmark: how long headless Pd 0.53 takes to load every Debian patch.
# Prints the wall and CPU time of (1) one Pd process per patch, (2) one Pd process opening all of them.
set -euo pipefail
mapfile -t files < <(find /usr/share/puredata/doc /usr/lib/puredata/extra -name '*.pd' | sort)
echo "${#files[@]} patches"
pdflags=(-nogui -nosound -nomidi -noprefs -batch -stderr)
echo "one process per patch:"
time (for f in "${files[@]}"; do (cd "$(dirname "$f")" && pd "${pdflags[@]}" -open "$f" -send "pd quit" >/dev/null 2>&1 || true); done)
opens=()
for f in "${files[@]}"; do opens+=(-open "$f"); done
echo "one process opening all patches:"
time (pd "${pdflags[@]}" "${opens[@]}" -send "pd quit" >/dev/null 2>&1 || true)
