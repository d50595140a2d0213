#!/usr/bin/env python3
"""Convert one input with `ptconv -t json` and `ptconv -t xml` and check that
the XML carries exactly the JSON's values.

The XML is turned back into the JSON contract's shape (schemas/ptconv.rng
describes the mapping) and compared with the JSON as ordered key/value pairs,
numbers as their literal text, so a missing, extra, reordered or differently
formatted value is a failure. The one intended difference: characters XML 1.0
cannot carry are U+FFFD in the XML, so the JSON's strings get the same
replacement before comparing.

Keys the model grew later (NEW_KEY_OWNERS: table columns and categories, an
indicator's inherited, rowspan and label, a field's key and code, a table's
codes, a document's text) are
compared only where the JSON has them, by name rather than position, so
this test holds before and after the JSON emitter writes them.

usage: xml_json_compare.py PTCONV INPUT
       xml_json_compare.py PTCONV --gen-corpus GEN SEED DOCS VARIANT
Exits 0 when they agree, 1 with the first differences otherwise.
"""
import json
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

NS = "{urn:ptconv:1}"
# XML 1.0 Char excludes these; the emitter writes U+FFFD instead.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# object kind -> its keys compared only when the JSON has them (by kind, so
# a "text" or "key" elsewhere stays strict)
NEW_KEY_OWNERS = {
    "document": {"text"}, "table": {"columns", "categories", "grids"},
    "indicator": {"inherited", "rowspan", "label"}, "field": {"key", "code"},
}
# (and a table's applicant_code, project_code, department_code and
# executing_unit_code, added to "table" below)
NEW_KEY_OWNERS["table"] |= {"applicant_code", "project_code", "department_code",
                            "executing_unit_code", "goal_items", "labels"}


class Num(str):
    """A number kept as its literal text, so 12.40 and 12.4 differ."""


def scrub(value):
    """The JSON value as the XML can carry it; objects become pair lists."""
    if isinstance(value, list) and value and all(isinstance(p, tuple) for p in value):
        return [(k, scrub(v)) for k, v in value]
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, str) and not isinstance(value, Num):
        return NOT_XML.sub("\ufffd", value)
    return value


def load_json(data):
    return scrub(json.loads(data.decode("utf-8"), object_pairs_hook=lambda pairs: list(pairs),
                            parse_int=Num, parse_float=Num))


class Shape(Exception):
    pass


def kids(el, name):
    return [c for c in el if c.tag == NS + name]


def one(el, name, required=False):
    found = kids(el, name)
    if len(found) > 1 or (required and not found):
        raise Shape(f"<{el.tag}> has {len(found)} <{name}>")
    return found[0] if found else None


def text_of(el):
    """Element content: '' when empty, None when nil="true"."""
    if el.get("nil") == "true":
        if el.text:
            raise Shape(f"<{el.tag}> is nil but has text")
        return None
    return el.text or ""


def opt_text(el, name):
    child = one(el, name)
    return None if child is None else text_of(child)


def num(el, attr):
    v = el.get(attr)
    return None if v is None else Num(v)


def lines(el):
    return [Num(el.get("first-line")), Num(el.get("last-line"))]


def amount(el, with_text):
    if el is None:
        return None
    pairs = [("text", text_of(el))] if with_text else []
    return pairs + [("value", num(el, "value")), ("unit", el.get("unit"))]


def indicator(el):
    path = one(el, "path", True)
    value = one(el, "value", True)
    extra = one(el, "extra", True)
    return [
        ("path", [text_of(level) for level in kids(path, "level")]),
        ("name", opt_text(el, "name")),
        ("value", [("text", text_of(value)), ("number", num(value, "number")),
                   ("comparator", value.get("comparator")), ("unit", value.get("unit")),
                   ("approximate", value.get("approximate") == "true")]),
        ("unit", opt_text(el, "unit")),
        ("line", Num(el.get("line"))),
        ("extra", [(c.get("header"), text_of(c)) for c in kids(extra, "column")]),
        ("inherited", level_values(one(el, "inherited"), lambda v: v == "true")),
        ("rowspan", level_values(one(el, "rowspan"), Num)),
        ("label", opt_text(el, "label")),
    ]


def level_values(el, convert):
    return None if el is None else [convert(l.get("value")) for l in kids(el, "level")]


def column(el):
    return [("header", text_of(el)), ("role", el.get("role")), ("level", Num(el.get("level"))),
            ("key", el.get("key")), ("qualifier", el.get("qualifier"))]


def category(el):
    return [("path", [text_of(level) for level in kids(one(el, "path", True), "level")]),
            ("line", Num(el.get("line")))]


