#!/usr/bin/env python3
"""docs.man: both man pages render without a warning, and ptconv.3 has a
subsection for every function the header exports.

Usage: docs_man.py HEADER PAGE...

Each PAGE is rendered with `MANWIDTH=80 man --warnings=w -l -Tutf8 PAGE`
(man-db: preconv, tbl, groff with every warning on); anything on stderr
fails, as does a page whose rendering lacks its NAME section. A page named
*.3 must hold `.SS NAME` for each `PTC_EXPORT ... NAME(` of HEADER.
"""
import os
import re
import shutil
import subprocess
import sys


def main():
    header, pages = sys.argv[1], sys.argv[2:]
    if not shutil.which("man") or not shutil.which("groff"):
        print("man or groff is missing: scripts/setup-debian.sh installs man-db and groff")
        return 1
    env = dict(os.environ, MANWIDTH="80", LC_ALL="C.UTF-8", MAN_DISABLE_SECCOMP="1")
    ok = True
    with open(header, encoding="utf-8") as f:
        exported = re.findall(r"^PTC_EXPORT\b[^(]*?\b(\w+)\s*\(", f.read(), flags=re.M)
    for page in pages:
        r = subprocess.run(["man", "--warnings=w", "-l", "-Tutf8", page], env=env,
                           capture_output=True, text=True)
        if r.returncode != 0 or r.stderr.strip():
            ok = False
            print("%s: man -l failed (status %d):\n%s" % (page, r.returncode, r.stderr))
        elif "NAME" not in re.sub(r".\x08", "", r.stdout):
            ok = False
            print("%s: the rendering has no NAME section" % page)
        else:
            print("%s: %d lines rendered, no warnings" % (page, r.stdout.count("\n")))
        if page.endswith(".3"):
            with open(page, encoding="utf-8") as f:
                subsections = set(re.findall(r"^\.SS (\S+)", f.read(), flags=re.M))
            lacking = [n for n in exported if n not in subsections]
            if lacking or not exported:
                ok = False
                print("%s lacks a subsection for: %s" % (page, " ".join(lacking) or "(no exports found)"))
            else:
                print("%s: all %d exported functions documented" % (page, len(exported)))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
