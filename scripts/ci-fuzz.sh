#!/usr/bin/env bash
# Builds the libFuzzer harness (fuzz/) and fuzzes ptconv for SECONDS
# (default 60). Exits non-zero on any finding (crash, broken property, leak,
# timeout, out-of-memory) and prints where the reproducer is.
# See docs/fuzzing.md.
#
#   scripts/ci-fuzz.sh [SECONDS]
#
# Environment: PTC_CI_BUILD_DIR (default build-fuzz) the build directory;
# PTC_SHARED (default ../shared) for gen-corpus and the
# real-world seeds; PTC_FUZZ_JOBS (default 1) parallel fuzzing processes;
# PTC_FUZZ_MAX_LEN (default 1024) libFuzzer's -max_len;
# PTC_FUZZ_FLAGS more libFuzzer flags (after the script's own);
# PTC_FUZZ_TRACE_CMP=ON builds with trace-cmp in the parsers (default OFF);
# PTC_FUZZ_KNOWN_UB=1 keeps fuzzing past the known, reported UBSan findings
# listed in fuzz/known-ubsan.supp (every other finding is still fatal);
# PTC_FUZZ_QUARANTINE_MB (default 16) ASan's quarantine of freed memory.
set -euo pipefail

die() {
    echo "ci-fuzz: error: $*" >&2
    exit 2
}

seconds=${1:-60}
[[ $seconds =~ ^[1-9][0-9]*$ ]] || die "SECONDS must be a positive whole number, not '$seconds'"
jobs=${PTC_FUZZ_JOBS:-1}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die "PTC_FUZZ_JOBS must be a positive whole number, not '$jobs'"

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=$(realpath -m "${PTC_CI_BUILD_DIR:-build-fuzz}")
shared=${PTC_SHARED:-../shared}
command -v clang >/dev/null || die "clang is not installed (scripts/setup-debian.sh installs it)"

recover=
if [ "${PTC_FUZZ_KNOWN_UB:-0}" = 1 ]; then
    supp=$PWD/fuzz/known-ubsan.supp
    recover=$(sed -n 's/^\([a-z-]*\):.*/\1/p' "$supp" | sort -u | paste -sd, -)
    if [ -n "$recover" ]; then
        export UBSAN_OPTIONS=suppressions=$supp:halt_on_error=1:print_stacktrace=1
        echo "ci-fuzz: warning: known UBSan findings suppressed ($recover; see $supp)" >&2
    fi
fi

# ASan keeps freed memory poisoned in a quarantine (256 MB by default) to
# catch uses after free; each input is independent and allocates well under
# 1 MB, so 16 MB still holds everything the last inputs freed, and memory is
# reused while warm instead of ASan mapping fresh pages: 10-15 % less CPU per
# input, a third of it the kernel's page faults (docs/fuzzing.md, "Speed").
# Options the caller set in ASAN_OPTIONS come later and win.
quarantine=${PTC_FUZZ_QUARANTINE_MB:-16}
[[ $quarantine =~ ^[0-9]+$ ]] || die "PTC_FUZZ_QUARANTINE_MB must be a whole number, not '$quarantine'"
export ASAN_OPTIONS="quarantine_size_mb=$quarantine${ASAN_OPTIONS:+:$ASAN_OPTIONS}"

echo "ci-fuzz: building $build/fuzz/fuzz_ptconv (clang, ASan+UBSan+libFuzzer)"
mkdir -p "$build"
if ! CC=clang cmake -S . -B "$build" -DPTCONV_FUZZ=ON -DBUILD_TESTING=OFF \
    -DPTCONV_FUZZ_RECOVER="$recover" \
    -DPTCONV_FUZZ_TRACE_CMP="${PTC_FUZZ_TRACE_CMP:-OFF}" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build/configure.log" 2>&1; then
    cat "$build/configure.log" >&2
    die "cmake configure failed"
fi
cmake --build "$build" --target fuzz_ptconv -j"$(nproc)"
fuzzer=$build/fuzz/fuzz_ptconv

# Seeds are rebuilt every run; corpus/ keeps what earlier runs discovered
# (the fuzzer writes new inputs into the first directory it is given).
# Only short inputs are fuzzed (a seed of 50 KiB runs fifty times slower
# than one of 1 KiB); whole documents go to large/, run once each before
# fuzzing as a regression pass.
seeds=$build/seeds
large=$build/large
corpus=$build/corpus
artifacts=$build/artifacts/$(date +%Y%m%d-%H%M%S)
rm -rf "$seeds" "$large"
mkdir -p "$seeds" "$large" "$corpus" "$artifacts"
max_len=2048
# libFuzzer's -max_len: what is fuzzed. 1 KiB runs twice as many inputs as
# 2 KiB and reached as many edges and features in 60 s (docs/fuzzing.md,
# "Speed"). Seeds from 1 KiB up to max_len stay seeds (libFuzzer mutates
# their first KiB) and also run whole in the regression pass.
fuzz_max_len=${PTC_FUZZ_MAX_LEN:-1024}
[[ $fuzz_max_len =~ ^[1-9][0-9]*$ ]] || die "PTC_FUZZ_MAX_LEN must be a positive whole number, not '$fuzz_max_len'"

