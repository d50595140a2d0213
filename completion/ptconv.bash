# bash completion for ptconv                                -*- shell-script -*-
# Installed as share/bash-completion/completions/ptconv. The formats come
# from `ptconv --list-formats` (its first column) when completing, so they
# follow the registry; encodings are a short list of common ones plus what
# `iconv -l` knows.

_ptconv_formats() {
    local cmd=${1:-ptconv}
    "$cmd" --list-formats 2>/dev/null | while read -r name _; do
        printf '%s\n' "$name"
    done
}

_ptconv_encodings() {
    printf '%s\n' UTF-8 GB18030 GBK GB2312 UTF-16 UTF-16LE UTF-16BE BIG5
    if command -v iconv >/dev/null 2>&1; then
        # "NAME//" entries, comma- and space-separated
        iconv -l 2>/dev/null | tr ', ' '\n\n' | sed -n 's,//$,,p'
    fi
}

_ptconv() {
    local cur prev words cword
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion -s || return
    else
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD - 1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi
    local cmd=${words[0]}
    local opts="--to --from --output --output-dir --encoding --compact --fragment --title
        --css --css-href --template --bom --csv-raw --check --strict --diagnostics
        --list-formats --list-checks --rules --explain --jobs --stat --fsync --quiet --verbose --help
        --version -t -f -o -j -q -v -h"

    # --opt=value
    if [[ $cur == --*=* ]]; then
        prev=${cur%%=*}
        cur=${cur#*=}
    fi
    case $prev in
        -t | --to)
            mapfile -t COMPREPLY < <(compgen -W "$(_ptconv_formats "$cmd")" -- "$cur")
            return
            ;;
        --encoding)
            mapfile -t COMPREPLY < <(compgen -W "$(_ptconv_encodings | sort -u)" -- "$cur")
            return
            ;;
        -f | --from)
            mapfile -t COMPREPLY < <(compgen -W "text json jsonl" -- "$cur")
            return
            ;;
        --diagnostics)
            mapfile -t COMPREPLY < <(compgen -W "text json" -- "$cur")
            return
            ;;
        --output-dir)
            mapfile -t COMPREPLY < <(compgen -d -- "$cur")
            return
            ;;
        -o | --output | --css | --template | --rules)
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            return
            ;;
        --title | --css-href | -j | --jobs)
            COMPREPLY=()
            return
            ;;
    esac

    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
        return
    fi

    # The command is the first argument that is not an option (or an
    # option's value); offer it until one is given.
    local i word have_command=0
    for ((i = 1; i < cword; i++)); do
        word=${words[i]}
        case $word in
            --) break ;;
            -t | --to | -f | --from | -o | --output | --output-dir | --encoding | --title | --css | -j | --jobs | \
                --css-href | --template | --diagnostics | --rules)
                ((i++)) ;;
            -*) ;;
            *) have_command=1; break ;;
        esac
    done
    if ((!have_command)); then
        mapfile -t COMPREPLY < <(compgen -W "check diff help" -- "$cur")
    fi
    local files
    mapfile -t files < <(compgen -f -- "$cur")
    COMPREPLY+=("${files[@]}")
}
complete -F _ptconv -o filenames ptconv
