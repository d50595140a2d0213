#!/usr/bin/env python3
"""Tests of the "speed and scale" features (README "Speed, -j and many
machines"): the bytes never depend on how the work was split.

    speed_test.py PTCONV GEN_CORPUS SEED WORKDIR CASE

CASE: parallel-one   -j 2/-j 3 on one input with many documents equals -j 1
                     (json, pretty and compact, jsonl, xml, check with its
                     diagnostics on stderr; html/csv/text fall back), also
                     with CRLF documents, a hostile file and a BOM;
      parallel-files --output-dir with -j 3 writes the files -j 1 writes;
      latency        a document reaches a pipe as soon as the next starts;
      stat           --stat (text and --diagnostics json);
      gnu-parallel   GNU parallel --pipe --recstart and one file per job
                     give the JSONL of a single run (77: not installed).
"""
import json
import os
import select
import shutil
import subprocess
import sys
import time


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def corpus(gen, seed, work, docs, variant="noisy", name=None):
    path = os.path.join(work, name or f"{variant}-{docs}.txt")
    if not os.path.exists(path):
        with open(path + ".tmp", "wb") as f:
            subprocess.run([sys.executable, gen, "--seed-file", seed, "--docs", str(docs),
                            "--variant", variant], stdout=f, check=True)
        os.rename(path + ".tmp", path)
    return path


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def same_runs(ptconv, path, args):
    one = run([ptconv, "-j", "1"] + args + [path])
    for j in ("2", "3"):
        par = run([ptconv, "-j", j] + args + [path])
        if (par.stdout, par.stderr, par.returncode) != (one.stdout, one.stderr, one.returncode):
            fail(f"-j {j} {' '.join(args)} {os.path.basename(path)} differs from -j 1 "
                 f"({len(par.stdout)} vs {len(one.stdout)} bytes, exit {par.returncode} vs {one.returncode})")
    return one


def parallel_one(ptconv, gen, seed, work):
    big = corpus(gen, seed, work, 300)  # ~8.5 MB: several 1 MiB jobs
    fixtures = os.environ.get("PTC_FIXTURES", "")
    mixed = os.path.join(work, "mixed.txt")
    with open(mixed, "wb") as f:
        f.write(b"\xef\xbb\xbf")
        f.write(open(big, "rb").read())
        f.write(b"\r\n\r\n")
        f.write(open(os.path.join(fixtures, "hostile.txt"), "rb").read())
        f.write(b"\n\n")
        f.write(open(big, "rb").read().replace(b"\n", b"\r\n"))
    for path in (big, mixed):
        for args in (["-t", "json"], ["-t", "json", "--compact"], ["-t", "jsonl"], ["-t", "xml"],
                     ["check"], ["--diagnostics", "json", "check"], ["-t", "csv"], ["-t", "html"],
                     ["-q", "-t", "text"], ["--check", "-t", "jsonl"]):
            out = same_runs(ptconv, path, args)
            if not out.stdout and "check" not in args:
                fail(f"no output for {args}")
    print("parallel-one: identical")


def parallel_files(ptconv, gen, seed, work):
    big = corpus(gen, seed, work, 300)
    data = open(big, "rb").read()
    marker = "\n\n绩效目标设置情况".encode()
    cuts, at = [0], data.find(marker)
    while at >= 0:
        cuts.append(at + 2)
        at = data.find(marker, at + 1)
    cuts = cuts[::15] + [len(data)]
    src = os.path.join(work, "files")
    shutil.rmtree(src, ignore_errors=True)
    os.makedirs(src)
    names = []
    for i in range(len(cuts) - 1):
        names.append(os.path.join(src, f"f{i:03d}.txt"))
        open(names[-1], "wb").write(data[cuts[i]:cuts[i + 1]])
    for fmt in ("jsonl", "html", "csv"):
        outs = {}
        for j in ("1", "3"):
            d = os.path.join(work, f"out-{fmt}-{j}")
            shutil.rmtree(d, ignore_errors=True)
            os.makedirs(d)
            res = run([ptconv, "-q", "-j", j, "-t", fmt, "--output-dir", d] + names)
            if res.returncode != 0:
                fail(f"-j {j} --output-dir exited {res.returncode}: {res.stderr[-300:]}")
            outs[j] = {n: open(os.path.join(d, n), "rb").read() for n in sorted(os.listdir(d))}
        if outs["1"] != outs["3"] or len(outs["1"]) != len(names):
            fail(f"--output-dir -j 3 differs from -j 1 ({fmt})")
    print(f"parallel-files: {len(names)} files identical")


