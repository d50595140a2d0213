#!/usr/bin/env python3
"""Round trip through the canonical text format:

    parse(text(parse(x))) == parse(x)

Runs `ptconv -t json X`, `ptconv -t text X > Y`, `ptconv -t json Y` and
compares the two JSON values with what only says where things were in the
input removed: the documents' "source" and "lines", the tables' "lines",
the indicators' and goal items' "line", the tables' "labels" (the source's
spelling of its labels) and the diagnostics' "line" and "column" (and so
their order, which is source order). Also checks
that the text format is a fixed point: `ptconv -t text Y` gives Y again,
byte for byte.

With --generate the input is first written by shared/bench/gen-corpus into
the work directory. --identical also requires the text output to equal the
input byte for byte (a clean gen-corpus corpus is in the canonical layout).
--lost CODE allows diagnostics with that code to be
missing after the round trip (for input lines that are not in the model and
so cannot be written back); every other difference fails.

Exits 0 when equal, 1 with the first difference printed.
"""
import argparse
import json
import os
import subprocess
import sys


def run(cmd, stdout):
    proc = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, check=False)
    if proc.returncode not in (0, 1):  # 1: converted, the input had errors
        sys.exit(f"FAIL: {' '.join(cmd)} exited {proc.returncode}: "
                 f"{proc.stderr.decode('utf-8', 'replace')[:500]}")
    return proc


def parse_json(ptconv, path):
    proc = run([ptconv, "-t", "json", path], subprocess.PIPE)
    return json.loads(proc.stdout)


def strip_positions(model):
    for doc in model["documents"]:
        del doc["source"], doc["lines"]
        for table in doc["tables"]:
            del table["lines"]
            for ind in table["indicators"]:
                del ind["line"]
            for item in table.get("goal_items", []):
                del item["line"]
            # how the source spelt its labels ("项目资金申请(万元)"): the
            # canonical text writes every label one way
            table.pop("labels", None)
        for diag in doc["diagnostics"]:
            del diag["line"], diag["column"]
        # Diagnostics are listed in source order; without positions that
        # order says nothing, and the text layout may order rows differently.
        doc["diagnostics"].sort(key=lambda d: (d["severity"], d["code"], d["message"]))
    return model


def first_difference(a, b, path="$"):
    """Path and both values of the first place where a and b differ, or None."""
    if type(a) is not type(b):
        return path, a, b
    if isinstance(a, dict):
        for key in list(a) + [k for k in b if k not in a]:
            if key not in a or key not in b:
                return f"{path}.{key}", a.get(key, "<missing>"), b.get(key, "<missing>")
            found = first_difference(a[key], b[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            found = first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        if len(a) != len(b):
            return f"{path} (length)", len(a), len(b)
        return None
    return None if a == b else (path, a, b)


def short(value):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 300 else text[:300] + "…"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ptconv", required=True)
    ap.add_argument("--workdir", required=True, help="where the text output (and a generated input) go")
    ap.add_argument("--name", required=True, help="file name stem inside the work directory")
    ap.add_argument("--input", help="the input file")
    ap.add_argument("--generate", nargs=4, metavar=("GEN_CORPUS", "SEED", "DOCS", "VARIANT"),
                    help="write the input with gen-corpus first")
    ap.add_argument("--lost", action="append", default=[], metavar="CODE",
                    help="diagnostics with this code may be missing after the round trip")
    ap.add_argument("--identical", action="store_true",
                    help="also require the text output to be the input, byte for byte")
    a = ap.parse_args()

    os.makedirs(a.workdir, exist_ok=True)
    source = a.input
    if a.generate:
        gen, seed, docs, variant = a.generate
        source = os.path.join(a.workdir, a.name + ".input.txt")
        with open(source, "wb") as out:
            subprocess.run([sys.executable, gen, "--seed-file", seed, "--docs", docs,
                            "--variant", variant], stdout=out, check=True)
    if not source:
        ap.error("give --input or --generate")

    canonical = os.path.join(a.workdir, a.name + ".canonical.txt")
    again = os.path.join(a.workdir, a.name + ".canonical2.txt")
    with open(canonical, "wb") as out:
        run([a.ptconv, "-t", "text", source], out)
    with open(again, "wb") as out:
        run([a.ptconv, "-t", "text", canonical], out)

    want = strip_positions(parse_json(a.ptconv, source))
    got = strip_positions(parse_json(a.ptconv, canonical))

    lost = 0
    if a.lost:
        for w_doc, g_doc in zip(want["documents"], got["documents"]):
            kept = [d for d in w_doc["diagnostics"] if d["code"] not in a.lost]
            lost += len(w_doc["diagnostics"]) - len(kept)
            w_doc["diagnostics"] = kept
    docs = want["documents"]
    if not docs:
        print(f"FAIL: {source} has no documents: nothing was compared")
        return 1

    diff = first_difference(want, got)
    if diff:
        path, x, y = diff
        print(f"FAIL: {source} does not round-trip through {canonical}")
        print(f"  first difference at {path}")
        print(f"  parse(x):             {short(x)}")
        print(f"  parse(text(parse(x))): {short(y)}")
        return 1
    with open(canonical, "rb") as f1, open(again, "rb") as f2:
        if f1.read() != f2.read():
            print(f"FAIL: text output is not a fixed point: {canonical} != {again}")
            return 1
    if a.identical:
        with open(source, "rb") as f1, open(canonical, "rb") as f2:
            x, y = f1.read(), f2.read()
        if x != y:
            at = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
            line = x[:at].count(b"\n") + 1
            print(f"FAIL: text output differs from the input {source} at byte {at} (line {line})")
            return 1
    tables = sum(len(d["tables"]) for d in docs)
    indicators = sum(len(t["indicators"]) for d in docs for t in d["tables"])
    print(f"OK: {len(docs)} documents, {tables} tables, {indicators} indicators round-trip"
          + (f" ({lost} diagnostics of {', '.join(a.lost)} not reproducible)" if a.lost else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
