#!/usr/bin/env python3
"""browser.seed: the seed's HTML page as a real browser sees it.

Converts fixtures/seed.txt with `ptconv -t html` into $PTC_BUILD, loads it in
Debian's headless Chromium, and checks the DOM Chromium built (not the bytes
we wrote): 22 form tables, every contents link resolves to an element with
that id, the merged category cells of two tables are the printed form's, and
reading every form back out of the DOM grid (rowspans and colspans resolved)
gives the same tables as `ptconv -t json`. Then takes a screenshot and checks
it is a real PNG of some substance.

Environment: PTC_BIN (the ptconv binary), PTC_BUILD (where output goes),
PTC_FIXTURES (fixtures/). Chromium missing is a failure, never a skip.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_TIMEOUT = 60  # seconds, per call

# The seed's tables 1 and 3, worked out by hand from fixtures/seed.txt: the
# (text, rowspan) of every category cell, top to bottom, left to right.
# Table 1: 产出/项目产出 over four rows (数量 时效 质量 成本), 效果/项目效益 over
# three. Table 3: 产出/项目产出 over six rows, 数量指标 and 时效指标 over two
# each, then 效果/项目效益 over three.
EXPECTED_CATEGORY_CELLS = {
    "d1-t1": [("产出", 4), ("项目产出", 4), ("数量指标", 1), ("时效指标", 1), ("质量指标", 1),
              ("成本指标", 1), ("效果", 3), ("项目效益", 3), ("社会效益", 1), ("可持续影响", 1),
              ("社会公众或服务对象满意度", 1)],
    "d1-t3": [("产出", 6), ("项目产出", 6), ("数量指标", 2), ("时效指标", 2), ("质量指标", 1),
              ("成本指标", 1), ("效果", 3), ("项目效益", 3), ("社会效益", 1), ("可持续影响", 1),
              ("社会公众或服务对象满意度", 1)],
}
EXPECTED_TABLES = 22


class DomSummary(HTMLParser):
    """Collects ids, in-page links, form tables and each form's category cells."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = []
        self.toc_links = []
        self.form_tables = 0
        self.scripts = 0
        self.section_stack = []  # ids of the open <section> elements (None if no id)
        self.in_toc = 0
        self.cells = {}  # section id -> [(text, rowspan)]
        self.cell = None  # [section id, rowspan, text parts] while inside a category cell

        self.forms = []  # one dict per <section class="ptc-form">, see read_form()
        self.form = None
        self.text_sink = None  # list collecting the text of the element being read

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        self.form_start(tag, a, classes)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "script":
            self.scripts += 1
        if tag == "section":
            self.section_stack.append(a.get("id"))
        if tag == "nav" and "ptc-toc" in classes:
            self.in_toc += 1
        if tag == "a" and self.in_toc and (a.get("href") or "").startswith("#"):
            self.toc_links.append(a["href"][1:])
        if tag == "table" and "ptc-table" in classes:
            self.form_tables += 1
        if tag == "td" and "ptc-cat" in classes and self.section_stack:
            self.cell = [self.section_stack[-1], int(a.get("rowspan") or 1), []]

    def handle_endtag(self, tag):
        self.form_end(tag)
        if tag == "section" and self.section_stack:
            self.section_stack.pop()
        if tag == "nav" and self.in_toc:
            self.in_toc -= 1
        if tag == "td" and self.cell is not None:
            section, rowspan, parts = self.cell
            self.cells.setdefault(section, []).append(("".join(parts), rowspan))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[2].append(data)
        if self.text_sink is not None:
            self.text_sink.append(data)

    # The forms as grids: each row a list of cells {tag, classes, rowspan,
    # colspan, text}; <p> inside a cell becomes a "\n"-separated paragraph,
    # <br> a "\n".
    def form_start(self, tag, a, classes):
        if tag == "section" and "ptc-form" in classes:
            self.form = {"id": a.get("id"), "heading": "", "year": None, "applicant": None, "rows": []}
            return
        if self.form is None:
            return
        if tag in ("h2", "p") and self.text_sink is None:
            self.text_sink = []
            self.text_owner = tag, classes
        elif tag == "tr":
            self.form["rows"].append([])
        elif tag in ("td", "th"):
            self.text_sink = []
            self.form["rows"][-1].append({"tag": tag, "classes": classes, "text": None,
                                          "rowspan": int(a.get("rowspan") or 1),
                                          "colspan": int(a.get("colspan") or 1)})
        elif tag == "p" and self.text_sink is not None and self.text_sink:
            self.text_sink.append("\n")
        elif tag == "br" and self.text_sink is not None:
            self.text_sink.append("\n")

    def form_end(self, tag):
        if self.form is None:
            return
        if tag == "section":
            self.forms.append(self.form)
            self.form = None
        elif tag in ("td", "th") and self.form["rows"] and self.form["rows"][-1]:
            self.form["rows"][-1][-1]["text"] = "".join(self.text_sink or [])
            self.text_sink = None
        elif tag in ("h2", "p") and self.text_sink is not None and not (
                self.form["rows"] and self.form["rows"][-1] and self.form["rows"][-1][-1]["text"] is None):
            text = "".join(self.text_sink)
            owner_tag, classes = self.text_owner
            if owner_tag == "h2":
                self.form["heading"] = text
            elif "ptc-year" in classes:
                self.form["year"] = text
            elif "ptc-applicant" in classes:
                self.form["applicant"] = text
            self.text_sink = None


