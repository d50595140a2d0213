#!/usr/bin/env bash
# Builds ptconv and its tests with AddressSanitizer + UndefinedBehaviorSanitizer
# (gcc, Debug) in build-asan/ and runs the whole test suite; any sanitizer
# report, leak or failing test fails the run.
#
#   scripts/ci-sanitize.sh
#
# Environment: PTC_CI_BUILD_DIR (default build-asan) the build directory;
# CC (default gcc); PTC_SANITIZE_JOBS (default: all cores)
# tests run at once.
set -euo pipefail

die() {
    echo "ci-sanitize: error: $*" >&2
    exit 2
}

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=$(realpath -m "${PTC_CI_BUILD_DIR:-build-asan}")
jobs=${PTC_SANITIZE_JOBS:-$(nproc)}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die "PTC_SANITIZE_JOBS must be a positive whole number, not '$jobs'"

echo "ci-sanitize: building $build (${CC:-gcc}, Debug, ASan+UBSan)"
mkdir -p "$build"
if ! CC=${CC:-gcc} cmake -S . -B "$build" -DPTCONV_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DBUILD_TESTING=ON \
    >"$build/configure.log" 2>&1; then
    cat "$build/configure.log" >&2
    die "cmake configure failed"
fi
cmake --build "$build" -j"$(nproc)"

# abort_on_error: a report must fail the test even where a test driver
# only looks at the signal; halt_on_error: one UB is enough to stop.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

echo "ci-sanitize: running the test suite under ASan+UBSan"
status=0
(cd "$build" && ctest --output-on-failure --no-tests=error -j"$jobs") || status=$?
if [ "$status" -ne 0 ]; then
    echo "ci-sanitize: FAILED: see the output above (test logs: $build/Testing/Temporary/LastTest.log)" >&2
    exit 1
fi
echo "ci-sanitize: OK"
