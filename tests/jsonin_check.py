#!/usr/bin/env python3
"""JSON input (-f json, -f jsonl) and the JSON Schema (schemas/ptconv.schema.json).

  jsonin_check.py roundtrip --ptconv BIN [--formats] INPUT...
      For every INPUT (an announcement's text): `ptconv -t json INPUT` read
      back with `-f json -t json` gives the same bytes, and `-t jsonl` read
      back with `-f jsonl -t jsonl` too. With --formats also every format:
      `ptconv -t X INPUT` == `ptconv -t json INPUT | ptconv -f json -t X`,
      stdout, stderr and exit status, for X in --list-formats.

  jsonin_check.py schema --schema FILE [--ptconv BIN] [--cli-cases DIR]
                         [--json FILE]... [--convert INPUT]...
      Validates against the schema: every --json file (a -t json or -t jsonl
      output), the JSON on stdout of every CLI case in DIR (tests/cli/*.test:
      the expected stdout, which the CLI tests compare exactly with what
      ptconv writes), and `ptconv -t json` / `-t jsonl` (with --check too) of
      every --convert INPUT. Prints "N validated"; fails on any error, or
      when nothing was validated.

  jsonin_check.py rejects --schema FILE --ptconv BIN BROKEN...
      Every BROKEN file is not valid against the schema, and ptconv -f json
      exits 1 with one [json-syntax] or [json-schema] diagnostic on stderr.

Exit status 0 when everything holds, 1 otherwise.
"""
import argparse
import json
import os
import subprocess
import sys

import jsonschema


def run(cmd, stdin=None):
    return subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          check=False)


def fail(msg):
    print(f"FAIL: {msg}")
    sys.exit(1)


def formats(ptconv):
    out = run([ptconv, "--list-formats"]).stdout.decode()
    return [line.split()[0] for line in out.splitlines() if line.strip()]


def roundtrip(args):
    fmts = formats(args.ptconv) if args.formats else []
    for src in args.inputs:
        for to, back in (("json", "json"), ("jsonl", "jsonl")):
            first = run([args.ptconv, "-t", to, src])
            if first.returncode not in (0, 1):
                fail(f"ptconv -t {to} {src} exited {first.returncode}: {first.stderr[:300]!r}")
            again = run([args.ptconv, "-f", back, "-t", to], first.stdout)
            if again.stdout != first.stdout:
                fail(f"{src}: -t {to} read back with -f {back} differs")
            if again.returncode != first.returncode or again.stderr != first.stderr:
                fail(f"{src}: -f {back} exit/stderr differ: {first.returncode} vs "
                     f"{again.returncode}\n{first.stderr[:300]!r}\n{again.stderr[:300]!r}")
        js = run([args.ptconv, "-t", "json", src]).stdout
        for fmt in fmts:
            direct = run([args.ptconv, "-t", fmt, src])
            via = run([args.ptconv, "-f", "json", "-t", fmt], js)
            if (direct.stdout, direct.stderr, direct.returncode) != (via.stdout, via.stderr,
                                                                     via.returncode):
                fail(f"{src}: -t {fmt} from JSON differs from -t {fmt} from text")
        print(f"ok {src}" + (f" ({len(fmts)} formats)" if fmts else ""))
    print(f"{len(args.inputs)} round trips")


def contract_values(text):
    """The contract values in a -t json or -t jsonl output: (kind, value)."""
    text = text.strip()
    if not text:
        return []
    try:
        v = json.loads(text)
        if isinstance(v, dict) and v.get("format") == "ptconv":  # not ptconv-diff
            return [("wrapper", v)]
        if isinstance(v, dict) and "source" in v and "tables" in v:
            return [("document", v)]
        return []
    except json.JSONDecodeError:
        pass
    out = []
    for line in text.splitlines():
        try:
            v = json.loads(line)
        except json.JSONDecodeError:
            return []
        if isinstance(v, dict) and "source" in v and "tables" in v:
            out.append(("document", v))
    return out


