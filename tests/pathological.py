#!/usr/bin/env python3
"""Pathological inputs: ptconv must never crash, hang or lose data.

Usage: pathological.py CASE [--formats]     (pathological.py --list prints the cases)

Each case generates its input at test time (big inputs go to a temporary
directory under PTC_BUILD and are removed afterwards), runs the ptconv binary
and checks, for every run:

  * it finished (subprocess timeout; ctest's TIMEOUT bounds the whole case —
    time is never asserted otherwise) and was not killed by a signal;
  * the exit status is the documented one for that input;
  * every stderr line is a diagnostic "FILE:LINE:COL: severity: message [code]"
    or the -v summary note, and the diagnostics on stderr are exactly those in
    the JSON output (so a sanitizer report on stderr fails the case too);
  * the output is complete and well-formed (json: json.loads; jsonl: one
    object per document, equal to the json documents);
  * the exact diagnostic codes and LINE:COL the case calls for, and the model
    the case calls for (usually: equal to the conversion of an equivalent
    clean input).

Without --formats a case runs the JSON contract (json and jsonl). With
--formats it runs every other format from --list-formats on the same inputs
and checks the same exit status, the same diagnostics and well-formed output.

Environment (set by tests/CMakeLists.txt): PTC_BIN, PTC_FIXTURES, PTC_BUILD, PTC_SCHEMAS
(the XML output is validated against PTC_SCHEMAS/ptconv.rng with xmllint).
"""
import csv
import html.parser
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

RUN_TIMEOUT = 45  # seconds per ptconv run; ctest's TIMEOUT bounds the case
READ_CHUNK = 64 * 1024  # cmd/main.c reads files in chunks of this size
MAX_LINE_BYTES = 1024 * 1024  # parsers/limits.h
MAX_CELLS = 256
MAX_TABLES = 10000
MAX_DIAGNOSTICS = 1000

DIAG_RE = re.compile(
    r"^(?P<src>.+?)(?::(?P<line>\d+):(?P<col>\d+))?: (?P<sev>note|warning|error): "
    r"(?P<msg>.*) \[(?P<code>[a-z0-9-]+)\]$")
NOTE_RE = re.compile(
    r"^(?P<src>.+?): note: encoding (?P<enc>\S+) \((?P<how>[^)]*)\); (?P<bytes>\d+) bytes, "
    r"(?P<lines>\d+) lines, (?P<documents>\d+) documents, (?P<tables>\d+) tables, "
    r"(?P<indicators>\d+) indicators, (?P<errors>\d+) errors, (?P<warnings>\d+) warnings \[input-summary\]$")


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def check_eq(got, want, what):
    if got != want:
        raise Failure(f"{what}:\n  expected {short(want)}\n  observed {short(got)}")


def short(v, limit=600):
    s = repr(v)
    return s if len(s) <= limit else s[:limit] + f"... ({len(s)} chars)"


BIN = os.environ.get("PTC_BIN", "")
FIXTURES = os.environ.get("PTC_FIXTURES", "")
BUILD = os.environ.get("PTC_BUILD", "")


def seed_bytes():
    with open(os.path.join(FIXTURES, "seed.txt"), "rb") as f:
        return f.read()


def seed_text():
    return seed_bytes().decode("utf-8")


# --------------------------------------------------------------------- runs

class Result:
    def __init__(self, args, rc, out, err):
        self.args, self.rc, self.out, self.err = args, rc, out, err
        self.diags = []  # (source, severity, code, line, col, message)
        self.notes = []  # -v summary notes, as dicts


