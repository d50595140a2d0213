#!/usr/bin/env bash
# install.consumer: `cmake --install` into a temporary prefix, then build
# tests/install/consumer.c against the INSTALLED library with pkg-config and
# with find_package(ptconv), and run each on the seed.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR CC SEED WORK_DIR
set -euo pipefail
build=$1 src=$2 cc=$3 seed=$4 work=$5
want="22 tables, 188 indicators"
rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix
fail() { echo "FAIL: $*"; exit 1; }

cmake --install "$build" --prefix "$prefix" >"$work/install.log" || { cat "$work/install.log"; fail "cmake --install"; }
for f in bin/ptconv lib/libptconv.a lib/libptconv.so lib/libptconv.so.0 \
         include/ptconv.h include/ptconv_version.h lib/pkgconfig/ptconv.pc \
         lib/cmake/ptconv/ptconvConfig.cmake lib/cmake/ptconv/ptconvConfigVersion.cmake \
         lib/cmake/ptconv/ptconvTargets.cmake share/man/man1/ptconv.1 share/man/man3/ptconv.3 \
         share/ptconv/schemas/ptconv.rng share/bash-completion/completions/ptconv; do
    [ -e "$prefix/$f" ] || fail "not installed: $f"
done
echo "ok   installed into $prefix"
"$prefix/bin/ptconv" --version | grep -q '^ptconv ' || fail "installed ptconv --version"

check_run() { # check_run NAME BINARY: runs on the seed with the INSTALLED .so
    local out
    out=$("$2" "$seed") || fail "$1: exit status $?"
    [[ $out == *"$want"* ]] || fail "$1 printed '$out', want '$want'"
    echo "ok   $1: $out"
}

# 1. pkg-config, shared
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Wextra -Werror -o "$work/consumer-pc" "$src/tests/install/consumer.c" \
    $(pkg-config --cflags --libs ptconv) -Wl,-rpath,"$prefix/lib" || fail "cc with pkg-config"
loads() { ldd "$1" >"$work/ldd.out"; grep -qF "$2" "$work/ldd.out"; } # pipefail-safe
loads "$work/consumer-pc" "$prefix/lib/libptconv.so.0" \
    || fail "consumer-pc does not load the installed libptconv.so.0: $(ldd "$work/consumer-pc")"
check_run "pkg-config build" "$work/consumer-pc"
static_libs=$(pkg-config --static --libs ptconv)
for l in -lptconv -lpcre2-8 -lxml2 -lm; do
    [[ " $static_libs " == *" $l "* ]] || fail "pkg-config --static --libs lacks $l: $static_libs"
done
# the static library with what pkg-config --static names
# shellcheck disable=SC2046
"$cc" -std=c11 -o "$work/consumer-pc-static" "$src/tests/install/consumer.c" \
    $(pkg-config --cflags ptconv) "$prefix/lib/libptconv.a" \
    $(pkg-config --static --libs ptconv | sed 's/-lptconv//') || fail "cc with pkg-config --static"
loads "$work/consumer-pc-static" libptconv && fail "consumer-pc-static loads libptconv.so"
check_run "pkg-config --static build" "$work/consumer-pc-static"

# 2. find_package(ptconv), shared and static
cmake -S "$src/tests/install" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_C_COMPILER="$cc" >"$work/cmake.log" 2>&1 || { cat "$work/cmake.log"; fail "configure with find_package"; }
cmake --build "$work/cmake" >>"$work/cmake.log" 2>&1 || { cat "$work/cmake.log"; fail "build with find_package"; }
loads "$work/cmake/consumer" "$prefix/lib/libptconv.so.0" \
    || fail "the find_package build does not load the installed library: $(ldd "$work/cmake/consumer")"
check_run "find_package build (ptconv::ptconv)" "$work/cmake/consumer"
loads "$work/cmake/consumer_static" libptconv && fail "consumer_static loads libptconv.so"
check_run "find_package build (ptconv::ptconv_static)" "$work/cmake/consumer_static"
echo "all install checks passed"
