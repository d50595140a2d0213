#!/usr/bin/env python3
"""browser.print: the seed's page printed to PDF by headless Chromium.

Converts fixtures/seed.txt with `ptconv -t html` into $PTC_BUILD, prints it
with `chromium --print-to-pdf` (the built-in stylesheet's print rules, no
--paper options, so the page size is the stylesheet's @page) and checks:

  - every page's /MediaBox, read from the PDF bytes, is A4: 595 x 842 pt
    (Chromium writes 595.92 x 842.88; 1 pt of slack);
  - the page count is plausible for 22 forms (more than one page);
  - no table heading, nor the year or applicant line under it, is the last
    text on a page: each page's text from `pdftotext -layout`
    (poppler-utils) must not end with one.

Environment: PTC_BIN, PTC_BUILD, PTC_FIXTURES. Chromium or pdftotext
missing is a failure, never a skip. Leaves $PTC_BUILD/seed.pdf to look at
(`pdftoppm -png -r 50 seed.pdf page`).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

CHROMIUM = "/usr/bin/chromium"
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
TIMEOUT = 90  # seconds, per call
A4 = (595.0, 842.0)  # points: 210 x 297 mm
SLACK = 1.0
MEDIABOX = re.compile(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")
# what must never end a page: "3、项目支出绩效目标批复表", "(2021 年度)", "申报单位：…"
HEADING_LINE = re.compile(r"^\s*(\d+、.*表|\(\d{4} 年度\)|申报单位：.*|目录)\s*$")


def run(cmd, **kw):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT,
                              check=False, **kw)
    except subprocess.TimeoutExpired:
        sys.exit("FAIL: did not finish within %d s: %s" % (TIMEOUT, " ".join(cmd)))


def main():
    failures = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    if not os.access(CHROMIUM, os.X_OK):
        sys.exit("FAIL: %s is missing; the print test needs Debian's chromium package "
                 "(apt-get install chromium fonts-noto-cjk)" % CHROMIUM)
    if not os.access(PDFTOTEXT, os.X_OK):
        sys.exit("FAIL: pdftotext is missing; the print test needs poppler-utils "
                 "(apt-get install poppler-utils)")
    binary, build, fixtures = (os.environ.get(k) for k in ("PTC_BIN", "PTC_BUILD", "PTC_FIXTURES"))
    if not binary or not build or not fixtures:
        sys.exit("FAIL: PTC_BIN, PTC_BUILD and PTC_FIXTURES must be set (run through ctest)")

    build = os.path.abspath(build)
    page = os.path.join(build, "seed-print.html")
    pdf = os.path.join(build, "seed.pdf")
    repo = os.path.dirname(os.path.abspath(fixtures))
    with open(page, "wb") as out:
        rc = subprocess.run([binary, "-t", "html", "fixtures/seed.txt"], cwd=repo, stdout=out,
                            timeout=TIMEOUT).returncode
    check(rc == 0, "ptconv -t html fixtures/seed.txt exits 0 (got %d)" % rc)

    if os.path.exists(pdf):
        os.remove(pdf)
    profile = tempfile.mkdtemp(prefix="ptc-chromium-")
    try:
        printed = run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                       "--disable-background-networking", "--disable-component-update",
                       "--disable-sync", "--disable-quic", "--user-data-dir=" + profile,
                       "--no-pdf-header-footer", "--print-to-pdf=" + pdf, "file://" + page])
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    check(printed.returncode == 0, "chromium --print-to-pdf exits 0 (got %d)" % printed.returncode)
    data = open(pdf, "rb").read() if os.path.exists(pdf) else b""
    check(data.startswith(b"%PDF-"), "%s is a PDF (%d bytes)" % (pdf, len(data)))

    boxes = [tuple(float(v) for v in m.groups()) for m in MEDIABOX.finditer(data)]
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    check(pages > 1, "the 22 forms take more than one page (got %d)" % pages)
    check(len(boxes) >= pages and boxes, "a /MediaBox per page (%d boxes, %d pages)" % (len(boxes), pages))
    odd = [b for b in boxes
           if abs(b[2] - b[0] - A4[0]) > SLACK or abs(b[3] - b[1] - A4[1]) > SLACK]
    check(not odd, "every page is A4, %g x %g pt (first box %s; not A4: %s)" % (
        A4[0], A4[1], boxes[0] if boxes else None, odd[:3]))

    text = run([PDFTOTEXT, "-layout", pdf, "-"])
    check(text.returncode == 0, "pdftotext exits 0 (got %d)" % text.returncode)
    sheets = text.stdout.decode("utf-8", "replace").split("\f")
    if sheets and not sheets[-1].strip():
        sheets.pop()  # after the last page's form feed
    check(len(sheets) == pages, "pdftotext reads %d pages (got %d)" % (pages, len(sheets)))
    for number, sheet in enumerate(sheets[:-1], 1):  # the last page may end anywhere
        last = [line for line in sheet.splitlines() if line.strip()]
        last = last[-1].strip() if last else ""
        check(not HEADING_LINE.match(last),
              "page %d does not end with a heading (its last line: %r)" % (number, last[:60]))

    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("all print checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