def run_ptconv(args, stdin_bytes=None):
    """Runs ptconv; fails on a hang, a signal or stderr that is not diagnostics."""
    try:
        p = subprocess.run([BIN] + args, input=stdin_bytes,
                           stdin=subprocess.DEVNULL if stdin_bytes is None else None,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise Failure(f"{' '.join(args)}: did not finish within {RUN_TIMEOUT} s (hang or "
                      "non-linear behaviour)")
    err_text = p.stderr.decode("utf-8", "replace")
    if p.returncode < 0:
        raise Failure(f"{' '.join(args)}: killed by signal {-p.returncode}\n{err_text[-3000:]}")
    try:
        err = p.stderr.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Failure(f"{' '.join(args)}: stderr is not UTF-8 ({e})\n{err_text[-3000:]}")
    r = Result(args, p.returncode, p.stdout, err)
    err_lines = err.split("\n")  # not splitlines(): U+2028, U+0085 … may occur in messages
    if err_lines[-1] == "":
        err_lines.pop()
    for line in err_lines:
        m = NOTE_RE.match(line)
        if m:
            r.notes.append(m.groupdict())
            continue
        m = DIAG_RE.match(line)
        if not m:
            raise Failure(f"{' '.join(args)}: exit {p.returncode}; stderr line is not a diagnostic "
                          f"(crash or sanitizer report?):\n  {line[:500]}\n{err[-3000:]}")
        r.diags.append((m["src"], m["sev"], m["code"], int(m["line"] or 0), int(m["col"] or 0),
                        m["msg"]))
    return r


def parse_json(r):
    try:
        return json.loads(r.out.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise Failure(f"{' '.join(r.args)}: output is not valid JSON ({e}); "
                      f"{len(r.out)} bytes, ends with {r.out[-200:]!r}")


def json_diags(model):
    out = []
    for doc in model["documents"]:
        for d in doc["diagnostics"]:
            col = d["column"] if d["line"] else 0
            if d["line"] and not col:
                col = 1  # stderr prints column 0 as 1
            out.append((doc["source"], d["severity"], d["code"], d["line"], col, d["message"]))
    return out


def diag_key(d):
    """(severity, code, line, col) of a stderr diagnostic tuple."""
    return (d[1], d[2], d[3], d[4])


def convert(path=None, stdin_bytes=None):
    """Converts with -t json -v; checks the output and returns (result, model).

    With stdin_bytes the input is piped and the source is "-"."""
    args = ["-t", "json", "-v"]
    if stdin_bytes is None:
        args.append(path)
    else:
        args.append("-")
    r = run_ptconv(args, stdin_bytes=stdin_bytes)
    check(r.rc in (0, 1), f"{' '.join(args)}: exit {r.rc} (expected 0 or 1)\n{r.err[-2000:]}")
    model = parse_json(r)
    check_eq(model.get("format"), "ptconv", "json: format")
    check_eq(model.get("version"), 1, "json: version")
    check(isinstance(model.get("documents"), list), "json: documents is not a list")
    check_eq(r.diags, json_diags(model), f"{' '.join(args)}: stderr diagnostics vs json diagnostics")
    check_eq(len(r.notes), 1, f"{' '.join(args)}: -v summary notes on stderr")
    want_source = "-" if stdin_bytes is not None else path
    for doc in model["documents"]:
        check_eq(doc["source"], want_source, "document source")
        check(len(doc["diagnostics"]) <= MAX_DIAGNOSTICS,
              f"{len(doc['diagnostics'])} diagnostics in one document, more than the cap")
        for i, d in enumerate(doc["diagnostics"]):
            if d["code"] == "too-many-diagnostics":
                check_eq(i, len(doc["diagnostics"]) - 1, "position of too-many-diagnostics")
                check_eq(d["severity"], "error", "too-many-diagnostics severity")
    has_error = any(d[1] == "error" for d in r.diags)
    check_eq(r.rc, 1 if has_error else 0, f"{' '.join(args)}: exit status (1 exactly when "
             "there is an error diagnostic)")
    note = r.notes[0]
    check_eq(int(note["documents"]), len(model["documents"]), "-v documents")
    check_eq(int(note["tables"]), sum(len(d["tables"]) for d in model["documents"]), "-v tables")
    check_eq(int(note["errors"]), sum(d[1] == "error" for d in r.diags), "-v errors")
    check_eq(int(note["warnings"]), sum(d[1] == "warning" for d in r.diags), "-v warnings")
    return r, model


def check_jsonl(path, stdin_bytes, json_result, model):
    args = ["-t", "jsonl", path if stdin_bytes is None else "-"]
    r = run_ptconv(args, stdin_bytes=stdin_bytes)
    check_eq(r.rc, json_result.rc, f"{' '.join(args)}: exit status vs json")
    check_eq(r.diags, json_result.diags, f"{' '.join(args)}: diagnostics vs json")
    text = r.out.decode("utf-8")
    check(text == "" or text.endswith("\n"), "jsonl: output does not end with a newline")
    docs = []
    for n, line in enumerate(text.split("\n")[:-1], 1):  # JSON strings may hold U+2028
        try:
            docs.append(json.loads(line))
        except ValueError as e:
            raise Failure(f"jsonl line {n} is not JSON: {e}")
    check_eq(len(docs), len(model["documents"]), "jsonl: documents")
    for i, (a, b) in enumerate(zip(docs, model["documents"])):
        check(a == b, f"jsonl document {i + 1} differs from the json one")


def without(doc, *keys):
    return {k: v for k, v in doc.items() if k not in keys}


def same_model(a, b, what, drop=("source", "diagnostics")):
    """The two models are equal apart from `drop` keys of each document."""
    da, db = a["documents"], b["documents"]
    check_eq(len(da), len(db), f"{what}: number of documents")
    for i, (x, y) in enumerate(zip(da, db)):
        x, y = without(x, *drop), without(y, *drop)
        if x != y:
            for k in x:
                if x.get(k) != y.get(k):
                    if k == "tables" and len(x[k]) == len(y[k]):
                        for j, (tx, ty) in enumerate(zip(x[k], y[k])):
                            for tk in tx:
                                if tx[tk] != ty.get(tk):
                                    raise Failure(f"{what}: document {i + 1} table {j + 1} "
                                                  f"'{tk}':\n  observed {short(tx[tk])}\n"
                                                  f"  expected {short(ty.get(tk))}")
                    raise Failure(f"{what}: document {i + 1} '{k}':\n  observed {short(x[k])}\n"
                                  f"  expected {short(y.get(k))}")
            raise Failure(f"{what}: document {i + 1} differs")


def diag_keys(r):
    return [diag_key(d) for d in r.diags]


# -------------------------------------------------------- other formats

def list_formats():
    r = run_ptconv(["--list-formats"])
    check_eq(r.rc, 0, "--list-formats exit status")
    names = [line.split()[0] for line in r.out.decode("utf-8").splitlines() if line.strip()]
    check("json" in names and "jsonl" in names, f"--list-formats lacks json/jsonl: {names}")
    return names


class TagBalance(html.parser.HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problem, self.closed_html = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if tag not in self.stack:
            self.problem = self.problem or f"</{tag}> without <{tag}>"
            return
        while self.stack and self.stack[-1] != tag:  # optional end tags (p, li, td …)
            self.stack.pop()
        self.stack.pop()
        if tag == "html":
            self.closed_html = True


def check_well_formed(fmt, out, what, documents):
    """Completeness checks for the non-JSON formats."""
    try:
        text = out.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Failure(f"{what}: output is not UTF-8 ({e})")
    if fmt == "text" and documents == 0 and out == b"":
        return  # no documents, no text
    check(out.endswith(b"\n"), f"{what}: output does not end with a newline "
          f"(incomplete?): ...{out[-200:]!r}")
    if fmt == "xml":
        try:
            ElementTree.fromstring(out)
        except ElementTree.ParseError as e:
            raise Failure(f"{what}: output is not well-formed XML: {e}")
        schema = os.path.join(os.environ.get("PTC_SCHEMAS", ""), "ptconv.rng")
        try:
            v = subprocess.run(["xmllint", "--noout", "--relaxng", schema, "-"], input=out,
                               capture_output=True, timeout=RUN_TIMEOUT)
        except FileNotFoundError:
            raise Failure("xmllint (libxml2-utils) is needed to validate the XML output")
        check(v.returncode == 0, f"{what}: XML not valid against {schema}:\n"
              f"{v.stderr.decode('utf-8', 'replace')[-1500:]}")
    elif fmt == "csv":
        try:
            rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), strict=True))
        except csv.Error as e:
            raise Failure(f"{what}: output is not valid CSV: {e}")
        check(len(rows) >= 1, f"{what}: CSV has no header row")
        width = len(rows[0])
        for i, row in enumerate(rows, 1):
            check_eq(len(row), width, f"{what}: fields in CSV row {i}")
    elif fmt == "html":
        parser = TagBalance()
        parser.feed(text)
        parser.close()
        check(parser.problem is None, f"{what}: HTML: {parser.problem}")
        check(parser.closed_html and not parser.stack,
              f"{what}: HTML page is not closed (open elements: {parser.stack})")