def read_form(form):
    """The table a reader sees in one form: its label rows and its indicators,
    with merged cells repeated on every row they cover."""
    table = {"labels": {}, "indicators": [], "goal": None, "notes": None}
    pending = {}  # column -> [cell, rows still covered]
    in_indicators = False
    grid_rows = []
    for row in form["rows"]:
        cells, col, queue = {}, 0, list(row)
        while queue or any(c >= col for c in pending):
            if col in pending:
                cell, left = pending[col]
                cells[col] = cell
                if left == 1:
                    del pending[col]
                else:
                    pending[col] = [cell, left - 1]
                col += cell["colspan"]
                continue
            if not queue:
                col += 1
                continue
            cell = queue.pop(0)
            cells[col] = cell
            if cell["rowspan"] > 1:
                pending[col] = [cell, cell["rowspan"] - 1]
            col += cell["colspan"]
        grid_rows.append([cells[c] for c in sorted(cells)])
    goal_next = False
    for row in grid_rows:
        first = row[0]
        if goal_next:
            table["goal"] = first["text"]
            goal_next = False
        elif "ptc-section" in first["classes"]:
            goal_next = first["text"] == "项目绩效年度目标"
            in_indicators = first["text"] == "年度绩效指标"
        elif in_indicators and all(c["tag"] == "th" for c in row):
            continue  # the column header row
        elif in_indicators and first["tag"] == "td":
            table["indicators"].append({
                "path": [c["text"] for c in row if "ptc-cat" in c["classes"]],
                "name": "".join(c["text"] for c in row if "ptc-name" in c["classes"]),
                "value": "".join(c["text"] for c in row if "ptc-value" in c["classes"]),
                "unit": "".join(c["text"] for c in row if "ptc-unit" in c["classes"]),
            })
        else:
            in_indicators = False
            for label, value in zip(row[0::2], row[1::2]):
                if label["text"] == "其他说明":
                    table["notes"] = value["text"]
                else:
                    table["labels"][label["text"]] = value["text"]
    return table


def model_form(t):
    """The same view of one table of the JSON contract."""
    labels = {}
    written = t.get("labels") or {}  # the labels as written; the form draws them
    for key, builtin, value in (("project_name", "项目名称", t["project_name"]),
                                ("department", "主管部门", t["department"]),
                                ("executing_unit", "预算执行单位", t["executing_unit"]),
                                ("project_type", "项目类型", t["project_type"]),
                                ("period", "项目期限", (t["period"] or {}).get("text")),
                                ("funds", "项目资金申请（%s）" % ((t["funds"] or {}).get("unit") or ""),
                                 (t["funds"] or {}).get("text"))):
        if value is not None:
            labels[written.get(key, builtin)] = value
    for f in t["fields"]:
        labels[f["label"]] = f["value"]
    return {"labels": labels,
            "indicators": [{"path": i["path"], "name": i["name"], "value": i["value"]["text"],
                            "unit": i["unit"]} for i in t["indicators"]],
            "goal": "\n".join(p for p in (t["annual_goal"] or "").split("\n") if p) or None,
            "notes": "\n".join(p for p in (t["notes"] or "").split("\n") if p) or None}


def chromium(args, profile):
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-quic", "--user-data-dir=" + profile] + args
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=CHROMIUM_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        sys.exit("FAIL: chromium did not finish within %d s: %s" % (CHROMIUM_TIMEOUT, " ".join(cmd)))