def grid(el):
    return [("label", el.get("label")), ("key", el.get("key")),
            ("lines", [Num(el.get("first-line")), Num(el.get("last-line"))]),
            ("rows", [[("line", Num(r.get("line"))), ("cells", [text_of(c) for c in kids(r, "cell")])]
                      for r in kids(el, "row")])]


def table(el):
    period = one(el, "period")
    return [
        ("seq", num(el, "seq")),
        ("kind", el.get("kind")),
        ("title", opt_text(el, "title")),
        ("year", num(el, "year")),
        ("lines", lines(el)),
        ("applicant", opt_text(el, "applicant")),
        ("project_name", opt_text(el, "project-name")),
        ("department", opt_text(el, "department")),
        ("executing_unit", opt_text(el, "executing-unit")),
        ("project_type", opt_text(el, "project-type")),
        ("period", None if period is None else [
            ("text", text_of(period)), ("start", period.get("start")), ("end", period.get("end"))]),
        ("funds", amount(one(el, "funds"), True)),
        ("annual_goal", opt_text(el, "annual-goal")),
        ("columns", [column(c) for c in kids(one(el, "columns", True), "column")]),
        ("indicators", [indicator(i) for i in kids(one(el, "indicators", True), "indicator")]),
        ("categories", [category(c) for c in kids(one(el, "categories", True), "category")]),
        ("grids", [grid(g) for g in kids(one(el, "grids", True), "grid")]),
        ("notes", opt_text(el, "notes")),
        ("fields", [[("label", f.get("label")), ("value", text_of(f)), ("key", f.get("key")),
                     ("code", f.get("code"))]
                    for f in kids(one(el, "fields", True), "field")]),
        ("applicant_code", opt_text(el, "applicant-code")),
        ("project_code", opt_text(el, "project-code")),
        ("department_code", opt_text(el, "department-code")),
        ("executing_unit_code", opt_text(el, "executing-unit-code")),
        ("goal_items", [[("label", g.get("label")), ("text", text_of(g)), ("line", Num(g.get("line")))]
                        for g in kids(one(el, "goal-items", True), "goal-item")]),
        ("labels", [(l.get("key"), text_of(l)) for l in kids(one(el, "labels", True), "label")]),
    ]


def document(el):
    summary = one(el, "summary")
    return [
        ("source", el.get("source")),
        ("lines", lines(el)),
        ("title", opt_text(el, "title")),
        ("summary", None if summary is None else [
            ("text", opt_text(summary, "text")),
            ("year", num(summary, "year")),
            ("organization", opt_text(summary, "organization")),
            ("project_count", num(summary, "project-count")),
            ("total_funds", amount(one(summary, "total-funds"), False)),
        ]),
        ("text", opt_text(el, "text")),
        ("units", [[("seq", num(u, "seq")), ("name", text_of(u)),
                    ("project_count", num(u, "project-count"))]
                   for u in kids(one(el, "units", True), "unit")]),
        ("tables", [table(t) for t in kids(one(el, "tables", True), "table")]),
        ("diagnostics", [[("severity", d.get("severity")), ("code", d.get("code")),
                          ("line", Num(d.get("line"))), ("column", Num(d.get("column"))),
                          ("message", text_of(d))]
                         for d in kids(one(el, "diagnostics", True), "diagnostic")]),
    ]


def load_xml(data):
    root = ET.fromstring(data)
    if root.tag != NS + "ptconv":
        raise Shape(f"root is <{root.tag}>")
    return [("format", "ptconv"), ("version", Num(root.get("version"))),
            ("documents", [document(d) for d in root if d.tag == NS + "document"])]


def owner(where):
    """The kind of object at path `where` ("$.documents[0].tables[1]" -> table)."""
    m = re.search(r"\.(documents|tables|indicators|fields)\[\d+\]$", where)
    return {"documents": "document", "tables": "table", "indicators": "indicator",
            "fields": "field"}.get(m.group(1)) if m else None


def same_new_value(key, json_value, xml_value):
    """A new key's values: the XML omits a null list the JSON may write as
    all false (inherited) or empty; a non-level column's level is 0 in the
    XML and may be null in the JSON."""
    if json_value == xml_value:
        return True
    if key == "inherited" and xml_value is None:
        return json_value is None or all(v is False for v in json_value)
    if key == "rowspan" and xml_value is None:
        return json_value in (None, [])
    return False


