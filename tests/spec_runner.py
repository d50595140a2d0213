#!/usr/bin/env python3
"""Run the examples of tests/spec/*.md (format: tests/spec/README.md).

Usage: spec_runner.py [--ptconv BIN] [--expect-fail] [-v] FILE.md ...

Each example's input is fed to `ptconv -t json --compact ARGS` on standard
input; its expected JSON fragment is matched against the output's first
document, its expected diagnostics (when given) against every diagnostic
of the output, and its exit status against `exit:` (default 0).

The binary is --ptconv, else $PTC_BIN, else build/ptconv. It runs with the
repository root as working directory. Prints every failing example (file,
line, heading, input, expected and actual) and ends with "N passed, M
failed". Exit status: 0 when every example passed, 1 otherwise; with
--expect-fail the other way round: 0 only when every example failed (the
runner's self-test: tests/spec/selftest/). A file without examples is a
failure either way: a spec that checks nothing must not pass.

Python 3 standard library only.
"""
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FENCE = "`" * 32
OPEN = FENCE + " example"
TAB_MARK = "\u2192"  # → in the input stands for a TAB, as in cmark's spec
HEADER_KEYS = ("args", "exit")
DIAG_LINE = re.compile(r"^(\d+):(\d+) (error|warning|note) ([a-z0-9-]+)$")


class Example:
    def __init__(self, path, line, heading, number):
        self.path, self.line, self.heading, self.number = path, line, heading, number
        self.args, self.exit = [], 0
        self.input = ""
        self.expected_text = ""
        self.expected = None  # parsed JSON fragment; None: no constraint
        self.diags = None  # list of (line, col, severity, code); None: not compared
        self.error = None  # the example itself is malformed


