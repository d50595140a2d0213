#!/usr/bin/env python3
"""The seed, transformed the ways other regions' layouts and extraction
tools change it, must give the same tables, indicators, names, values and
notes as the plain seed:

  dropped   leading category cells left out on rows that repeat the row
            above (a web page copied from a browser: merged cells appear once)
  blanked   the same cells left empty in place (a spreadsheet export)
  paged     a page-number line and the repeated indicator header inserted in
            the middle of every indicator block (a PDF page break)
  spaced    every label letter-spaced (项 目 名 称)
  fullwidth every digit written full-width (１２．４)
  wrapped   every cell longer than 40 characters cut at 40, as a PDF's text
            extraction wraps a long cell: the first 40 characters stay in
            the cell (the row keeps its TABs), the rest follows on the next
            physical line(s) alone, 40 characters a line, without TAB. The
            cut moves back so that it never falls next to a space nor inside
            a run of ASCII letters and digits: an extractor drops the space
            at a line end, and what it dropped cannot be told from nothing
            (2.5 ⏎ 万卷 was "2.5万卷" or "2.5 万卷"), so the variant keeps to
            the cuts that lose nothing.
            A row's long cells would put their rests in cell order; the
            seed has at most one per row.
  combined  all of them at once (dropped, paged, spaced, fullwidth, wrapped)

Compared: per table its project name, department, funds value, goal and
notes, and per indicator its path, name, value number/comparator and unit
(value text for the full-width variant compares after folding digits).

Usage: transform_test.py PTCONV SEED"""
import json
import subprocess
import sys

FW = {ord(c): ord("０") + i for i, c in enumerate("0123456789")}
FW[ord(".")] = ord("．")
LABELS = ["项目名称", "主管部门", "预算执行单位", "项目类型", "项目期限", "项目资金申请（万元）",
          "项目绩效年度目标", "年度绩效指标", "其他说明"]


def convert(ptconv, data):
    r = subprocess.run([ptconv, "-t", "json", "-"], input=data, capture_output=True)
    if r.returncode not in (0, 1):
        raise SystemExit(f"ptconv failed: {r.stderr.decode()}")
    return json.loads(r.stdout), r.stderr.decode()


def fold(s):
    return s.translate({v: k for k, v in FW.items()}) if isinstance(s, str) else s


def summary(model, folded=False):
    out = []
    for doc in model["documents"]:
        for t in doc["tables"]:
            f = t["funds"]
            out.append({
                "project_name": t["project_name"], "department": t["department"],
                "funds": f and f["value"], "goal": t["annual_goal"], "notes": t["notes"],
                "indicators": [{"path": i["path"], "name": i["name"],
                                "number": i["value"]["number"], "cmp": i["value"]["comparator"],
                                "text": fold(i["value"]["text"]) if folded else i["value"]["text"],
                                "name_folded": fold(i["name"]),
                                "unit": i["unit"]} for i in t["indicators"]],
            })
    return out


def indicator_rows(lines):
    """Yield (start, end) index ranges of indicator blocks: after a header."""
    i = 0
    while i < len(lines):
        if lines[i].startswith("一级指标\t"):
            j = i + 1
            while j < len(lines) and lines[j].count("\t") >= 4 and not lines[j].startswith("其他说明"):
                j += 1
            yield i, j
            i = j
        else:
            i += 1


def dropped(lines, blank):
    out = list(lines)
    for h, end in indicator_rows(lines):
        prev = None
        for k in range(h + 1, end):
            cells = lines[k].split("\t")
            keep = 0
            if prev:
                while keep < 3 and cells[keep] == prev[keep] and all(cells[m] == prev[m] for m in range(keep)):
                    keep += 1
            prev = cells
            if keep:
                out[k] = "\t".join(([""] * keep if blank else []) + cells[keep:])
    return out


