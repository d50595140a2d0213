#!/usr/bin/env bash
# Installs the Debian 12 packages ptconv needs to build, test, fuzz and
# render its HTML in a real browser. Idempotent; needs root (or sudo).
set -euo pipefail
PKGS=(
  build-essential cmake pkg-config      # toolchain + dependency discovery
  libpcre2-dev                          # pattern matching (parsers/)
  libxml2-dev libxml2-utils             # XML reading/schema validation in tests, xmllint
  libjansson-dev                        # JSON input (-f json, ptconv diff)
  python3-jsonschema                    # tests: JSON output against schemas/ptconv.schema.json
  libcmocka-dev                         # unit tests
  clang libclang-rt-14-dev              # second compiler, libFuzzer, sanitizers
  valgrind                              # leak checks
  strace                                # atomic.fsync-only-when-asked counts fsync calls
  python3                               # gen-corpus (shared/bench), test drivers
  time                                  # bench/: peak memory (GNU time %M)
  jq                                    # the README's examples
  man-db groff-base                     # docs.man: man -l renders ptconv.1 and ptconv.3
  python3-pandas                        # python.dataframe: ptconv.to_dataframe
  parallel                              # GNU parallel: the speed.gnu-parallel test, README recipes
  miller                                # bench/run compares with mlr
)
if [ "${PTCONV_WITH_BROWSER:-1}" = 1 ]; then
  PKGS+=(chromium fonts-noto-cjk)       # HTML rendering test; CJK glyphs in the screenshot
  PKGS+=(poppler-utils)                 # print test: pdftotext reads the printed pages
fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
