#!/usr/bin/env bash
# The main job on a fresh machine: install what ptconv needs, build it, and
# convert the bundled seed announcement (fixtures/seed.txt) to JSON on stdout.
# Also writes build/seed.html, the regenerated published page.
set -euo pipefail
cd "$(dirname "$0")/.."
PTCONV_WITH_BROWSER=0 bash scripts/setup-debian.sh >&2
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >&2
cmake --build build -j"$(nproc)" >&2
./build/ptconv -t html -o build/seed.html fixtures/seed.txt
./build/ptconv fixtures/seed.txt
echo "ptconv: wrote build/seed.html; JSON above. Try: ./build/ptconv --help" >&2