def check_other_formats(inputs):
    """inputs: list of (path, stdin_bytes, json_result). Same status and
    diagnostics as json, well-formed output, for every other format."""
    formats = [f for f in list_formats() if f not in ("json", "jsonl")]
    check(formats, "--list-formats lists no format besides json and jsonl")
    failures = []
    for fmt in formats:
        for path, stdin_bytes, jr in inputs:
            args = ["-t", fmt, path if stdin_bytes is None else "-"]
            what = " ".join(args)
            try:
                r = run_ptconv(args, stdin_bytes=stdin_bytes)
                if r.rc != jr.rc:
                    raise Failure(f"{what}: exit status {r.rc}, with -t json {jr.rc}\n"
                                  f"  stderr: {r.err[-1000:]}")
                check_eq(r.diags, jr.diags, f"{what}: diagnostics (as with -t json)")
                check_well_formed(fmt, r.out, what, int(jr.notes[0]["documents"]))
            except Failure as e:
                failures.append(str(e))
    if failures:
        raise Failure("\n".join(failures))


# -------------------------------------------------------------- helpers

def write(tmp, name, data):
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def count_lines(data):
    """Lines as the decoder counts them: LF, CRLF and lone CR end a line."""
    pieces = re.split(rb"\r\n|\r|\n", data)
    return len(pieces) - 1 if pieces[-1] == b"" else len(pieces)


def seed_lines():
    """The seed's lines (bytes, without terminators); the seed uses LF only."""
    data = seed_bytes()
    check(b"\r" not in data, "the seed is expected to use LF line ends")
    return data.split(b"\n")


def line_index(lines, needle, start=0):
    """0-based index of the first line at or after `start` containing needle."""
    needle = needle.encode("utf-8") if isinstance(needle, str) else needle
    for i in range(start, len(lines)):
        if needle in lines[i]:
            return i
    raise Failure(f"seed has no line containing {needle.decode('utf-8', 'replace')!r}")


def chars(b):
    return len(b.decode("utf-8"))


# name -> function(tmp) that runs the case's JSON checks and returns its
# inputs as (path, stdin_bytes or None, json Result) for the --formats pass.
CASES = {}


def case(name):
    def register(fn):
        CASES[name] = fn
        return fn
    return register


def reference(tmp, name, data):
    """Converts a clean equivalent input; it must convert without errors."""
    path = write(tmp, name, data)
    r, model = convert(path)
    return r, model


# ---------------------------------------------------------------- cases

