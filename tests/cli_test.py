#!/usr/bin/env python3
"""Run ptconv's command-line tests: tests/cli/*.test, one case per file.

Usage: cli_test.py [CASE.test ...]      (no argument: every tests/cli/*.test)

The binary is $PTC_BIN (default build/ptconv); it runs with the repository
root as working directory, so paths in a case are relative to the root.
Scratch files go to $PTC_BUILD/cli-tests/<case name>/ (default /tmp), which is
emptied before the case runs.

Format of a case
----------------
Header lines, then sections. Lines starting with '#' before the first
section are comments.

  args: -t json --compact fixtures/cli/one-table.txt
        The command line after the program name, split like a POSIX shell
        (shlex). Optional; default none.
  stdin: fixtures/cli/one-table.txt
        A file fed to standard input. Without it (and without a "--- stdin"
        section) standard input is empty.
  exit: 2
        Expected exit status. Default 0.
  stdout-contains: TEXT      stderr-contains: TEXT
        TEXT must occur in the stream (repeatable). Use this for messages
        that include strerror() text or other platform wording.
  stdout-match: REGEX        stderr-match: REGEX
        Python re.search(REGEX, stream, re.MULTILINE) must succeed
        (repeatable).
  output-file: PATH
        After the run PATH must exist and hold exactly the "--- output-file"
        section.
  absent: PATH
        After the run PATH must not exist (repeatable).

  In every header the token {tmp} stands for the case's scratch directory
  (regex-escaped in the -match headers).

Sections start with a line "--- NAME" and run to the next section or the end
of the file; their text is taken literally, each line with its newline:

  --- stdin          standard input (instead of the stdin: header)
  --- stdout         standard output, compared exactly
  --- stderr         standard error, compared exactly
  --- output-file    the content of the output-file: header's PATH

A stream with neither a section nor a -contains/-match header must be empty:
a case says everything the program writes.

Exit status: 0 when every case passes, 1 otherwise (with a diff per failure).
"""
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ("stdin", "stdout", "stderr", "output-file")
MULTI_HEADERS = ("stdout-contains", "stderr-contains", "stdout-match", "stderr-match", "absent")
SINGLE_HEADERS = ("args", "stdin", "exit", "output-file")
TIMEOUT_SECONDS = 60


class CaseError(Exception):
    """The case file itself is malformed."""


def parse_case(path):
    headers = {name: [] for name in MULTI_HEADERS}
    sections = {}
    current = None
    with open(path, encoding="utf-8", newline="") as fp:
        lines = fp.read().splitlines(keepends=True)
    for number, line in enumerate(lines, 1):
        if line.startswith("--- "):
            current = line[4:].strip()
            if current not in SECTIONS:
                raise CaseError(f"{path}:{number}: unknown section '{current}'")
            if current in sections:
                raise CaseError(f"{path}:{number}: section '{current}' given twice")
            sections[current] = ""
            continue
        if current is not None:
            sections[current] += line
            continue
        text = line.rstrip("\r\n")
        if not text.strip() or text.startswith("#"):
            continue
        name, sep, value = text.partition(":")
        if not sep:
            raise CaseError(f"{path}:{number}: expected 'name: value', got {text!r}")
        name, value = name.strip(), value.strip()
        if name in MULTI_HEADERS:
            headers[name].append(value)
        elif name in SINGLE_HEADERS:
            if name in headers:
                raise CaseError(f"{path}:{number}: header '{name}' given twice")
            headers[name] = value
        else:
            raise CaseError(f"{path}:{number}: unknown header '{name}'")
    if "stdin" in headers and "stdin" in sections:
        raise CaseError(f"{path}: both a stdin: header and a '--- stdin' section")
    if ("output-file" in headers) != ("output-file" in sections):
        raise CaseError(f"{path}: output-file: header and '--- output-file' section go together")
    return headers, sections


def diff(what, want, got):
    lines = difflib.unified_diff(
        want.splitlines(keepends=True), got.splitlines(keepends=True),
        fromfile=f"expected {what}", tofile=f"actual {what}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end\n" for line in lines)


def check_stream(what, got, headers, sections, problems, expand):
    if what in sections:
        if got != sections[what]:
            problems.append(f"{what} differs:\n{diff(what, sections[what], got)}")
        return
    contains = [expand(text) for text in headers[f"{what}-contains"]]
    matches = [expand(pattern, re.escape) for pattern in headers[f"{what}-match"]]
    for text in contains:
        if text not in got:
            problems.append(f"{what} does not contain {text!r}:\n{got}")
    for pattern in matches:
        if not re.search(pattern, got, re.MULTILINE):
            problems.append(f"{what} does not match /{pattern}/:\n{got}")
    if not contains and not matches and got:
        problems.append(f"{what} should be empty, got:\n{got}")


def run_case(path, binary, build):
    name = Path(path).stem
    headers, sections = parse_case(path)
    tmp = Path(build) / "cli-tests" / name
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)

    def expand(value, quote=str):
        return value.replace("{tmp}", quote(str(tmp)))

    args = [expand(a) for a in shlex.split(headers.get("args", ""))]
    if "stdin" in sections:
        stdin_bytes = sections["stdin"].encode("utf-8")
    elif "stdin" in headers:
        stdin_bytes = (ROOT / expand(headers["stdin"])).read_bytes()
    else:
        stdin_bytes = b""
    want_exit = int(headers.get("exit", "0"))

    proc = subprocess.run([binary] + args, input=stdin_bytes, cwd=ROOT, capture_output=True,
                          timeout=TIMEOUT_SECONDS, check=False)
    stdout = proc.stdout.decode("utf-8", errors="backslashreplace")
    stderr = proc.stderr.decode("utf-8", errors="backslashreplace")

    problems = []
    if proc.returncode != want_exit:
        problems.append(f"exit status {proc.returncode}, expected {want_exit}")
    check_stream("stdout", stdout, headers, sections, problems, expand)
    check_stream("stderr", stderr, headers, sections, problems, expand)
    if "output-file" in headers:
        out = Path(expand(headers["output-file"]))
        if not out.is_file():
            problems.append(f"output file {out} was not written")
        else:
            got = out.read_bytes().decode("utf-8", errors="backslashreplace")
            if got != sections["output-file"]:
                problems.append(f"output file {out} differs:\n{diff('output-file', sections['output-file'], got)}")
    for absent in headers["absent"]:
        if os.path.lexists(expand(absent)):
            problems.append(f"{expand(absent)} exists but should not")

    command = " ".join(shlex.quote(a) for a in [binary] + args)
    return name, command, problems


def main(argv):
    binary = os.environ.get("PTC_BIN", str(ROOT / "build" / "ptconv"))
    build = os.environ.get("PTC_BUILD", "/tmp")
    cases = argv[1:] or sorted(str(p) for p in (ROOT / "tests" / "cli").glob("*.test"))
    if not cases:
        print("no cases found")
        return 1
    failed = 0
    for case in cases:
        try:
            name, command, problems = run_case(case, binary, build)
        except (CaseError, OSError, ValueError, subprocess.TimeoutExpired) as err:
            print(f"FAIL {case}: {err}")
            failed += 1
            continue
        if problems:
            failed += 1
            print(f"FAIL {name}: {command}")
            for problem in problems:
                print("  " + problem.replace("\n", "\n  ").rstrip())
        else:
            print(f"ok   {name}")
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
