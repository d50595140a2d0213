#!/usr/bin/env bash
# The whole test suite on a fresh machine: install the dependencies, build
# with gcc and check the clang build is warning-free, run every test
# (ctest: units, golden files, generated corpora, CLI, browser, pathological
# inputs, atomic output), then the same suite under ASan+UBSan, valgrind on
# the golden conversions and unit tests, and the fuzzer for a bounded time.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
jobs=$(nproc)

echo "== build (gcc) and test"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs")

echo "== build (clang, -Werror)"
CC=clang cmake -S . -B build-clang -DCMAKE_BUILD_TYPE=Debug
cmake --build build-clang -j"$jobs"

echo "== sanitizers (ASan+UBSan)"
bash scripts/ci-sanitize.sh

echo "== valgrind"
bash scripts/ci-valgrind.sh

echo "== fuzz (${PTCONV_FUZZ_SECONDS:-60} s)"
bash scripts/ci-fuzz.sh "${PTCONV_FUZZ_SECONDS:-60}"

echo "== all tests passed"
