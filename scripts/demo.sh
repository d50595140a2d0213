#!/usr/bin/env bash
# The main job on a fresh machine: install what ptconv needs, build it, and
# convert the bundled seed announcement (fixtures/seed.txt) to JSON on stdout.
# Also writes build-demo/seed.html, the regenerated published page.
#
# It builds in build-demo/ (a release build without tests), never in the
# build/ tree scripts/test.sh uses: each script works whatever ran before.
set -euo pipefail
cd "$(dirname "$0")/.."
PTCONV_WITH_BROWSER=0 bash scripts/setup-debian.sh >&2
cmake -S . -B build-demo -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >&2
cmake --build build-demo -j"$(nproc)" >&2
./build-demo/ptconv -t html -o build-demo/seed.html fixtures/seed.txt
./build-demo/ptconv fixtures/seed.txt
echo "ptconv: wrote build-demo/seed.html; JSON above. Try: ./build-demo/ptconv --help" >&2