def latency(ptconv, gen, seed, work):
    text = open(seed, "rb").read()
    p = subprocess.Popen([ptconv, "-q", "-t", "jsonl"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    # the seed, then the first line of a next document: the first document
    # is complete, the second is not; the input stays open
    p.stdin.write(text + "\n绩效目标设置情况\n".encode())
    p.stdin.flush()
    deadline = time.time() + 20
    got = b""
    while b"\n" not in got and time.time() < deadline:
        r, _, _ = select.select([p.stdout], [], [], 0.2)
        if r:
            chunk = os.read(p.stdout.fileno(), 1 << 20)
            if not chunk:
                break
            got += chunk
    if b"\n" not in got:
        p.kill()
        fail("the first document did not arrive while the input was still open")
    first = json.loads(got.split(b"\n")[0])
    p.stdin.close()
    rest = p.stdout.read()
    p.wait()
    seq = run([ptconv, "-q", "-t", "jsonl"], input=text + "\n绩效目标设置情况\n".encode())
    if got + rest != seq.stdout:
        fail("streamed output differs from a run on the whole input")
    print(f"latency: first document ({len(first['tables'])} tables) arrived before end of input")


def stat(ptconv, gen, seed, work):
    res = run([ptconv, "-q", "--stat", "-t", "jsonl", seed])
    line = res.stderr.decode().strip().splitlines()[-1]
    if "bytes" not in line or "documents" not in line or "MB/s" not in line or "[stat]" not in line:
        fail(f"--stat line: {line!r}")
    res = run([ptconv, "-q", "--stat", "--diagnostics", "json", "-t", "jsonl", seed])
    obj = json.loads(res.stderr.decode().strip().splitlines()[-1])
    if obj.get("code") != "stat" or obj.get("severity") != "note":
        fail(f"--stat json: {obj}")
    print("stat:", line)


def gnu_parallel(ptconv, gen, seed, work):
    par = shutil.which("parallel")
    if not par:
        print("GNU parallel is not installed (apt-get install parallel)")
        sys.exit(77)
    big = corpus(gen, seed, work, 120)
    single = run([ptconv, "-q", "-t", "jsonl", big]).stdout.splitlines()
    # 1. --pipe cut at document boundaries: documents keep their content;
    # `source` is "-" and `lines` count from each block's start, so compare
    # without them (and without line numbers, which are block-relative).
    res2 = run([par, "--will-cite", "--pipe", "-k", "--block", "400k", "--recstart", "绩效目标设置情况",
                ptconv, "-q", "-t", "jsonl"], stdin=open(big, "rb"))

    def strip(doc):
        def drop(o):
            if isinstance(o, dict):
                return {k: drop(v) for k, v in o.items() if k not in ("source", "lines", "line")}
            if isinstance(o, list):
                return [drop(v) for v in o]
            return o
        return drop(json.loads(doc))

    want = [strip(d) for d in single]
    got = [strip(d) for d in res2.stdout.splitlines()]
    if got != want:
        fail(f"parallel --pipe --recstart: {len(got)} documents, single run {len(want)}; they differ")
    # 2. one file per job (-k keeps the order): exactly the single run's
    # JSONL per file
    data = open(big, "rb").read()
    marker = "\n\n绩效目标设置情况".encode()
    cuts, at = [0], data.find(marker)
    while at >= 0:
        cuts.append(at + 2)
        at = data.find(marker, at + 1)
    d = os.path.join(work, "gnu-files")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    names = []
    for i in range(len(cuts)):
        names.append(os.path.join(d, f"doc{i:04d}.txt"))
        open(names[-1], "wb").write(data[cuts[i]:cuts[i + 1] if i + 1 < len(cuts) else len(data)])
    res = run([par, "--will-cite", "-k", "-j", "2", ptconv, "-q", "-t", "jsonl", ":::"] + names)
    merged = [strip(x) for x in res.stdout.splitlines()]
    if merged != want:
        fail("parallel one file per job: the merged JSONL differs from a single run")
    print(f"gnu-parallel: --pipe --recstart and one file per job give the {len(want)} documents of one run")


def main():
    ptconv, gen, seed, work, case = sys.argv[1:6]
    os.makedirs(work, exist_ok=True)
    {"parallel-one": parallel_one, "parallel-files": parallel_files, "latency": latency,
     "stat": stat, "gnu-parallel": gnu_parallel}[case](ptconv, gen, seed, work)


if __name__ == "__main__":
    main()
