#!/usr/bin/env python3
"""A reference parser written as an analyst would: regular expressions and
str.split over the lines, just enough to recover the fields of gen-corpus's
truth file (doc, seq, unit, project_name, funding_wan, indicator_count,
indicators), following the six rules of shared/bench/README.md.

    bench/reference.py CORPUS.txt > tables.jsonl      # one object per table
    bench/reference.py CORPUS.txt --check TRUTH.jsonl # compare with the truth

It is what ptconv is compared against in bench/run: the same fields,
checked, so the comparison is between two correct programs.
"""
import json
import re
import sys

TITLE = re.compile(r"^\s*绩效目标设置情况\s*$")
TABLE = re.compile(r"^\s*(\d+)\s*、.*(?:批复表|目标表|申报表|审批表)\s*$")
APPLICANT = re.compile(r"^\s*申报单位\s*[:：]\s*(.*?)\s*$")
FUNDS = re.compile(r"([0-9]+(?:\.[0-9]+)?)")
P_TAG = re.compile(r"</?p>")
WS = re.compile(r"\s+")


def label(cell):
    return WS.sub("", cell).replace("(", "（").replace(")", "）")


def first_value(cells):
    for c in cells[1:]:
        if c.strip():
            return P_TAG.sub("", c).strip()
    return ""


def parse(path):
    doc = 0
    table = None
    in_indicators = False
    last_path = ["", "", ""]
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        for raw in f:
            line = raw.rstrip("\n").rstrip("\r")
            if TITLE.match(line):
                if table:
                    yield table
                    table = None
                doc += 1
                continue
            m = TABLE.match(line)
            if m:
                if table:
                    yield table
                table = {"doc": doc, "seq": int(m.group(1)), "unit": None, "project_name": None,
                         "funding_wan": None, "indicator_count": 0, "indicators": []}
                in_indicators = False
                last_path = ["", "", ""]
                continue
            if table is None:
                continue
            m = APPLICANT.match(line)
            if m:
                table["unit"] = m.group(1)
                continue
            cells = line.split("\t")
            head = label(cells[0])
            if head == "项目名称":
                table["project_name"] = first_value(cells)
            elif head.startswith("项目资金"):
                m = FUNDS.search(first_value(cells))
                if m:
                    v = float(m.group(1))
                    table["funding_wan"] = int(v) if v.is_integer() else v
            elif head == "一级指标":
                in_indicators = True
            elif head == "其他说明":
                in_indicators = False
            elif in_indicators and len(cells) >= 4:
                cells = (cells + [""] * 6)[:6]
                levels = [WS.sub("", c) for c in cells[:3]]
                levels = [lv or last_path[i] for i, lv in enumerate(levels)]
                last_path = levels
                table["indicators"].append(levels + [c.strip() for c in cells[3:6]])
                table["indicator_count"] += 1
    if table:
        yield table


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    tables = parse(args[0])
    if len(args) == 3 and args[1] == "--check":
        truth = {}
        with open(args[2], encoding="utf-8") as f:
            for line in f:
                t = json.loads(line)
                truth[(t["doc"], t["seq"])] = t
        passed = failed = 0
        for t in tables:
            want = truth.pop((t["doc"], t["seq"]), None)
            if want is not None and all(t[k] == want[k] for k in want):
                passed += 1
            else:
                failed += 1
                if failed <= 5:
                    print("differs:", json.dumps(t, ensure_ascii=False)[:300], file=sys.stderr)
        failed += len(truth)
        print(f"{passed} passed, {failed} failed")
        return 1 if failed else 0
    out = sys.stdout
    for t in tables:
        out.write(json.dumps(t, ensure_ascii=False))
        out.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