# add_seed NAME FILE BYTE0 BYTE1 BYTE2: FILE behind the harness's three
# option bytes (emitter and flags, chunk size, encoding).
add_seed() {
    local name=$1 file=$2 b0=$3 b1=$4 b2=$5 dir=$seeds size
    n_seeds=$((n_seeds + 1))
    size=$(wc -c <"$file")
    [ "$size" -lt "$max_len" ] || dir=$large
    {
        printf '%b' "$(printf '\\0%03o' "$b0" "$b1" "$b2")"
        cat "$file"
    } >"$dir/$name"
    if [ "$dir" = "$seeds" ] && [ "$size" -ge "$fuzz_max_len" ]; then
        cp "$dir/$name" "$large/$name"
    fi
}

# Option triples, one per registry slot (the high nibble of byte 0),
# varying the flags, the chunk size and the encoding choice.
option_sets=("0 0 0" "17 7 0" "34 1 0" "51 64 0" "68 255 0" "85 3 0" "104 13 0" "121 2 1")
small=2048 # larger fixture files are also cut into pieces

# add_text NAME FILE [all]: a small file with the next option set (with
# every option set when "all" is given); a large one whole twice, and
# again cut into its preamble and one piece per table heading. Small inputs
# run ten to fifty times faster, so the fuzzer mostly mutates those, while
# the whole documents keep cross-table state reachable.
n_seeds=0
add_text() {
    local name=$1 file=$2 mode=${3:-} i piece
    if [ "$(wc -c <"$file")" -lt "$small" ]; then
        if [ "$mode" = all ]; then
            for i in "${!option_sets[@]}"; do
                # shellcheck disable=SC2086  # the triple splits into three arguments
                add_seed "$name-$i" "$file" ${option_sets[$i]}
            done
        else
            # shellcheck disable=SC2086
            add_seed "$name" "$file" ${option_sets[$((n_seeds % ${#option_sets[@]}))]}
        fi
        return
    fi
    add_seed "$name-whole-json" "$file" 0 7 0
    add_seed "$name-whole-other" "$file" $((16 * (n_seeds % 5 + 1) + 9)) 1 0
    rm -rf "$build/pieces"
    mkdir -p "$build/pieces"
    awk -v out="$build/pieces/p" '
        /^[ \t]*[0-9]+[ \t]*(、|\.|．)/ && /表[ \t\r]*$/ { n++ }
        { printf "%s\n", $0 > (out sprintf("%04d", n)) }' "$file"
    i=0
    for piece in "$build"/pieces/p*; do
        # shellcheck disable=SC2086
        add_seed "$name-piece-$i" "$piece" ${option_sets[$((i % ${#option_sets[@]}))]}
        i=$((i + 1))
    done
}

# Every text input under fixtures/ (the golden text output is canonical
# input too); the top-level ones are the project's reference inputs.
n_fixtures=0
while IFS= read -r -d '' file; do
    name=fixture-$(echo "${file#fixtures/}" | tr / -)
    if [ "$(dirname "$file")" = fixtures ]; then
        add_text "$name" "$file" all
    else
        add_text "$name" "$file"
    fi
    n_fixtures=$((n_fixtures + 1))
done < <(find fixtures -type f \( -name '*.txt' -o -name '*.tsv' \) -print0 | sort -z)
[ "$n_fixtures" -gt 0 ] || die "no seed files (*.txt, *.tsv) in fixtures/"

# The committed short seed corpus (fuzz/corpus/, option bytes included).
for file in fuzz/corpus/*; do
    [ -f "$file" ] && cp "$file" "$seeds/corpus-$(basename "$file")"
done

# Saved reproducers already carry their option bytes: replaying them first
# fails the run at once while a known bug is unfixed.
n_regressions=0
if [ -d fuzz/regressions ]; then
    while IFS= read -r -d '' file; do
        cp "$file" "$seeds/regression-$(basename "$file")"
        n_regressions=$((n_regressions + 1))
    done < <(find fuzz/regressions -type f ! -name '*.md' -print0 | sort -z)
fi

gen=$shared/bench/gen-corpus
seed_doc=$shared/seeds/000_ab6bda6407c9bf0e.txt
if [ -f "$gen" ] && [ -f "$seed_doc" ] && command -v python3 >/dev/null; then
    for rng in 1 2 3; do
        python3 "$gen" --seed-file "$seed_doc" --docs 1 --variant noisy --rng "$rng" \
            >"$build/noisy-$rng.txt"
        add_text "noisy-$rng" "$build/noisy-$rng.txt"
    done
else
    echo "ci-fuzz: warning: $gen or $seed_doc missing; no gen-corpus seeds" >&2
fi
if [ -d "$shared/realworld" ]; then
    for file in "$shared"/realworld/*.tsv "$shared"/realworld/*.txt; do
        [ -f "$file" ] || continue
        base=$(basename "$file")
        add_text "realworld-$base" "$file"
        case $base in
        *gb18030*) add_seed "realworld-forced-$base" "$file" 0 5 2 ;;
        *utf16*) add_seed "realworld-forced-$base" "$file" 0 5 3 ;;
        esac
    done
fi
echo "ci-fuzz: $(find "$seeds" -type f | wc -l) seeds ($n_regressions saved reproducers)," \
    "$(find "$large" -type f | wc -l) large inputs for the regression pass," \
    "$(find "$corpus" -type f | wc -l) inputs kept from earlier runs"

# The regression pass: every large input once (files as arguments: libFuzzer
# runs each and stops at the first finding).
mapfile -t large_inputs < <(find "$large" -type f | sort)
if [ ${#large_inputs[@]} -gt 0 ]; then
    status=0
    "$fuzzer" -timeout=30 -rss_limit_mb=2048 -artifact_prefix="$artifacts/" "${large_inputs[@]}" \
        >"$build/large.log" 2>&1 || status=$?
    if [ "$status" -ne 0 ]; then
        tail -n 60 "$build/large.log" >&2
        die "the regression pass over the large inputs failed (log: $build/large.log)"
    fi
    echo "ci-fuzz: regression pass: ${#large_inputs[@]} large inputs OK"
fi

log=$build/fuzz.log
# -entropic=0: entropic scheduling's bookkeeping (UpdateFeatureFrequency)
# took a third of all CPU time, and runs without it reached as many
# features in 60 s (docs/fuzzing.md, "Speed"). PTC_FUZZ_FLAGS=-entropic=1
# turns it back on (a later flag wins).
fuzz_args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -dict=fuzz/ptconv.dict
    -max_len="$fuzz_max_len" -entropic=0 -artifact_prefix="$artifacts/" -print_final_stats=1)
# PTC_FUZZ_FLAGS: more libFuzzer flags, e.g. to compare settings.
read -r -a extra_flags <<<"${PTC_FUZZ_FLAGS:-}"
fuzz_args+=("${extra_flags[@]}")
if [ "$jobs" -gt 1 ]; then
    # -fork keeps going after a finding; -ignore_* off makes it stop at the first.
    fuzz_args+=(-fork="$jobs" -ignore_crashes=0 -ignore_timeouts=0 -ignore_ooms=0)
fi
echo "ci-fuzz: fuzzing for $seconds s (log: $log)"
# The CPU time of the fuzzer (and its -fork children): on a shared machine
# inputs per CPU second compare runs better than exec/s, which is per wall
# second. /proc/$$/stat fields 16-17: waited-for children's user and system
# ticks.
children_ticks() { awk '{ print $16 + $17 }' "/proc/$$/stat"; }
ticks_before=$(children_ticks)
status=0
"$fuzzer" "${fuzz_args[@]}" "$corpus" "$seeds" >"$log" 2>&1 || status=$?
cpu_seconds=$(awk -v t=$(($(children_ticks) - ticks_before)) -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.1f", t / hz }')

final_stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -n 1; }
# Edges (cov) and features (ft) of libFuzzer's last status line: a speed-up
# that reaches less of the code in the same time is no speed-up.
coverage_reached() {
    awk '/ cov: [0-9]+ ft: [0-9]+/ { for (i = 1; i < NF; i++) { if ($i == "cov:") c = $(i + 1); if ($i == "ft:") f = $(i + 1) } }
        END { printf "reached %s edges, %s features", c, f }' "$log"
}
mapfile -t found < <(find "$artifacts" -type f ! -name 'slow-unit-*' | sort)
if [ "$status" -ne 0 ] || [ ${#found[@]} -gt 0 ]; then
    # The report starts at the sanitizer's or harness's first word; show
    # it whole, not just a tail that may cut the stack.
    awk 'found || /^==[0-9]+==|^fuzz_ptconv: property|^ERROR: libFuzzer|^INFO: a leak|^SUMMARY:/ {
        found = 1; print }' "$log" | head -n 200 >&2
    echo "ci-fuzz: FAILED: libFuzzer exited with status $status" >&2
    if [ ${#found[@]} -gt 0 ]; then
        for f in "${found[@]}"; do echo "ci-fuzz: reproducer: $f" >&2; done
        echo "ci-fuzz: replay with: $fuzzer ${found[0]}" >&2
        echo "ci-fuzz: keep it as a regression seed: cp ${found[0]} fuzz/regressions/<short-name>" >&2
    else
        echo "ci-fuzz: no reproducer was written; see $log" >&2
    fi
    exit 1
fi
rmdir "$artifacts" 2>/dev/null || true
runs=$(final_stat number_of_executed_units)
echo "ci-fuzz: OK: $runs inputs in $seconds s" \
    "($(final_stat average_exec_per_sec) exec/s; $cpu_seconds CPU s, $(awk -v r="$runs" -v c="$cpu_seconds" \
        'BEGIN { printf "%.0f", (c > 0 ? r / c : 0) }') per CPU second;" \
    "$(final_stat new_units_added) new, peak RSS $(final_stat peak_rss_mb) MB)," \
    "corpus now $(find "$corpus" -type f | wc -l) inputs;" \
    "$(coverage_reached)"
