#!/usr/bin/env python3
"""docs.options: `ptconv --help`, man/ptconv.1 and README list the same
long options.

Usage: docs_options.py PTCONV MAN_PAGE README

The options are every `--[a-z-]+` in: the --help text; the OPTIONS section
of the man page (roff's \\- read as -); README's options list, between
<!-- options:begin --> and <!-- options:end -->. Fails naming what each
source lacks.
"""
import re
import subprocess
import sys

OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def options(text):
    return set(m.rstrip("-") for m in OPTION.findall(text))


def main():
    ptconv, man, readme = sys.argv[1:4]
    help_text = subprocess.run([ptconv, "--help"], check=True, capture_output=True,
                               text=True).stdout
    with open(man, encoding="utf-8") as f:
        roff = f.read().replace("\\-", "-")
    m = re.search(r"^\.SH OPTIONS\n(.*?)^\.SH ", roff, flags=re.S | re.M)
    if not m:
        print("%s has no OPTIONS section" % man)
        return 1
    with open(readme, encoding="utf-8") as f:
        md = f.read()
    r = re.search(r"<!-- options:begin -->(.*?)<!-- options:end -->", md, flags=re.S)
    if not r:
        print("%s has no <!-- options:begin --> ... <!-- options:end --> list" % readme)
        return 1
    sources = {"ptconv --help": options(help_text), man: options(m.group(1)),
               readme: options(r.group(1))}
    every = set().union(*sources.values())
    ok = True
    for name, opts in sources.items():
        lacking = sorted(every - opts)
        if lacking:
            ok = False
            print("%s lacks: %s" % (name, " ".join(lacking)))
    if len(sources["ptconv --help"]) < 10:
        print("only %d options found in --help: the parser is broken" % len(sources["ptconv --help"]))
        ok = False
    if ok:
        print("%d long options, the same in all three: %s" % (len(every), " ".join(sorted(every))))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
