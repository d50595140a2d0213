#!/usr/bin/env python3
"""README's table of check codes must be what `ptconv --list-checks` says.

Usage: readme_checks.py PTCONV README.md [--write]

The table sits between the lines `<!-- checks:begin -->` and
`<!-- checks:end -->`; it is regenerated from the registry
(checks/registry.c) through `ptconv --list-checks` (code TAB severity TAB
description per line). Without --write, exits 1 with a diff when README
differs; with --write, rewrites README's table in place.
"""
import difflib
import subprocess
import sys

BEGIN, END = "<!-- checks:begin -->", "<!-- checks:end -->"


def table(ptconv):
    out = subprocess.run([ptconv, "--list-checks"], check=True, capture_output=True,
                         text=True, encoding="utf-8").stdout
    rows = ["| code | severity | meaning |", "|---|---|---|"]
    for line in out.splitlines():
        code, severity, description = line.split("\t")
        if "|" in description:
            sys.exit(f"readme_checks: description of {code} contains '|'")
        rows.append(f"| `{code}` | {severity} | {description} |")
    if len(rows) == 2:
        sys.exit("readme_checks: ptconv --list-checks listed no checks")
    return rows


def main():
    args = [a for a in sys.argv[1:] if a != "--write"]
    if len(args) != 2:
        sys.exit(__doc__)
    ptconv, readme = args
    text = open(readme, encoding="utf-8").read()
    lines = text.split("\n")
    try:
        begin, end = lines.index(BEGIN), lines.index(END)
    except ValueError:
        sys.exit(f"readme_checks: {readme} lacks the {BEGIN} / {END} lines")
    if end < begin:
        sys.exit(f"readme_checks: {END} comes before {BEGIN} in {readme}")
    have, want = lines[begin + 1:end], table(ptconv)
    if have == want:
        print(f"{readme}: the table of {len(want) - 2} check codes is up to date")
        return 0
    if "--write" in sys.argv[1:]:
        lines[begin + 1:end] = want
        open(readme, "w", encoding="utf-8").write("\n".join(lines))
        print(f"{readme}: table of check codes rewritten")
        return 0
    sys.stdout.writelines(difflib.unified_diff(
        [l + "\n" for l in have], [l + "\n" for l in want],
        f"{readme} (as written)", "ptconv --list-checks"))
    print(f"{readme}: the table of check codes differs from the registry; regenerate it with\n"
          f"  python3 tests/readme_checks.py {ptconv} {readme} --write")
    return 1


if __name__ == "__main__":
    sys.exit(main())