def paged(lines):
    out = []
    blocks = {h: end for h, end in indicator_rows(lines)}
    mid = {h + 1 + (end - h - 1) // 2: lines[h] for h, end in blocks.items()}
    for k, line in enumerate(lines):
        if k in mid:
            out += ["- 3 -", mid[k]]
        out.append(line)
    return out


def spaced(lines):
    out = []
    for line in lines:
        cells = line.split("\t")
        if cells[0] in LABELS:
            cells[0] = " ".join(cells[0])
        out.append("\t".join(cells))
    return out


def fullwidth(lines):
    return [l.translate(FW) for l in lines]


WRAP = 40


def wrap_cell(cell):
    """The pieces of a cell a 40-character line width makes."""
    pieces = []
    while len(cell) > WRAP:
        k = WRAP
        while k > 1 and (cell[k - 1].isspace() or cell[k].isspace() or
                         all(ch.isascii() and ch.isalnum() for ch in cell[k - 1:k + 1])):
            k -= 1
        pieces.append(cell[:k])
        cell = cell[k:]
    return pieces + [cell]


def wrapped(lines):
    out = []
    for line in lines:
        cells = line.split("\t")
        rests = []
        for i, c in enumerate(cells):
            if len(c) > WRAP:
                first, *rest = wrap_cell(c)
                cells[i] = first
                rests += rest
        out.append("\t".join(cells))
        out += rests
    return out


def main():
    ptconv, seed = sys.argv[1], sys.argv[2]
    text = open(seed, encoding="utf-8").read()
    lines = text.split("\n")
    plain, _ = convert(ptconv, text.encode())
    want = summary(plain)
    if sum(len(t["indicators"]) for t in want) != 188:
        raise SystemExit("the plain seed should give 188 indicators")
    variants = {
        "dropped": dropped(lines, blank=False),
        "blanked": dropped(lines, blank=True),
        "paged": paged(lines),
        "spaced": spaced(lines),
        "fullwidth": fullwidth(lines),
        "wrapped": wrapped(lines),
        "combined": wrapped(fullwidth(spaced(paged(dropped(lines, blank=False))))),
    }
    passed = failed = 0
    for name, var in variants.items():
        if var == lines:
            print(f"FAIL {name}: the transformation changed nothing")
            failed += 1
            continue
        model, err = convert(ptconv, "\n".join(var).encode())
        got = summary(model, folded=name in ("fullwidth", "combined"))
        w = [dict(t, indicators=[dict(i, text=fold(i["text"])) for i in t["indicators"]]) for t in want] \
            if name in ("fullwidth", "combined") else want
        if name in ("fullwidth", "combined"):
            # digits in free text are written full-width there; compare them folded
            got = [dict(t, **{k: fold(t[k]) for k in ("project_name", "department", "goal", "notes")},
                        indicators=[dict(i, name=fold(i["name"])) for i in t["indicators"]])
                   for t in got]
        diags = [l for l in err.splitlines() if "[page-furniture]" not in l and "[repeated-header]" not in l
                 and "[wrapped-line]" not in l]
        if got != w:
            for ti, (a, b) in enumerate(zip(got, w)):
                if a != b:
                    for key in a:
                        if a[key] != b[key]:
                            detail = a[key] if key != "indicators" else next(
                                (x, y) for x, y in zip(a[key], b[key]) if x != y) if len(a[key]) == len(b[key]) else (len(a[key]), len(b[key]))
                            print(f"FAIL {name}: table {ti + 1} {key}: {str(detail)[:300]}")
                            break
                    break
            failed += 1
        elif diags:
            print(f"FAIL {name}: unexpected diagnostics: {diags[:3]}")
            failed += 1
        else:
            print(f"ok   {name}")
            passed += 1
    # every line the wrapping added is explained as a continuation, in order
    var = variants["wrapped"]
    r = subprocess.run([ptconv, "--explain", "-"], input="\n".join(var).encode(), capture_output=True)
    rows = [l.split("\t") for l in r.stdout.decode().split("\n")[:-1]]
    cont = [row for row in rows if row[1] == "continuation" and row[2].startswith("wrap.")]
    if [int(row[0]) for row in rows] != list(range(1, len(var) + 1)):
        print(f"FAIL wrapped --explain: expected lines 1..{len(var)} once each, in order")
        failed += 1
    elif len(cont) != len(var) - len(lines) or any(row[1] == "unknown" for row in rows):
        print(f"FAIL wrapped --explain: {len(cont)} continuation lines for {len(var) - len(lines)} added")
        failed += 1
    else:
        print("ok   wrapped --explain")
        passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
