#!/usr/bin/env python3
"""The CLI cannot be turned against its user: outputs never replace inputs
or device nodes, closed standard descriptors and signals leave no stray or
corrupt file, odd file names cannot make outputs invalid UTF-8 or forge
diagnostic lines, and a batch survives one bad input.

Usage: safety_test.py CASE        (safety_test.py --list prints the cases)

Each case runs the ptconv binary (PTC_BIN) in a fresh directory under
PTC_BUILD/safety and needs things a tests/cli/*.test case cannot express
(files made on the fly, closed descriptors, FIFOs, signals).

Environment (set by tests/CMakeLists.txt): PTC_BIN, PTC_FIXTURES, PTC_BUILD.
"""
import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time

RUN_TIMEOUT = 60
BIN = os.environ.get("PTC_BIN", "")
FIXTURES = os.environ.get("PTC_FIXTURES", "")
BUILD = os.environ.get("PTC_BUILD", "")
OLD = b"known content\n"


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def check_eq(got, want, what):
    if got != want:
        raise Failure(f"{what}:\n  expected {want!r}\n  observed {got!r}")


def fixture(name):
    with open(os.path.join(FIXTURES, "cli", name), "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def run(args, cwd, close_fds=(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE):
    """Runs ptconv in cwd (args may be bytes); close_fds: descriptors of
    0-2 closed in the child before exec."""
    def child():
        for fd in close_fds:
            os.close(fd)
    p = subprocess.run([BIN.encode()] + [a if isinstance(a, bytes) else a.encode() for a in args],
                       cwd=cwd, stdin=stdin, stdout=stdout,
                       stderr=subprocess.PIPE if 2 not in close_fds else None,
                       timeout=RUN_TIMEOUT, preexec_fn=child)
    check(p.returncode >= 0, f"ptconv {args}: killed by signal {-p.returncode}")
    return p.returncode, p.stdout or b"", p.stderr or b""


def check_utf8(data, what):
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Failure(f"{what} is not valid UTF-8 ({e}): {data[:300]!r}")


CASES = {}


def case(name):
    def register(fn):
        CASES[name] = fn
        return fn
    return register


# ------------------------------------------------- 1: outputs vs. inputs

@case("output-dir-onto-inputs")
def case_output_dir_inputs(d):
    """-t text --output-dir d d/a.txt d/memo.txt would write d/a.txt and
    d/memo.txt: refused, exit 2, nothing written."""
    os.mkdir(os.path.join(d, "d"))
    for n in ("a.txt", "memo.txt"):
        write(os.path.join(d, "d", n), OLD)
    rc, out, err = run(["-t", "text", "--output-dir", "d", "d/a.txt", "d/memo.txt"], d)
    check_eq(rc, 2, f"exit status ({err!r})")
    check(b"refusing to overwrite" in err and b"d/a.txt" in err, f"stderr: {err!r}")
    for n in ("a.txt", "memo.txt"):
        check_eq(read(os.path.join(d, "d", n)), OLD, f"d/{n} after the run")
    check_eq(sorted(os.listdir(os.path.join(d, "d"))), ["a.txt", "memo.txt"], "d/ listing")
    # one input's output landing on another input: -t json, d/x.txt -> d/x.json
    write(os.path.join(d, "d", "x.json"), OLD)
    write(os.path.join(d, "d", "x.txt"), fixture("a.txt"))
    rc, _, err = run(["--output-dir", "d", "d/x.txt", "d/x.json"], d)
    check_eq(rc, 2, f"output onto another input: exit status ({err!r})")
    check_eq(read(os.path.join(d, "d", "x.json")), OLD, "d/x.json after the run")


@case("output-onto-input")
def case_output_onto_input(d):
    """-o naming an input, directly, through a symlink, or as stdin: exit 2."""
    write(os.path.join(d, "a.txt"), fixture("a.txt"))
    os.symlink("a.txt", os.path.join(d, "link.json"))
    for args, stdin in ((["-o", "a.txt", "a.txt"], None), (["-o", "link.json", "a.txt"], None),
                        (["-o", "./a.txt", "b.txt", "a.txt"], None), (["-o", "a.txt", "-"], "a.txt")):
        write(os.path.join(d, "b.txt"), fixture("b.txt"))
        with open(os.path.join(d, stdin), "rb") if stdin else open(os.devnull, "rb") as f:
            rc, _, err = run(args, d, stdin=f)
        check_eq(rc, 2, f"{args}: exit status ({err!r})")
        check(b"refusing to overwrite" in err, f"{args}: stderr {err!r}")
        check_eq(read(os.path.join(d, "a.txt")), fixture("a.txt"), f"{args}: a.txt after the run")
        check(os.path.islink(os.path.join(d, "link.json")), f"{args}: link.json is still a link")


# ------------------------------------------------- 2: closed descriptors

@case("closed-stderr")
def case_closed_stderr(d):
    """2>&-: the -o temporary file used to become fd 2, so diagnostics were
    written into the output. The output must be exactly the conversion."""
    write(os.path.join(d, "u.txt"), fixture("unplaced.txt"))
    rc, want, _ = run(["--compact", "u.txt"], d)
    check_eq(rc, 0, "reference conversion")
    for closed in ((2,), (0, 2), (1, 2)):
        rc, _, _ = run(["--compact", "-o", "out.json", "u.txt"], d, close_fds=closed)
        check_eq(rc, 0, f"closed {closed}: exit status")
        check_eq(read(os.path.join(d, "out.json")), want, f"closed {closed}: out.json")
        json.loads(read(os.path.join(d, "out.json")))


@case("closed-stdin")
def case_closed_stdin(d):
    """<&-: reading standard input is an I/O error (exit 3), as for cat; the
    -o target is untouched and no temporary file is left."""
    target = os.path.join(d, "out.json")
    write(target, OLD)
    rc, out, err = run(["-o", "out.json", "-"], d, close_fds=(0,))
    check_eq(rc, 3, f"exit status ({err!r})")
    check(b"cannot read" in err and b"[io-error]" in err, f"stderr: {err!r}")
    check_eq(read(target), OLD, "out.json after the run")
    check_eq(sorted(os.listdir(d)), ["out.json"], "directory listing")
    rc, out, err = run([], d, close_fds=(0,))
    check_eq(rc, 3, f"no FILE, stdin closed: exit status ({err!r})")
    check_eq(out, b"", "stdout")


@case("closed-stdout")
def case_closed_stdout(d):
    """>&-: writing the output fails (exit 3) and says so."""
    rc, _, err = run([os.path.join(FIXTURES, "cli", "a.txt")], d, close_fds=(1,), stdout=None)
    check_eq(rc, 3, f"exit status ({err!r})")
    check(b"standard output" in err or b"<stdout>" in err, f"stderr: {err!r}")


# ------------------------------------------------- 4: names

GBK_NAME = "测试".encode("gbk") + b".txt"  # not UTF-8


@case("non-utf8-name")
def case_non_utf8_name(d):
    """A GBK file name: every output and --diagnostics json stay valid UTF-8,
    with U+FFFD for the bad bytes; the file itself is still opened."""
    write(os.path.join(d.encode(), GBK_NAME), fixture("unplaced.txt"))
    write(os.path.join(d.encode(), b"t-" + GBK_NAME), fixture("one-table.txt"))  # csv rows
    for fmt in ("json", "jsonl", "html", "csv", "xml", "text"):
        rc, out, err = run(["-t", fmt, "--diagnostics", "json", GBK_NAME, b"t-" + GBK_NAME], d)
        check_eq(rc, 0, f"-t {fmt}: exit status ({err!r})")
        text = check_utf8(out, f"-t {fmt} output")
        if fmt != "text":
            check("\ufffd" in text, f"-t {fmt}: no U+FFFD for the name")
        for line in check_utf8(err, f"-t {fmt} --diagnostics json").splitlines():
            obj = json.loads(line)
            check("\ufffd" * 4 in obj["source"], f"source {obj['source']!r}")
    rc, out, _ = run(["--compact", GBK_NAME], d)
    doc = json.loads(check_utf8(out, "json"))["documents"][0]
    check_eq(doc["source"], "\ufffd" * 4 + ".txt", "source in JSON")
    check_eq(doc["tables"][0]["project_name"], "甲项目", "the file was read")
    # --output-dir keeps the real name for the file it writes
    os.mkdir(os.path.join(d, "out"))
    rc, _, err = run(["--output-dir", "out", GBK_NAME], d)
    check_eq(rc, 0, f"--output-dir: exit status ({err!r})")
    check_eq(os.listdir(os.path.join(d, "out").encode()), ["测试".encode("gbk") + b".json"],
             "--output-dir output name")
    # a missing GBK-named file: the error line is UTF-8 too
    rc, _, err = run(["--diagnostics", "json", b"x" + GBK_NAME], d)
    check_eq(rc, 3, "missing file: exit status")
    obj = json.loads(check_utf8(err, "I/O error line"))
    check_eq(obj["source"], "x" + "\ufffd" * 4 + ".txt", "I/O error source")


@case("control-char-name")
def case_control_char_name(d):
    """A newline in a file name cannot forge a diagnostic line: in text
    diagnostics it is written \\n; every stderr line starts with the name."""
    name = "a\nevil.txt:1:1: error: forged [x]\nb.txt"
    write(os.path.join(d, name), fixture("unplaced.txt"))
    rc, out, err = run(["--compact", name], d)
    check_eq(rc, 0, f"exit status ({err!r})")
    lines = check_utf8(err, "stderr").splitlines()
    check_eq(len(lines), 1, f"stderr lines: {lines!r}")
    check(lines[0].startswith("a\\nevil.txt:1:1: error: forged [x]\\nb.txt:2:1: warning: "),
          f"stderr: {lines!r}")
    check_eq(json.loads(out)["documents"][0]["source"], name, "the JSON keeps the name")
    rc, out, err = run(["-v", "--compact", name], d)
    check_eq(len(err.splitlines()), 2, f"-v stderr lines: {err!r}")
    rc, out, err = run([name + "-missing"], d)
    check_eq(len(err.splitlines()), 1, f"I/O error lines: {err!r}")


@case("invalid-title-css")
def case_invalid_title_css(d):
    """Invalid bytes in --title, --css, --css-href and --template become
    U+FFFD: the page stays valid UTF-8."""
    a = os.path.join(FIXTURES, "cli", "a.txt")
    write(os.path.join(d, "bad.css"), b"body { font-family: \"\xb2\xe2\" }\n")
    write(os.path.join(d, "t.html"), b"<html><title>{{title}}</title>\xff{{css}}{{body}}</html>\n")
    for extra in ([b"--title", b"bad \xff\xfe title"], [b"--css", b"bad.css"],
                  [b"--css-href", b"x\xff.css"], [b"--template", b"t.html"]):
        rc, out, err = run([b"-t", b"html"] + extra + [a.encode()], d)
        check_eq(rc, 0, f"{extra}: exit status ({err!r})")
        check("\ufffd" in check_utf8(out, f"{extra}: html"), f"{extra}: no U+FFFD")


# ------------------------------------------------- 6: what -o writes to

@case("fifo-target")
def case_fifo_target(d):
    """-o onto a FIFO writes into it; it stays a FIFO (rename used to
    replace it with a regular file)."""
    fifo = os.path.join(d, "pipe")
    os.mkfifo(fifo)
    got = {}

    def reader():
        with open(fifo, "rb") as f:
            got["data"] = f.read()
    t = threading.Thread(target=reader)
    t.start()
    rc, _, err = run(["--compact", "-o", "pipe", os.path.join(FIXTURES, "cli", "a.txt")], d)
    t.join(RUN_TIMEOUT)
    check_eq(rc, 0, f"exit status ({err!r})")
    check(stat.S_ISFIFO(os.lstat(fifo).st_mode), "pipe is no longer a FIFO")
    check(got.get("data", b"").startswith(b'{"format":"ptconv"'), f"read from the FIFO: {got!r}")
    check_eq(sorted(os.listdir(d)), ["pipe"], "directory listing")


@case("device-target")
def case_device_target(d):
    """-o onto a character device (a null device node made here, as root)
    writes to it and leaves the node a device."""
    node = os.path.join(d, "null")
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        node = "/dev/null"  # not root: the real one cannot be replaced anyway
    rc, _, err = run(["-o", node, os.path.join(FIXTURES, "cli", "a.txt")], d)
    check_eq(rc, 0, f"exit status ({err!r})")
    check(stat.S_ISCHR(os.lstat(node).st_mode), f"{node} is no longer a character device")
    check_eq([n for n in os.listdir(os.path.dirname(node)) if n.startswith(".null.")], [],
             "temporary files")


@case("symlink-target")
def case_symlink_target(d):
    """-o onto a symlink writes the file it points to (atomically, beside
    it) and keeps the link; a 0600 target stays 0600."""
    os.mkdir(os.path.join(d, "real"))
    target = os.path.join(d, "real", "out.json")
    write(target, OLD)
    os.chmod(target, 0o600)
    os.symlink("real/out.json", os.path.join(d, "link.json"))
    a = os.path.join(FIXTURES, "cli", "a.txt")
    rc, want, _ = run([a], d)
    rc, _, err = run(["-o", "link.json", a], d)
    check_eq(rc, 0, f"exit status ({err!r})")
    check(os.path.islink(os.path.join(d, "link.json")), "link.json is no longer a symlink")
    check_eq(read(target), want, "the link's target")
    check_eq(f"{stat.S_IMODE(os.stat(target).st_mode):04o}", "0600", "the target's mode")
    check_eq(sorted(os.listdir(os.path.join(d, "real"))), ["out.json"], "real/ listing")
    # a dangling link: its target is created
    os.symlink("real/new.json", os.path.join(d, "dangling.json"))
    rc, _, err = run(["-o", "dangling.json", a], d)
    check_eq(rc, 0, f"dangling: exit status ({err!r})")
    check(os.path.islink(os.path.join(d, "dangling.json")), "dangling.json is no longer a link")
    check_eq(read(os.path.join(d, "real", "new.json")), want, "the dangling link's new target")


def signal_case(sig):
    def body(d):
        """A signal while -o is being written removes the temporary file and
        the process dies of that signal."""
        p = subprocess.Popen([BIN, "-o", "out.json", "-"], cwd=d, stdin=subprocess.PIPE,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            p.stdin.write(fixture("a.txt"))
            p.stdin.flush()
            deadline = time.time() + RUN_TIMEOUT
            while not any(n.startswith(".out.json.") for n in os.listdir(d)):
                check(time.time() < deadline and p.poll() is None, "no temporary file appeared")
                time.sleep(0.01)
            p.send_signal(sig)
            p.wait(RUN_TIMEOUT)
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
        check_eq(p.returncode, -sig, "exit (killed by the signal)")
        check_eq(os.listdir(d), [], "files left behind")
    return body


for _sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGPIPE):
    CASES[f"signal-{_sig.name[3:].lower()}"] = signal_case(_sig)


# ------------------------------------------------- 7: reported write errors

@case("template-write-error")
def case_template_write_error(d):
    """A --template page that cannot be written (stdout is /dev/full) exits 3
    and says why (it used to exit 3 with no message)."""
    write(os.path.join(d, "t.html"), b"<html>{{title}}{{body}}</html>\n")
    with open("/dev/full", "wb") as full:
        rc, _, err = run(["-t", "html", "--template", "t.html", os.path.join(FIXTURES, "seed.txt")],
                         d, stdout=full)
    check_eq(rc, 3, "exit status")
    check(b"cannot write" in err and b"No space left on device" in err, f"stderr: {err!r}")


# ------------------------------------------------- 12: batches

@case("batch-goes-on")
def case_batch_goes_on(d):
    """--output-dir: an input that cannot be read (missing, a folder) is
    reported; every other input is converted; the exit status is the worst."""
    for n in ("a.txt", "b.txt", "unplaced.txt"):
        write(os.path.join(d, n), fixture(n))
    os.mkdir(os.path.join(d, "folder.txt"))
    os.mkdir(os.path.join(d, "out"))
    rc, _, err = run(["--strict", "--output-dir", "out", "missing.txt", "a.txt", "folder.txt",
                      "unplaced.txt", "b.txt"], d)
    check_eq(rc, 3, f"exit status ({err!r})")
    check_eq(sorted(os.listdir(os.path.join(d, "out"))), ["a.json", "b.json", "unplaced.json"],
             "outputs")
    text = err.decode()
    check("missing.txt: error: cannot open" in text and "folder.txt: error: cannot read" in text,
          f"stderr: {text}")
    rc, _, err = run(["--strict", "--output-dir", "out", "a.txt", "unplaced.txt"], d)
    check_eq(rc, 1, f"warnings under --strict, nothing unreadable: exit status ({err!r})")


def main(argv):
    if argv[1:] == ["--list"]:
        print("\n".join(CASES))
        return 0
    if len(argv) != 2 or argv[1] not in CASES:
        print(__doc__ + "\ncases: " + " ".join(CASES), file=sys.stderr)
        return 2
    for var in ("PTC_BIN", "PTC_FIXTURES", "PTC_BUILD"):
        if not os.environ.get(var):
            print(f"{var} is not set (run through ctest)", file=sys.stderr)
            return 2
    root = os.path.join(BUILD, "safety")
    os.makedirs(root, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"{argv[1]}-", dir=root) as d:
        try:
            CASES[argv[1]](d)
        except (Failure, subprocess.TimeoutExpired, json.JSONDecodeError) as e:
            print(f"FAIL {argv[1]}: {e}", file=sys.stderr)
            return 1
    print(f"ok {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