def main():
    failures = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    if not os.access(CHROMIUM, os.X_OK):
        sys.exit("FAIL: %s is missing; the browser test needs Debian's chromium package "
                 "(apt-get install chromium fonts-noto-cjk)" % CHROMIUM)
    binary = os.environ.get("PTC_BIN")
    build = os.environ.get("PTC_BUILD")
    fixtures = os.environ.get("PTC_FIXTURES")
    if not binary or not build or not fixtures:
        sys.exit("FAIL: PTC_BIN, PTC_BUILD and PTC_FIXTURES must be set (run through ctest)")

    page = os.path.join(os.path.abspath(build), "seed.html")
    shot = os.path.join(os.path.abspath(build), "seed.png")
    repo = os.path.dirname(os.path.abspath(fixtures))
    with open(page, "wb") as out:
        rc = subprocess.run([binary, "-t", "html", "fixtures/seed.txt"], cwd=repo, stdout=out,
                            timeout=CHROMIUM_TIMEOUT).returncode
    check(rc == 0, "ptconv -t html fixtures/seed.txt exits 0 (got %d)" % rc)

    profile = tempfile.mkdtemp(prefix="ptc-chromium-")
    try:
        dumped = chromium(["--dump-dom", "file://" + page], profile)
        check(dumped.returncode == 0, "chromium --dump-dom exits 0 (got %d)" % dumped.returncode)
        dom = DomSummary()
        dom.feed(dumped.stdout.decode("utf-8", "replace"))
        dom.close()
        check(dom.form_tables == EXPECTED_TABLES,
              "%d form tables in the DOM (got %d)" % (EXPECTED_TABLES, dom.form_tables))
        check(len(dom.toc_links) == EXPECTED_TABLES,
              "%d contents links (got %d)" % (EXPECTED_TABLES, len(dom.toc_links)))
        ids = set(dom.ids)
        check(len(ids) == len(dom.ids), "ids are unique")
        missing = [h for h in dom.toc_links if h not in ids]
        check(not missing, "every contents link resolves to an element (missing: %s)" % missing)
        check(dom.scripts == 0, "no <script> element in the DOM (got %d)" % dom.scripts)
        check(len(dom.forms) == EXPECTED_TABLES,
              "%d forms read from the DOM (got %d)" % (EXPECTED_TABLES, len(dom.forms)))
        model = json.loads(subprocess.run([binary, "-t", "json", "fixtures/seed.txt"], cwd=repo,
                                          stdout=subprocess.PIPE, timeout=CHROMIUM_TIMEOUT,
                                          check=True).stdout)
        tables = model["documents"][0]["tables"]
        indicators = 0
        for form, table in zip(dom.forms, tables):
            seen, want = read_form(form), model_form(table)
            indicators += len(seen["indicators"])
            check(seen == want, "form %s read back from the DOM equals the model%s" % (
                form["id"], "" if seen == want else "\n     dom   %s\n     model %s" % (seen, want)))
            heading = "%d、%s" % (table["seq"], table["title"])
            check(form["heading"] == heading and form["year"] == "(%d 年度)" % table["year"]
                  and form["applicant"] == "申报单位：" + table["applicant"],
                  "heading, year and applicant of %s" % form["id"])
        check(indicators == 188, "188 indicators read back from the DOM (got %d)" % indicators)
        for section, expected in EXPECTED_CATEGORY_CELLS.items():
            got = dom.cells.get(section)
            check(got == expected, "category cells and rowspans of %s%s" % (
                section, "" if got == expected else "\n     expected %s\n     got      %s" % (expected, got)))

        if os.path.exists(shot):
            os.remove(shot)
        taken = chromium(["--screenshot=" + shot, "--window-size=1280,4000", "file://" + page], profile)
        check(taken.returncode == 0, "chromium --screenshot exits 0 (got %d)" % taken.returncode)
        size = os.path.getsize(shot) if os.path.exists(shot) else 0
        check(size > 10 * 1024, "screenshot %s is over 10 KB (got %d bytes)" % (shot, size))
        with open(shot, "rb") if size else open(os.devnull, "rb") as fp:
            check(fp.read(8) == b"\x89PNG\r\n\x1a\n", "screenshot starts with the PNG signature")
    finally:
        shutil.rmtree(profile, ignore_errors=True)

    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("all browser checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
