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

# -DBUILD_TESTING=ON: build/ may have been configured without tests by an
# earlier run of something else; --no-tests=error: a run that finds no
# test fails instead of "passing".
echo "== build (gcc) and test"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure --no-tests=error -j"$jobs")

echo "== build (clang, -Werror)"
CC=clang cmake -S . -B build-clang -DCMAKE_BUILD_TYPE=Debug -DBUILD_TESTING=ON
cmake --build build-clang -j"$jobs"

echo "== sanitizers (ASan+UBSan)"
bash scripts/ci-sanitize.sh

echo "== valgrind"
bash scripts/ci-valgrind.sh

echo "== fuzz (${PTCONV_FUZZ_SECONDS:-60} s)"
bash scripts/ci-fuzz.sh "${PTCONV_FUZZ_SECONDS:-60}"

echo "== all tests passed"