def cli_stdout(path):
    """The '--- stdout' section of a CLI case, or None."""
    section, current = None, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("--- "):
                current = line[4:].strip()
                if current == "stdout":
                    section = ""
                continue
            if current == "stdout":
                section += line
    return section


def validators(schema_path):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    whole = jsonschema.Draft202012Validator(schema)
    # A $ref beside the wrapper's own keywords would apply both: the
    # document validator gets only the definitions.
    doc = jsonschema.Draft202012Validator({"$schema": schema["$schema"], "$defs": schema["$defs"],
                                           "$ref": "#/$defs/document"})
    return whole, doc


def errors_of(vals, kind, value):
    whole, doc = vals
    v = whole if kind == "wrapper" else doc
    return list(v.iter_errors(value))


def schema(args):
    vals = validators(args.schema)
    count = 0

    def check(name, text):
        nonlocal count
        for kind, value in contract_values(text):
            errs = errors_of(vals, kind, value)
            if errs:
                e = errs[0]
                fail(f"{name}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
            count += 1

    for path in args.json:
        with open(path, encoding="utf-8") as f:
            check(path, f.read())
    if args.cli_cases:
        for name in sorted(os.listdir(args.cli_cases)):
            if name.endswith(".test"):
                out = cli_stdout(os.path.join(args.cli_cases, name))
                if out:
                    check(name, out)
    for src in args.convert:
        for extra in ([], ["--check"]) if not args.json_only else ([],):
            for to in ("json", "jsonl") if not args.json_only else ("json",):
                p = run([args.ptconv, "-t", to, *extra, src])
                if p.returncode not in (0, 1):
                    fail(f"ptconv -t {to} {src} exited {p.returncode}")
                check(f"{src} (-t {to} {' '.join(extra)})", p.stdout.decode("utf-8"))
    if count == 0:
        fail("nothing was validated")
    print(f"{count} validated")


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate key")  # JSON a schema cannot judge
    return dict(pairs)


def schema_rejects(vals, data, lines):
    """True when `data` is not JSON (or has duplicate keys) or breaks the schema."""
    try:
        texts = data.decode("utf-8").splitlines() if lines else [data.decode("utf-8")]
        values = [json.loads(t, object_pairs_hook=no_duplicates) for t in texts if t.strip()]
    except (ValueError, UnicodeDecodeError):
        return True
    if not values:
        return True
    kind = "document" if lines else "wrapper"
    return any(errors_of(vals, kind, v) for v in values)


def rejects(args):
    vals = validators(args.schema)
    for path in args.broken:
        with open(path, "rb") as f:
            data = f.read()
        if not schema_rejects(vals, data, path.endswith(".jsonl")):
            fail(f"{path}: the schema accepts it")
        fmt = "jsonl" if path.endswith(".jsonl") else "json"
        p = run([args.ptconv, "-f", fmt, path])
        err = p.stderr.decode("utf-8", "replace")
        if p.returncode != 1 or err.count("\n") != 1 or not (
                "[json-syntax]" in err or "[json-schema]" in err):
            fail(f"{path}: ptconv -f {fmt} exited {p.returncode} with {err!r}")
        print(f"ok {os.path.basename(path)}: {err.strip()}")
    print(f"{len(args.broken)} rejected")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("roundtrip")
    r.add_argument("--ptconv", required=True)
    r.add_argument("--formats", action="store_true")
    r.add_argument("inputs", nargs="+")
    s = sub.add_parser("schema")
    s.add_argument("--schema", required=True)
    s.add_argument("--ptconv")
    s.add_argument("--cli-cases")
    s.add_argument("--json", action="append", default=[])
    s.add_argument("--convert", action="append", default=[])
    s.add_argument("--json-only", action="store_true",
                   help="convert with -t json only (large corpora: validation is slow)")
    j = sub.add_parser("rejects")
    j.add_argument("--schema", required=True)
    j.add_argument("--ptconv", required=True)
    j.add_argument("broken", nargs="+")
    args = ap.parse_args()
    {"roundtrip": roundtrip, "schema": schema, "rejects": rejects}[args.cmd](args)


if __name__ == "__main__":
    main()