@case("long-line")
def case_long_line(tmp):
    """A 20 MiB line of CJK text with no newline: line-too-long at 1:1, exit 1."""
    unit = "绩效目标ab".encode("utf-8")  # 14 bytes
    data = unit * ((20 * 1024 * 1024) // len(unit))
    check(len(data) > 20_000_000, "input size")
    path = write(tmp, "long-line.txt", data)
    inputs = []
    for stdin in (None, data):
        r, model = convert(path, stdin_bytes=stdin)
        check_eq(r.rc, 1, "exit status")
        check_eq(diag_keys(r), [("error", "line-too-long", 1, 1), ("warning", "no-tables", 1, 1)],
                 "diagnostics")
        check(str(len(data)) in r.diags[0][5], f"message does not give the line's length "
              f"{len(data)}: {r.diags[0][5]}")
        check_eq(len(model["documents"]), 1, "documents")
        doc = model["documents"][0]
        check_eq(doc["tables"], [], "tables")
        check_eq(doc["lines"], [1, 1], "document lines")
        check_eq(int(r.notes[0]["bytes"]), len(data), "-v bytes")
        check_jsonl(path, stdin, r, model)
        inputs.append((path, stdin, r))
    return inputs


@case("long-line-in-seed")
def case_long_line_in_seed(tmp):
    """A 20 MiB line between two tables of the seed: reported, the rest intact."""
    lines = seed_lines()
    k = line_index(lines, "2、项目支出绩效目标批复表")
    long_line = "项目" * (20 * 1024 * 1024 // 6) + "x"
    data = b"\n".join(lines[:k] + [long_line.encode("utf-8")] + lines[k:])
    path = write(tmp, "long-line-in-seed.txt", data)
    r, model = convert(path)
    check_eq(r.rc, 1, "exit status")
    check_eq(diag_keys(r), [("error", "line-too-long", k + 1, 1)], "diagnostics")
    # The dropped line must cost nothing else: the model is the one of the seed
    # with an empty line in its place.
    ref_r, ref = reference(tmp, "reference.txt", b"\n".join(lines[:k] + [b""] + lines[k:]))
    check_eq(diag_keys(ref_r), [], "reference diagnostics")
    check_eq(len(model["documents"][0]["tables"]), 22, "tables")
    same_model(model, ref, "model vs the seed with an empty line instead")
    check_jsonl(path, None, r, model)
    return [(path, None, r)]


@case("many-tabs")
def case_many_tabs(tmp):
    """A line of a million TABs: too-many-cells at the 257th cell, exit 1."""
    data = b"\t" * 1_000_000
    check(len(data) < MAX_LINE_BYTES, "the line must stay under the line limit")
    path = write(tmp, "many-tabs.txt", data)
    r, model = convert(path)
    check_eq(r.rc, 1, "exit status")
    check_eq(diag_keys(r), [("warning", "no-tables", 1, 1), ("error", "too-many-cells", 1, MAX_CELLS + 1)],
             "diagnostics")
    check_eq(len(model["documents"]), 1, "documents")
    check_eq(model["documents"][0]["tables"], [], "tables")
    check_jsonl(path, None, r, model)
    inputs = [(path, None, r)]

    # The same TABs after a label row of the seed: the first 256 cells are
    # read, the error points at the 257th, and the rest of the seed is intact.
    lines = seed_lines()
    k = line_index(lines, "项目名称\t差旅费用")
    row = lines[k].rstrip(b"\t")
    lines[k] = row + b"\t" * 1_000_000
    data = b"\n".join(lines)
    path = write(tmp, "many-tabs-in-seed.txt", data)
    r, model = convert(path)
    first_256 = b"\t".join(lines[k].split(b"\t")[:MAX_CELLS])
    col = chars(first_256) + 2  # the 257th cell starts after the 256th TAB
    check_eq(r.rc, 1, "exit status (seed)")
    check_eq(diag_keys(r), [("error", "too-many-cells", k + 1, col)], "diagnostics (seed)")
    _, ref = reference(tmp, "seed.txt", seed_bytes())
    same_model(model, ref, "model vs the seed")
    check_jsonl(path, None, r, model)
    inputs.append((path, None, r))
    return inputs


@case("empty-lines")
def case_empty_lines(tmp):
    """200,000 empty lines (LF; then CRLF and lone CR, piped): 0 documents, exit 0."""
    inputs = []
    for name, data, stdin in (("lf", b"\n" * 200_000, False),
                              ("crlf-cr", b"\r\n" * 100_000 + b"\r" * 100_000, True)):
        path = write(tmp, f"empty-{name}.txt", data)
        r, model = convert(path, stdin_bytes=data if stdin else None)
        check_eq(r.rc, 0, f"{name}: exit status")
        check_eq(model["documents"], [], f"{name}: documents")
        check_eq(r.diags, [], f"{name}: diagnostics")
        check_eq(int(r.notes[0]["lines"]), 200_000, f"{name}: -v lines")
        check_eq(r.notes[0]["enc"], "UTF-8", f"{name}: -v encoding")
        check_jsonl(path, data if stdin else None, r, model)
        inputs.append((path, data if stdin else None, r))
    return inputs


@case("headings")
def case_headings(tmp):
    """100,000 empty tables "N、项目支出绩效目标批复表": 10,000 kept, too-many-tables, exit 1."""
    n = 100_000
    data = "".join(f"{i}、项目支出绩效目标批复表\n" for i in range(1, n + 1)).encode("utf-8")
    path = write(tmp, "headings.txt", data)
    r, model = convert(path)
    check_eq(r.rc, 1, "exit status")
    check_eq(diag_keys(r), [("error", "too-many-tables", MAX_TABLES + 1, 1)], "diagnostics")
    check_eq(len(model["documents"]), 1, "documents")
    doc = model["documents"][0]
    check_eq(doc["lines"], [1, n], "document lines")
    tables = doc["tables"]
    check_eq(len(tables), MAX_TABLES, "tables kept")
    for i, t in enumerate(tables, 1):
        check_eq((t["seq"], t["kind"], t["title"], t["lines"], t["indicators"]),
                 (i, "target", "项目支出绩效目标批复表", [i, i], []), f"table {i}")
    check_eq(int(r.notes[0]["lines"]), n, "-v lines")
    check_jsonl(path, None, r, model)
    return [(path, None, r)]


@case("many-documents")
def case_many_documents(tmp):
    """20,000 headings numbered 1: each starts a new document; exit 0."""
    n = 20_000
    data = "1、项目支出绩效目标批复表\n".encode("utf-8") * n
    path = write(tmp, "documents.txt", data)
    r, model = convert(path)
    check_eq(r.rc, 0, "exit status")
    check_eq(r.diags, [], "diagnostics")
    docs = model["documents"]
    check_eq(len(docs), n, "documents")
    for i, doc in enumerate(docs, 1):
        check_eq((doc["lines"], len(doc["tables"]), doc["tables"][0]["lines"]),
                 ([i, i], 1, [i, i]), f"document {i}")
    check_jsonl(path, None, r, model)
    return [(path, None, r)]


def random_inputs(tmp, kind, seeds, make):
    inputs = []
    for seed in seeds:
        data = make(random.Random(seed))
        path = write(tmp, f"{kind}-{seed}.bin", data)
        r, model = convert(path)  # checks exit 0/1 matching the errors, JSON, stderr
        check_eq((r.notes[0]["enc"], r.notes[0]["how"]), ("UTF-8", "detected"),
                 f"seed {seed}: -v encoding")
        check_eq(int(r.notes[0]["lines"]), count_lines(data), f"seed {seed}: -v lines")
        check_eq(int(r.notes[0]["bytes"]), len(data), f"seed {seed}: -v bytes")
        check_jsonl(path, None, r, model)
        inputs.append((path, None, r))
    return inputs


@case("random-bytes")
def case_random_bytes(tmp):
    """1 MiB of random bytes, RNG seeds 1-5: no crash, exit 0/1, valid JSON."""
    return random_inputs(tmp, "random", range(1, 6), lambda rng: rng.randbytes(1 << 20))


@case("random-seed-mix")
def case_random_seed_mix(tmp):
    """1 MiB of seed lines, cells, form keywords and bad bytes in random order."""
    lines = [l for l in seed_lines() if l]
    cells = [c for l in lines for c in l.split(b"\t") if c]
    words = [w.encode("utf-8") for w in (
        "1、项目支出绩效目标批复表", "99999999999999999999、项目支出绩效目标批复表", "(2021 年度)",
        "绩效目标设置情况", "年度绩效指标", "一级指标\t二级指标\t三级指标\t指标值", "其他说明",
        "项目绩效年度目标", "申报单位：", "≥", "不低于", "万元", "%", "1,234.5", "1e999",
        "2021-13-45 至 2021-00-00", "\u3000", "\ufeff")]
    noise = [b"\t", b"\n", b"\r", b"\r\n", b"\0", b"\x80", b"\xc0\xaf", b"\xe0\x80\xaf",
             b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe6\x97", b"\xff", b"\t" * 300]

    def make(rng):
        out, size = [], 0
        while size < (1 << 20):
            pick = rng.random()
            piece = (rng.choice(lines) + b"\n" if pick < 0.45 else
                     rng.choice(cells) if pick < 0.7 else
                     rng.choice(words) if pick < 0.85 else rng.choice(noise))
            out.append(piece)
            size += len(piece)
        return b"".join(out)
    return random_inputs(tmp, "mix", range(1, 5), make)


def cut_cases(tmp, data, cut, name):
    """Converts data[:cut] and the same text repaired the way Unicode recommends."""
    path = write(tmp, f"{name}.txt", data[:cut])
    r, model = convert(path)
    ref_r, ref = reference(tmp, f"{name}-repaired.txt",
                           data[:cut].decode("utf-8", "replace").encode("utf-8"))
    check_eq(diag_keys(ref_r), [], "reference diagnostics")
    same_model(model, ref, f"{name}: model vs the repaired text")
    check_jsonl(path, None, r, model)
    return path, r, model


@case("cut-multibyte")
def case_cut_multibyte(tmp):
    """The seed cut inside its last character: invalid-byte at the exact last line:col."""
    data = seed_bytes()
    last_char = data.decode("utf-8").rstrip("\t\n")[-1]
    enc = last_char.encode("utf-8")
    check(len(enc) == 3, "the seed's last character is expected to be a CJK one")
    at = data.rindex(enc)
    line = data.count(b"\n", 0, at) + 1
    col = chars(data[data.rindex(b"\n", 0, at) + 1:at]) + 1
    inputs = []
    for keep in (1, 2):
        path, r, model = cut_cases(tmp, data, at + keep, f"cut-after-{keep}-bytes")
        check_eq(r.rc, 0, "exit status")
        check_eq(diag_keys(r), [("warning", "invalid-byte", line, col)], f"{keep} bytes: diagnostics")
        for b in enc[:keep]:
            check(f"0x{b:02X}" in r.diags[0][5], f"message lacks 0x{b:02X}: {r.diags[0][5]}")
        t = model["documents"][0]["tables"][-1]
        check_eq(t["notes"], "\ufffd", "last table's notes (the cut character)")
        check_eq(len(model["documents"][0]["tables"]), 22, "tables")
        inputs.append((path, None, r))
    return inputs


@case("cut-in-table")
def case_cut_in_table(tmp):
    """The seed cut inside table 12: tables 1-11 intact, the partial table kept; exit 0."""
    data = seed_bytes()
    lines = data.split(b"\n")
    _, full = reference(tmp, "seed.txt", data)
    full_tables = full["documents"][0]["tables"]
    h = line_index(lines, "12、项目支出绩效目标批复表")
    header = line_index(lines, "指标值", h)
    last_row = header + 3  # three indicator rows survive
    inputs = []

    # Cut at a line end.
    cut = sum(len(l) + 1 for l in lines[:last_row + 1])
    path = write(tmp, "cut-at-line.txt", data[:cut])
    r, model = convert(path)
    check_eq(r.rc, 0, "exit status")
    check_eq(r.diags, [], "diagnostics")
    tables = model["documents"][0]["tables"]
    check_eq(len(tables), 12, "tables")
    check(tables[:11] == full_tables[:11], "tables 1-11 differ from the whole seed's")
    # merged-cell runs (rowspan) end where the cut ends them: compare the rest
    no_span = lambda inds: [dict(i, rowspan=None) for i in inds]
    want = dict(full_tables[11], indicators=no_span(full_tables[11]["indicators"][:3]),
                lines=[full_tables[11]["lines"][0], last_row + 1], notes=None,
                labels={k: v for k, v in full_tables[11]["labels"].items() if k != "notes"})
    check_eq(dict(tables[11], indicators=no_span(tables[11]["indicators"])), want, "table 12 (partial)")
    check_eq(len(want["indicators"]), 3, "indicators of table 12")
    check_eq(model["documents"][0]["lines"], [full["documents"][0]["lines"][0], last_row + 1],
             "document lines")
    check_jsonl(path, None, r, model)
    inputs.append((path, None, r))

    # Cut inside the fourth row's name cell, after two of its characters.
    row = lines[last_row + 1]
    cells = row.split(b"\t")
    name_start = len(b"\t".join(cells[:3])) + 1
    cut2 = cut + name_start + len(cells[3].decode("utf-8")[:2].encode("utf-8"))
    path = write(tmp, "cut-in-cell.txt", data[:cut2])
    r, model = convert(path)
    check_eq(r.rc, 0, "exit status (cut in a cell)")
    check_eq(r.diags, [], "diagnostics (cut in a cell)")
    t = model["documents"][0]["tables"][11]
    check_eq(len(t["indicators"]), 4, "indicators of table 12 (cut in a cell)")
    fourth = full_tables[11]["indicators"][3]
    check_eq(dict(t["indicators"][3], rowspan=None),
             dict(fourth, name=cells[3].decode("utf-8")[:2],
                  value={"text": "", "number": None, "comparator": None, "unit": None,
                         "approximate": False}, unit="", rowspan=None),
             "the cut indicator row")
    check_jsonl(path, None, r, model)
    inputs.append((path, None, r))
    return inputs


@case("nul-bytes")
def case_nul_bytes(tmp):
    """NUL bytes inside cells: kept (\\u0000 in JSON), nul-byte warning at each line's first."""
    lines = seed_lines()
    k1 = line_index(lines, "项目名称\t差旅费用")
    lines[k1] = lines[k1].replace("差旅费用".encode(), "差旅\0费用".encode())
    k2 = line_index(lines, "成本指标\t差旅费\t")
    cells = lines[k2].split(b"\t")
    check_eq(cells[2:4], ["成本指标".encode(), "差旅费".encode()], "seed row layout")
    cells[2] = "成\0\0本指标".encode()
    cells[3] = "差\0旅费".encode()
    lines[k2] = b"\t".join(cells)
    path = write(tmp, "nul.txt", b"\n".join(lines))
    r, model = convert(path)
    check_eq(r.rc, 0, "exit status")
    check_eq(diag_keys(r), [("warning", "nul-byte", k1 + 1, chars("项目名称\t差旅".encode()) + 1),
                            ("warning", "nul-byte", k2 + 1,
                             chars(b"\t".join(cells[:2]) + "\t成".encode()) + 1)], "diagnostics")
    check('"差旅\\u0000费用"'.encode() in r.out, "JSON does not write the NUL as \\u0000")
    _, ref = reference(tmp, "seed.txt", seed_bytes())
    t = ref["documents"][0]["tables"][0]
    t["project_name"] = "差旅\0费用"
    ind = next(i for i in t["indicators"] if i["line"] == k2 + 1)
    ind["path"][2] = "成\0\0本指标"
    ind["name"] = "差\0旅费"
    same_model(model, ref, "model vs the seed with the NULs in place")
    check_jsonl(path, None, r, model)
    return [(path, None, r)]


@case("invalid-utf8")
def case_invalid_utf8(tmp):
    """Invalid UTF-8 in cells of the seed: U+FFFD per maximal subpart, warnings at exact columns."""
    lines = seed_lines()
    # (bad bytes, U+FFFD count, message must contain)
    damage = [
        (b"\x80", 1, "0x80"),                        # lone continuation byte
        (b"\xbf\xbf", 2, "first 0xBF"),              # two of them
        (b"\xc0\xaf", 2, "first 0xC0"),              # overlong '/'
        (b"\xe0\x80\xaf", 3, "first 0xE0"),          # overlong '/', three bytes
        (b"\xed\xa0\x80", 3, "first 0xED"),          # surrogate U+D800
        (b"\xf4\x90\x80\x80", 4, "first 0xF4"),      # beyond U+10FFFF
        (b"\xe6\x97", 1, "0xE6 0x97"),               # truncated character inside a cell
        (b"\xff", 1, "0xFF"),
    ]
    _, seed_model = reference(tmp, "seed.txt", seed_bytes())
    # Indicator rows whose fourth cell is the indicator's name.
    rows = [i["line"] - 1 for t in seed_model["documents"][0]["tables"] for i in t["indicators"]
            if len(i["name"]) >= 2 and lines[i["line"] - 1].split(b"\t")[3:4] == [i["name"].encode()]]
    check(len(rows) >= len(damage), "not enough indicator rows in the seed")
    want = []
    for (bad, _, text), k in zip(damage, rows[::len(rows) // len(damage)]):
        cells = lines[k].split(b"\t")
        name = cells[3].decode("utf-8")
        cut = name[:1].encode("utf-8")
        cells[3] = cut + bad + name[1:].encode("utf-8")
        lines[k] = b"\t".join(cells)
        col = chars(b"\t".join(cells[:3])) + 1 + chars(cut) + 1
        want.append((("warning", "invalid-byte", k + 1, col), text))
    # Two separate runs on one line: one warning, at the first.
    k = line_index(lines, "项目名称\t差旅费用")
    lines[k] = lines[k].replace("差旅费用".encode(),
                                "差".encode() + b"\x80" + "旅费".encode() + b"\xff" + "用".encode())
    want.append((("warning", "invalid-byte", k + 1, chars("项目名称\t差".encode()) + 1), "first 0x80"))
    want.sort(key=lambda w: (w[0][2], w[0][3]))
    data = b"\n".join(lines)
    path = write(tmp, "invalid.txt", data)
    r, model = convert(path)
    check_eq(r.rc, 0, "exit status")
    check_eq((r.notes[0]["enc"], r.notes[0]["how"]), ("UTF-8", "detected"), "-v encoding")
    check_eq(diag_keys(r), [w[0] for w in want], "diagnostics")
    for d, (_, text) in zip(r.diags, want):
        check(text in d[5], f"{d[3]}:{d[4]}: message lacks '{text}': {d[5]}")
    # U+FFFD exactly where Python's (Unicode's recommended) replacement puts it.
    ref_r, ref = reference(tmp, "repaired.txt", data.decode("utf-8", "replace").encode("utf-8"))
    check_eq(ref_r.diags, [], "reference diagnostics")
    same_model(model, ref, "model vs the text repaired with U+FFFD")
    check_eq(model["documents"][0]["tables"][0]["project_name"], "差\ufffd旅费\ufffd用",
             "project name")
    names = [i["name"] for t in model["documents"][0]["tables"] for i in t["indicators"]]
    for bad, n, _ in damage:
        check(any(nm[1:1 + n] == "\ufffd" * n and nm[1 + n:2 + n] != "\ufffd" for nm in names),
              f"no indicator name with {n} U+FFFD for {bad!r}")
    check_jsonl(path, None, r, model)
    return [(path, None, r)]


def straddle(prefix_bytes, piece, encoding, boundary=READ_CHUNK):
    """Text to insert after `prefix_bytes` bytes of file so that the encoding
    of the character `piece` crosses `boundary` (a read chunk edge)."""
    check(prefix_bytes < boundary, "insertion point beyond the chunk edge")
    filler, size = "", len(piece.encode(encoding))
    while True:
        pos = prefix_bytes + len(filler.encode(encoding))
        if pos < boundary < pos + size:
            return filler + piece
        check(pos < boundary, "could not place the character across the chunk edge")
        filler += "一" if boundary - pos >= 4 else "a"


def multibyte_text(encoding, specials, lead=0):
    """The seed repeated (one document each) past the first read chunk, with
    `specials` in table cells and specials[0] placed across the chunk edge
    (the file has `lead` bytes, e.g. a BOM, before the text)."""
    seed = seed_text()
    text = seed.replace("差旅费用", "差旅费用" + specials, 1)
    while lead + len(text.encode(encoding)) < READ_CHUNK + 4096:
        text += "\n" + seed.replace("差旅费用", "差旅费用" + specials[::-1], 1)
    # After the last project name cell that starts before the chunk edge.
    k = max(m.end() for m in re.finditer("项目名称\t", text)
            if lead + len(text[:m.end()].encode(encoding)) < READ_CHUNK - 8)
    ins = straddle(lead + len(text[:k].encode(encoding)), specials[0], encoding)
    text = text[:k] + ins + text[k:]
    at = lead + len(text[:k + len(ins) - 1].encode(encoding))
    check(at < READ_CHUNK < at + len(specials[0].encode(encoding)), "character across the edge")
    return text


def same_output_but_source(r_a, a_path, r_b, b_path, what):
    """Byte-identical JSON apart from the source name."""
    a = r_a.out.replace(json.dumps(a_path).encode(), b'"SOURCE"')
    b = r_b.out.replace(json.dumps(b_path).encode(), b'"SOURCE"')
    if a != b:
        la, lb = a.splitlines(), b.splitlines()
        for i, (x, y) in enumerate(zip(la, lb), 1):
            if x != y:
                raise Failure(f"{what}: output line {i} differs:\n  {x.decode(errors='replace')}\n"
                              f"  {y.decode(errors='replace')}")
        raise Failure(f"{what}: outputs differ in length ({len(la)} vs {len(lb)} lines)")


@case("gb18030")
def case_gb18030(tmp):
    """GB18030 with four-byte sequences: detected, same JSON as UTF-8 apart from the source."""
    specials = "𠀀€😀¥"
    check(all(len(c.encode("gb18030")) in (2, 4) for c in specials), "gb18030 codec")
    check(len("𠀀".encode("gb18030")) == 4 and len("😀".encode("gb18030")) == 4, "4-byte forms")
    inputs = []
    seed = seed_text()
    small = seed.replace("差旅费用", "差旅费用" + specials, 1)
    for name, text in (("seed", small), ("repeated", multibyte_text("gb18030", specials))):
        u8 = write(tmp, f"{name}.utf8.txt", text.encode("utf-8"))
        gb = write(tmp, f"{name}.gb18030.txt", text.encode("gb18030"))
        ru, mu = convert(u8)
        rg, mg = convert(gb)
        check_eq((rg.notes[0]["enc"], rg.notes[0]["how"]), ("GB18030", "detected"),
                 f"{name}: -v encoding")
        check_eq(ru.diags, [], f"{name}: UTF-8 diagnostics")
        check_eq(rg.rc, 0, f"{name}: exit status")
        check_eq(int(rg.notes[0]["lines"]), int(ru.notes[0]["lines"]), f"{name}: -v lines")
        same_output_but_source(rg, gb, ru, u8, f"{name}: GB18030 vs UTF-8 JSON")
        check_eq(mg["documents"][0]["tables"][0]["project_name"], "差旅费用" + specials,
                 f"{name}: project name with four-byte characters")
        check_jsonl(gb, None, rg, mg)
        inputs.append((gb, None, rg))
    return inputs


@case("utf16le-bom")
def case_utf16le_bom(tmp):
    """UTF-16LE with a BOM: same JSON as UTF-8 (also with a surrogate pair across a read chunk)."""
    inputs = []
    for name, text in (("seed", seed_text()), ("repeated", multibyte_text("utf-16-le", "𠀀😀", lead=2))):
        u8 = write(tmp, f"{name}.utf8.txt", text.encode("utf-8"))
        u16 = write(tmp, f"{name}.utf16le.txt", b"\xff\xfe" + text.encode("utf-16-le"))
        ru, mu = convert(u8)
        r, m = convert(u16)
        check_eq((r.notes[0]["enc"], r.notes[0]["how"]), ("UTF-16LE", "bom"), f"{name}: -v encoding")
        check_eq(r.diags, [], f"{name}: diagnostics")
        check_eq(r.rc, 0, f"{name}: exit status")
        same_output_but_source(r, u16, ru, u8, f"{name}: UTF-16LE vs UTF-8 JSON")
        check_jsonl(u16, None, r, m)
        inputs.append((u16, None, r))
    # The seed itself, piped: same as the checked-in seed's conversion.
    data = b"\xff\xfe" + seed_text().encode("utf-16-le")
    r, m = convert(None, stdin_bytes=data)
    ref_r, ref = convert(os.path.join(FIXTURES, "seed.txt"))
    same_output_but_source(r, "-", ref_r, os.path.join(FIXTURES, "seed.txt"), "piped UTF-16LE")
    return inputs


# ----------------------------------------------------------------- main

def main(argv):
    if argv[1:] == ["--list"]:
        print("\n".join(CASES))
        return 0
    if len(argv) not in (2, 3) or argv[1] not in CASES or argv[2:] not in ([], ["--formats"]):
        print(__doc__, file=sys.stderr)
        print("cases: " + " ".join(CASES), file=sys.stderr)
        return 2
    for var in ("PTC_BIN", "PTC_FIXTURES", "PTC_BUILD"):
        if not os.environ.get(var):
            print(f"{var} is not set (run through ctest)", file=sys.stderr)
            return 2
    name, formats = argv[1], argv[2:] == ["--formats"]
    tmp_root = os.path.join(BUILD, "pathological")
    os.makedirs(tmp_root, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"{name}-", dir=tmp_root) as tmp:
        try:
            inputs = CASES[name](tmp)
            if formats:
                check_other_formats(inputs)
        except Failure as e:
            print(f"FAIL {name}{' --formats' if formats else ''}: {e}", file=sys.stderr)
            return 1
    print(f"ok {name}{' --formats' if formats else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
