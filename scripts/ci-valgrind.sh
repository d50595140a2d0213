#!/usr/bin/env bash
# Builds a plain Debug ptconv in build-valgrind/ and runs it under valgrind
# (memcheck): the CLI converting the fixtures to every format, and every
# cmocka unit test binary. Any memory error or definite/indirect leak fails.
#
#   scripts/ci-valgrind.sh
#
# Environment: PTC_CI_BUILD_DIR (default build-valgrind) the build directory;
# PTC_SHARED (default ../shared), passed to the unit tests;
# PTC_VALGRIND_TIMEOUT (default 900) seconds allowed per valgrind run.
set -euo pipefail

die() {
    echo "ci-valgrind: error: $*" >&2
    exit 2
}

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
build=$(realpath -m "${PTC_CI_BUILD_DIR:-build-valgrind}")
timeout_s=${PTC_VALGRIND_TIMEOUT:-900}
[[ $timeout_s =~ ^[1-9][0-9]*$ ]] || die "PTC_VALGRIND_TIMEOUT must be a positive whole number"
command -v valgrind >/dev/null || die "valgrind is not installed (scripts/setup-debian.sh installs it)"

echo "ci-valgrind: building $build (Debug)"
mkdir -p "$build"
if ! cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DBUILD_TESTING=ON >"$build/configure.log" 2>&1; then
    cat "$build/configure.log" >&2
    die "cmake configure failed"
fi
cmake --build "$build" -j"$(nproc)"
bin=$build/ptconv
[ -x "$bin" ] || die "$bin was not built"

logs=$build/valgrind
rm -rf "$logs"
mkdir -p "$logs"
# shellcheck disable=SC2054  # the commas belong to valgrind options
vg=(valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect --track-origins=yes --num-callers=30 --quiet)
failures=()
runs=0

# run_vg NAME OK_STATUSES DIR COMMAND...: COMMAND under valgrind, run in
# DIR; its exit status must be one of OK_STATUSES (space-separated).
# Valgrind's report goes to $logs/NAME.log and is shown when the run fails.
run_vg() {
    local name=$1 ok=$2 dir=$3 status=0
    shift 3
    runs=$((runs + 1))
    (cd "$dir" && exec timeout "$timeout_s" "${vg[@]}" --log-file="$logs/$name.log" "$@") \
        >"$logs/$name.out" 2>"$logs/$name.err" || status=$?
    if [[ " $ok " == *" $status "* ]]; then
        echo "ci-valgrind: ok   $name"
        return 0
    fi
    case $status in
    99) echo "ci-valgrind: FAIL $name: memory error or leak" >&2 ;;
    124) echo "ci-valgrind: FAIL $name: timed out after $timeout_s s" >&2 ;;
    *) echo "ci-valgrind: FAIL $name: exit status $status (expected one of: $ok)" >&2 ;;
    esac
    cat "$logs/$name.log" >&2
    tail -n 30 "$logs/$name.err" >&2
    failures+=("$name")
}

# Nothing here reads the caller's terminal; CI has no standard input.
exec </dev/null

# The CLI: every format in the registry on the real seed and on the hostile
# fixture; 0 (converted) and 1 (converted, input had errors) are both fine.
mapfile -t formats < <("$bin" --list-formats | awk '{ print $1 }')
[ ${#formats[@]} -gt 0 ] || die "$bin --list-formats listed no format"
for fixture in fixtures/seed.txt fixtures/hostile.txt; do
    [ -f "$fixture" ] || die "$fixture is missing"
    stem=$(basename "$fixture" .txt)
    for format in "${formats[@]}"; do
        if "$bin" --list-formats | awk -v f="$format" '$1 == f' | grep -q 'not yet implemented'; then
            echo "ci-valgrind: skip $stem.$format: the registry marks it not yet implemented"
            continue
        fi
        run_vg "cli-$stem-$format" "0 1" . "$bin" -t "$format" "$fixture"
    done
done
# Standard input and the other encodings take other paths through the decoder.
run_vg cli-stdin "0 1" . "$bin" --compact - <fixtures/seed.txt
shared=${PTC_SHARED:-$root/../shared}
for file in "$shared"/realworld/*.gb18030.txt "$shared"/realworld/*.utf16.txt; do
    [ -f "$file" ] || continue
    run_vg "cli-realworld-$(basename "$file")" "0 1" . "$bin" -v "$file"
done
run_vg cli-forced-encoding "0 1" . "$bin" --encoding GB18030 fixtures/hostile.txt

# The unit tests, with the environment ctest gives them, from the directory
# ctest runs them in.
mapfile -t tests < <(find "$build/tests" -maxdepth 1 -type f -name 'test_*' -perm -u+x | sort)
[ ${#tests[@]} -gt 0 ] || die "no test_* binaries in $build/tests"
export PTC_FIXTURES=$root/fixtures PTC_SCHEMAS=$root/schemas PTC_SHARED=$shared \
    PTC_BIN=$bin PTC_BUILD=$build
# Long loops (tests/test_numfmt.c's millions of doubles) run a hundredth of
# their rounds here: valgrind is ~50x slower, and the paths are the same.
export PTC_TEST_SCALE=100
for test in "${tests[@]}"; do
    run_vg "$(basename "$test")" "0" "$build/tests" "$test"
done

if [ ${#failures[@]} -gt 0 ]; then
    echo "ci-valgrind: FAILED: ${#failures[@]} of $runs runs: ${failures[*]} (logs in $logs/)" >&2
    exit 1
fi
echo "ci-valgrind: OK: $runs runs, no memory errors, no leaks"