def parse_file(path):
    """The examples of one spec file, in order."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    examples, heading, other_fence = [], "", None
    i = 0
    while i < len(lines):
        line = lines[i]
        if other_fence is not None:
            if line.strip() == other_fence:
                other_fence = None
            i += 1
            continue
        if line == OPEN:
            ex = Example(path, i + 1, heading, len(examples) + 1)
            j = i + 1
            while j < len(lines) and lines[j] != FENCE:
                j += 1
            if j == len(lines):
                ex.error = "the example is not closed by a line of 32 backticks"
            parse_body(ex, lines[i + 1:j])
            examples.append(ex)
            i = j + 1
            continue
        m = re.match(r"^(`{3,}|~{3,})", line)
        if m:
            other_fence = m.group(1)
        elif line.startswith("#"):
            heading = line.lstrip("#").strip()
        i += 1
    return examples


def parse_body(ex, body):
    # Header lines (args:, exit:) at the top, then input . json [. diags]
    while body and re.match(r"^[a-z-]+: ", body[0]) and body[0].split(":")[0] in HEADER_KEYS:
        key, value = body[0].split(": ", 1)
        if key == "args":
            ex.args += shlex.split(value)
        elif key == "exit":
            try:
                ex.exit = int(value)
            except ValueError:
                ex.error = ex.error or f"exit: {value!r} is not a number"
        body = body[1:]
    parts, current = [], []
    for line in body:
        if line == ".":
            parts.append(current)
            current = []
        else:
            current.append(line)
    parts.append(current)
    if len(parts) < 2 or len(parts) > 3:
        ex.error = ex.error or (f"an example has 2 or 3 parts separated by '.' lines, "
                                f"this one has {len(parts)}")
        return
    ex.input = "".join(l.replace(TAB_MARK, "\t") + "\n" for l in parts[0])
    ex.expected_text = "\n".join(parts[1]).strip()
    if ex.expected_text:
        try:
            ex.expected = json.loads(ex.expected_text)
        except ValueError as e:
            ex.error = ex.error or f"the expected part is not JSON: {e}"
    if len(parts) == 3:
        ex.diags = []
        for l in parts[2]:
            if not l.strip():
                continue
            m = DIAG_LINE.match(l.strip())
            if not m:
                ex.error = ex.error or f"not a 'LINE:COL severity code' line: {l!r}"
                continue
            ex.diags.append((int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)))


def mismatch(want, got, path):
    """None when `got` matches the fragment `want`, else why not."""
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return f"{path}: expected an object, got {json.dumps(got, ensure_ascii=False)}"
        for key, value in want.items():
            if key not in got:
                return f"{path}: no key {key!r} (keys: {', '.join(got)})"
            why = mismatch(value, got[key], f"{path}.{key}")
            if why:
                return why
        return None
    if isinstance(want, list):
        if not isinstance(got, list):
            return f"{path}: expected a list, got {json.dumps(got, ensure_ascii=False)}"
        if len(want) != len(got):
            return f"{path}: expected {len(want)} elements, got {len(got)}"
        for k, (w, g) in enumerate(zip(want, got)):
            why = mismatch(w, g, f"{path}[{k}]")
            if why:
                return why
        return None
    # Scalars: equal, and of the same JSON type (true is not 1).
    same_type = (isinstance(want, bool) == isinstance(got, bool)
                 and (want is None) == (got is None)
                 and isinstance(want, str) == isinstance(got, str))
    if same_type and want == got:
        return None
    return (f"{path}: expected {json.dumps(want, ensure_ascii=False)}, "
            f"got {json.dumps(got, ensure_ascii=False)}")


def project(want, got):
    """`got` cut down to the keys `want` names: what to show next to it."""
    if isinstance(want, dict) and isinstance(got, dict):
        return {k: project(want[k], got[k]) if k in want else got[k]
                for k in got if k in want}
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        return [project(w, g) for w, g in zip(want, got)]
    return got


def run_example(ex, ptconv):
    """(passed, problems, actual output or None when it did not run)."""
    if ex.error:
        return False, [f"malformed example: {ex.error}"], None
    cmd = [ptconv, "-t", "json", "--compact"] + ex.args
    try:
        r = subprocess.run(cmd, input=ex.input.encode("utf-8"), capture_output=True,
                           cwd=ROOT, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return False, [f"cannot run {' '.join(cmd)}: {e}"], None
    problems = []
    stderr = r.stderr.decode("utf-8", "replace")
    if r.returncode != ex.exit:
        problems.append(f"exit status {r.returncode}, expected {ex.exit}")
    doc, diags = None, []
    try:
        out = json.loads(r.stdout.decode("utf-8"))
        docs = out["documents"]
        doc = docs[0] if docs else None
        for d in docs:
            diags += [(x["line"], x["column"], x["severity"], x["code"]) for x in d["diagnostics"]]
    except (ValueError, KeyError, TypeError) as e:
        if ex.expected is not None or ex.diags is not None:
            problems.append(f"the output is not ptconv JSON ({e})")
    if ex.expected is not None and doc is None and not problems:
        problems.append("the output has no document")
    elif ex.expected is not None and doc is not None:
        why = mismatch(ex.expected, doc, "documents[0]")
        if why:
            problems.append(why)
    if ex.diags is not None and doc is not None and diags != ex.diags:
        problems.append("the diagnostics differ")
    actual = {"exit": r.returncode, "stderr": stderr,
              "fragment": project(ex.expected, doc) if doc is not None else None,
              "diags": diags}
    return not problems, problems, actual


def describe(ex, problems, actual):
    out = [f"{ex.path}:{ex.line}: example {ex.number} ({ex.heading or 'no heading'}) failed:"]
    out += [f"  {p}" for p in problems]
    args = " ".join(shlex.quote(a) for a in ex.args)
    out.append(f"--- input (ptconv -t json --compact {args})".rstrip())
    out.append(ex.input.replace("\t", TAB_MARK).rstrip("\n"))
    out.append("--- expected")
    out.append(ex.expected_text or "(no constraint on the document)")
    if ex.diags is not None:
        out += [f"{l}:{c} {s} {code}" for l, c, s, code in ex.diags] or ["(no diagnostics)"]
    out.append(f"exit: {ex.exit}")
    if actual is not None:
        out.append("--- actual")
        if actual["fragment"] is not None:
            out.append(json.dumps(actual["fragment"], ensure_ascii=False, indent=2))
        if ex.diags is not None:
            out += [f"{l}:{c} {s} {code}" for l, c, s, code in actual["diags"]] or \
                ["(no diagnostics)"]
        out.append(f"exit: {actual['exit']}")
        if actual["stderr"]:
            out.append("--- stderr")
            out.append(actual["stderr"].rstrip("\n"))
    out.append("")
    return "\n".join(out)


def main(argv):
    args, files, ptconv = argv[1:], [], os.environ.get("PTC_BIN", str(ROOT / "build" / "ptconv"))
    expect_fail = verbose = False
    while args:
        a = args.pop(0)
        if a == "--ptconv" and args:
            ptconv = args.pop(0)
        elif a == "--expect-fail":
            expect_fail = True
        elif a in ("-v", "--verbose"):
            verbose = True
        elif a.startswith("-"):
            sys.exit(__doc__)
        else:
            files.append(a)
    if not files:
        sys.exit(__doc__)
    passed = failed = 0
    bad = False
    for path in files:
        examples = parse_file(path)
        if not examples:
            print(f"{path}: no examples")
            bad = True
        for ex in examples:
            ok, problems, actual = run_example(ex, ptconv)
            if ok:
                passed += 1
                if expect_fail:
                    print(f"{ex.path}:{ex.line}: example {ex.number} ({ex.heading}) passed, "
                          f"but every example of this file is meant to fail")
            else:
                failed += 1
                # With --expect-fail the failures are the point: show them only
                # with -v; malformed examples are always shown.
                if not expect_fail or verbose or actual is None:
                    print(describe(ex, problems, actual))
                elif expect_fail:
                    print(f"{ex.path}:{ex.line}: example {ex.number} failed as meant: "
                          f"{problems[0]}")
                if expect_fail and actual is None:
                    bad = True  # a malformed example proves nothing about the runner
            if verbose and ok:
                print(f"{ex.path}:{ex.line}: example {ex.number} ({ex.heading}) passed")
    print(f"{passed} passed, {failed} failed")
    if bad:
        return 1
    return int(passed > 0) if expect_fail else int(failed > 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
