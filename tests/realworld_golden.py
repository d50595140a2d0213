#!/usr/bin/env python3
"""Every real published table in shared/realworld/ against its reviewed
golden JSON, byte for byte: fixtures/golden/realworld/NAME.json is what
`ptconv -t json NAME` writes when run in that folder (so "source" is the
bare file name). Each golden was reviewed cell by cell against the source
text and the folder's README; docs/realworld-review.md records the review.
A changed golden is a decision: review the difference, then rewrite with

    UPDATE_GOLDEN=1 ctest -R realworld.golden

Also checks that the folder holds no file without a golden, so a new real
table cannot be added untested.

Usage: realworld_golden.py PTCONV SHARED_DIR GOLDEN_DIR"""
import difflib
import os
import subprocess
import sys


def main():
    ptconv, shared, golden_dir = sys.argv[1:4]
    folder = os.path.join(shared, "realworld")
    names = sorted(n for n in os.listdir(folder) if n != "README.md" and not n.startswith("."))
    update = os.environ.get("UPDATE_GOLDEN") == "1"
    failed = 0
    for name in names:
        r = subprocess.run([os.path.abspath(ptconv), "-t", "json", name], cwd=folder,
                           capture_output=True)
        if r.returncode not in (0, 1):
            print(f"FAIL {name}: exit {r.returncode}: {r.stderr.decode()[:300]}")
            failed += 1
            continue
        path = os.path.join(golden_dir, name + ".json")
        if update:
            with open(path, "wb") as f:
                f.write(r.stdout)
            print(f"wrote {path}")
            continue
        if not os.path.exists(path):
            print(f"FAIL {name}: no golden {path}")
            failed += 1
            continue
        with open(path, "rb") as f:
            want = f.read()
        if want == r.stdout:
            print(f"ok   {name}")
            continue
        failed += 1
        diff = difflib.unified_diff(want.decode().splitlines(), r.stdout.decode().splitlines(),
                                    "golden", "now", lineterm="", n=2)
        print(f"FAIL {name}: output differs from {path}")
        for line in list(diff)[:60]:
            print("  " + line)
    print(f"{len(names) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
