#!/usr/bin/env python3
"""The README's scripts work whatever ran before them.

Usage: scripts_test.py

Running `bash scripts/demo.sh` and then `bash scripts/test.sh` used to end
"all tests passed" after ctest found "No tests were found!!!": demo.sh
configured build/ with BUILD_TESTING=OFF and test.sh reused the tree. These
checks read the scripts (running them installs packages and takes minutes):

- every ctest run in scripts/*.sh has --no-tests=error, so a run that
  executes no test fails;
- every tree a script runs tests in is configured by that script with
  -DBUILD_TESTING=ON;
- demo.sh builds in a tree of its own, no other script's.
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = sorted((ROOT / "scripts").glob("*.sh"))


def logical_lines(text):
    """Lines with backslash continuations joined, comments dropped."""
    out, cur = [], ""
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        if line.endswith("\\"):
            cur += line[:-1] + " "
            continue
        out.append(cur + line)
        cur = ""
    return out


def configured_trees(lines):
    """{tree: [configure line]} for each `cmake -S . -B TREE`."""
    trees = {}
    for line in lines:
        m = re.search(r"\bcmake\s+-S\s+\S+\s+-B\s+(\S+)", line)
        if m:
            trees.setdefault(m.group(1).strip('"'), []).append(line)
    return trees


def main():
    problems = []
    demo_trees = set()
    other_trees = set()
    for script in SCRIPTS:
        lines = logical_lines(script.read_text())
        trees = configured_trees(lines)
        if script.name == "demo.sh":
            demo_trees |= set(trees)
        else:
            other_trees |= set(trees)
        for line in lines:
            if re.search(r"(^|[\s(;&])ctest\b", line):
                if "--no-tests=error" not in line:
                    problems.append(f"{script.name}: ctest without --no-tests=error: {line.strip()}")
                m = re.search(r"cd\s+(\S+?)\s*&&\s*ctest", line)
                tree = m.group(1).strip('"') if m else None
                if tree and tree in trees and not all("-DBUILD_TESTING=ON" in c for c in trees[tree]):
                    problems.append(f"{script.name}: runs ctest in {tree}, not configured with "
                                    f"-DBUILD_TESTING=ON")
    if not demo_trees:
        problems.append("demo.sh configures no build tree")
    shared = demo_trees & other_trees
    if shared:
        problems.append(f"demo.sh builds in {sorted(shared)}, which other scripts use too")
    for p in problems:
        print("FAIL " + p)
    if not problems:
        print(f"ok   {len(SCRIPTS)} scripts")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
