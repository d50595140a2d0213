#!/usr/bin/env python3
"""`ptconv --explain` on the seed: one line per input line, in order, each
with a known class, a rule id and what the line fed; nothing left unknown.
Spot checks pin the classes of the seed's kinds of line.

Usage: explain_check.py PTCONV SEED"""
import subprocess
import sys

CLASSES = {"blank", "title", "summary", "unit-item", "heading", "year", "applicant",
           "label-row", "indicator-header", "indicator-row", "text", "furniture",
           "unknown", "continuation"}


def main():
    ptconv, seed = sys.argv[1], sys.argv[2]
    data = open(seed, "rb").read()
    nlines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    r = subprocess.run([ptconv, "--explain", seed], capture_output=True)
    failures = []
    if r.returncode != 0:
        failures.append(f"exit {r.returncode}: {r.stderr.decode()}")
    rows = [l.split("\t") for l in r.stdout.decode().split("\n")[:-1]]
    if [int(row[0]) for row in rows] != list(range(1, nlines + 1)):
        failures.append(f"lines: expected 1..{nlines} once each, in order; got {len(rows)} lines")
    for row in rows:
        if len(row) != 4:
            failures.append(f"not LINE, CLASS, RULE, DETAIL: {row}")
        elif row[1] not in CLASSES:
            failures.append(f"line {row[0]}: unknown class {row[1]}")
        elif row[1] == "unknown":
            failures.append(f"line {row[0]}: not understood ({row})")
        elif row[1] != "blank" and not (row[2] and row[3]):
            failures.append(f"line {row[0]}: no rule or no detail: {row}")
    want = {
        3: ["title", "line.title", "title"],
        5: ["summary", "line.summary", "summary"],
        7: ["text", "line.intro", "document text"],
        9: ["unit-item", "line.unit-item", "units"],
        19: ["heading", "line.heading", "table"],
        21: ["year", "line.year", "year"],
        23: ["applicant", "line.applicant", "applicant"],
        25: ["label-row", "field.project_name", "field project_name"],
        26: ["label-row", "field.department", "field department, field executing_unit"],
        31: ["text", "text.goal", "annual_goal"],
        33: ["indicator-header", "block.indicator-header", "roles: level level level name value unit"],
        34: ["indicator-row", "block.indicator-row", "cells: 1:level 2:level 3:level 4:name 5:value 6:unit"],
        41: ["label-row", "field.notes", "field notes"],
    }
    for line, fields in want.items():
        if line <= len(rows) and rows[line - 1][1:] != fields:
            failures.append(f"line {line}: expected {fields}, got {rows[line - 1][1:]}")
    counts = {}
    for row in rows:
        counts[row[1]] = counts.get(row[1], 0) + 1
    # the seed's 22 tables and 188 indicators, every label row and goal line
    for cls, n in {"heading": 22, "indicator-header": 22, "indicator-row": 188, "year": 22,
                   "applicant": 22, "unit-item": 5}.items():
        if counts.get(cls) != n:
            failures.append(f"{cls}: expected {n} lines, got {counts.get(cls)}")
    if failures:
        print("\n".join(failures))
        print(f"0 passed, 1 failed")
        return 1
    print(f"explain covers all {nlines} lines of {seed}: {counts}")
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
