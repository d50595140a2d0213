#!/usr/bin/env bash
# completion.bash: source completion/ptconv.bash and check COMPREPLY.
# Usage: completion_test.sh COMPLETION_FILE PTCONV_BINARY
# The binary's directory goes first on PATH, so `ptconv --list-formats`
# at completion time is the build's.
set -u
file=$1
bin=$2
PATH="$(dirname "$bin"):$PATH"
[ "$(basename "$bin")" = ptconv ] || { echo "the binary must be named ptconv: $bin"; exit 1; }
# shellcheck source=/dev/null
source "$file"
fails=0

# complete LINE: COMPREPLY for the command line LINE (cursor at its end)
complete_line() {
    local line=$1
    read -r -a COMP_WORDS <<<"$line"
    [[ $line == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE=$line
    COMP_POINT=${#line}
    COMPREPLY=()
    _ptconv ptconv "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
}

expect() { # expect LINE WANT...: COMPREPLY holds exactly WANT (sorted)
    local line=$1
    shift
    complete_line "$line"
    local got want
    got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
    want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
    if [ "$got" != "$want" ]; then
        echo "FAIL '$line': got [$got] want [$want]"
        fails=$((fails + 1))
    else
        echo "ok   '$line' -> $got"
    fi
}

expect_has() { # expect_has LINE WORD...: COMPREPLY includes every WORD
    local line=$1 w
    shift
    complete_line "$line"
    for w in "$@"; do
        if ! printf '%s\n' "${COMPREPLY[@]}" | grep -qx -- "$w"; then
            echo "FAIL '$line': no $w in [${COMPREPLY[*]}]"
            fails=$((fails + 1))
            return
        fi
    done
    echo "ok   '$line' has $*"
}

formats=$("$bin" --list-formats | cut -d' ' -f1)
# shellcheck disable=SC2086
expect "ptconv -t " $formats
expect "ptconv --to j" json jsonl
expect "ptconv --enc" --encoding
expect "ptconv --li" --list-formats --list-checks
expect "ptconv --diagnostics " text json
expect_has "ptconv --encoding " UTF-8 GB18030 GBK UTF-16LE
expect_has "ptconv --encoding GB" GB18030 GBK GB2312
expect_has "ptconv " check help
expect_has "ptconv -q " check help
# every long option of --help is offered for "--"
# shellcheck disable=SC2046
expect_has "ptconv --" $("$bin" --help | grep -oE -- '(^|[ ,])--[a-z][a-z-]*' | tr -d ' ,' | sort -u)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
touch "$tmp/in.txt"
expect "ptconv check $tmp/in" "$tmp/in.txt"
expect "ptconv -t csv $tmp/i" "$tmp/in.txt"
[ "$fails" = 0 ] && echo "all completion checks passed"
exit "$fails"