def new_value_differences(key, json_value, xml_value, where, out):
    if key == "columns" and isinstance(json_value, list) and isinstance(xml_value, list):
        if len(json_value) != len(xml_value):
            out.append(f"{where}: JSON has {len(json_value)} columns, XML {len(xml_value)}")
            return
        for i, (a, b) in enumerate(zip(json_value, xml_value)):
            a, b = dict(a), dict(b)
            for k in a:
                av, bv = a[k], b.get(k)
                if k == "level" and av is None and bv == "0":
                    continue
                if av != bv:
                    out.append(f"{where}[{i}].{k}: JSON {av!r} vs XML {bv!r}")
        return
    if key == "categories" and isinstance(json_value, list) and isinstance(xml_value, list):
        json_value = [sorted(c) for c in json_value]
        xml_value = [sorted(c) for c in xml_value]
    if not same_new_value(key, json_value, xml_value):
        out.append(f"{where}: JSON {json_value!r} vs XML {xml_value!r}")


def split_new(pairs, kind):
    keys = NEW_KEY_OWNERS.get(kind, set())
    return ([p for p in pairs if p[0] not in keys], {k: v for k, v in pairs if k in keys})


def differences(json_value, xml_value, where, out, limit=20):
    """Collect paths where the two differ (type, length, key, value)."""
    if len(out) >= limit:
        return
    kind = owner(where)
    if kind and isinstance(json_value, list) and isinstance(xml_value, list):
        json_value, json_new = split_new(json_value, kind)
        xml_value, xml_new = split_new(xml_value, kind)
        for key, value in json_new.items():  # only what the JSON has
            new_value_differences(key, value, xml_new.get(key), f"{where}.{key}", out)
    if type(json_value) is not type(xml_value):
        out.append(f"{where}: JSON {json_value!r} vs XML {xml_value!r}")
    elif isinstance(json_value, list):
        if len(json_value) != len(xml_value):
            out.append(f"{where}: JSON has {len(json_value)} items, XML {len(xml_value)}")
        for i, (a, b) in enumerate(zip(json_value, xml_value)):
            if isinstance(a, tuple) and isinstance(b, tuple):
                if a[0] != b[0]:
                    out.append(f"{where}[{i}]: JSON key {a[0]!r} vs XML key {b[0]!r}")
                differences(a[1], b[1], f"{where}.{a[0]}", out, limit)
            else:
                differences(a, b, f"{where}[{i}]", out, limit)
    elif json_value != xml_value:
        out.append(f"{where}: JSON {json_value!r} vs XML {xml_value!r}")


def count(model, key):
    """Number of `key` items below `model` (for the summary line)."""
    if isinstance(model, list):
        total = 0
        for item in model:
            if isinstance(item, tuple):
                total += len(item[1]) if item[0] == key and isinstance(item[1], list) else 0
                total += count(item[1], key)
            else:
                total += count(item, key)
        return total
    return 0


def convert(ptconv, fmt, path):
    run = subprocess.run([ptconv, "-q", "-t", fmt, path], stdout=subprocess.PIPE, check=False)
    if run.returncode not in (0, 1):  # 1: converted, the input had errors
        sys.exit(f"ptconv -t {fmt} exited {run.returncode}")
    return run.returncode, run.stdout


def compare(ptconv, path):
    json_rc, json_out = convert(ptconv, "json", path)
    xml_rc, xml_out = convert(ptconv, "xml", path)
    if json_rc != xml_rc:
        print(f"exit status: json {json_rc}, xml {xml_rc}")
        return 1
    want = load_json(json_out)
    try:
        got = load_xml(xml_out)
    except (ET.ParseError, Shape) as e:
        print(f"XML not in the expected shape: {e}")
        return 1
    problems = []
    differences(want, got, "$", problems)
    for p in problems:
        print(p)
    docs = dict(want)["documents"]
    print(f"{len(docs)} documents, {count(docs, 'tables')} tables, "
          f"{count(docs, 'indicators')} indicators: "
          f"{'XML differs from JSON' if problems else 'XML carries the same values as JSON'}")
    if not docs:
        print("nothing was compared")
        return 1
    return 1 if problems else 0


def main(argv):
    if len(argv) == 3:
        return compare(argv[1], argv[2])
    if len(argv) == 7 and argv[2] == "--gen-corpus":
        ptconv, _, gen, seed, docs, variant = argv[1:]
        with tempfile.NamedTemporaryFile(suffix=".txt") as corpus:
            subprocess.run([sys.executable, gen, "--seed-file", seed, "--docs", docs,
                            "--variant", variant], stdout=corpus, check=True)
            corpus.flush()
            return compare(ptconv, corpus.name)
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
