#!/usr/bin/env python3
"""Measure ptconv's throughput and peak memory on a generated corpus.

    bench/bench.py [--mb 100] [--variant noisy] [--formats json,xml,...] [--runs 3] PTCONV

Generates the corpus with ../shared/bench/gen-corpus (cached in bench/out/),
runs `PTCONV -q -t FORMAT corpus -o /dev/null`-like conversions (output to a
file in bench/out, removed afterwards), and prints one Markdown table row per
format: best wall time of N runs, MB/s (10^6 bytes of input per second) and the
peak resident set size (GNU time's %M; Debian package `time`). Speed is measured
here, never asserted in a test.
"""
import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "shared"))


def peak_rss_of(cmd):
    """Run cmd and return (seconds, peak RSS in KiB). GNU time does the
    measuring: a child forked from this Python process would count Python's
    own pages in its ru_maxrss."""
    t0 = time.perf_counter()
    res = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - t0
    if res.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited {res.returncode}: {res.stderr[-500:]}")
    return elapsed, int(res.stderr.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ptconv")
    ap.add_argument("--mb", type=int, default=100)
    ap.add_argument("--variant", default="noisy", choices=["clean", "noisy"])
    ap.add_argument("--formats", default="json")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    out = os.path.join(HERE, "out")
    os.makedirs(out, exist_ok=True)
    corpus = os.path.join(out, f"{args.variant}-{args.mb}mb.txt")
    if not os.path.exists(corpus):
        seed = os.path.join(SHARED, "seeds", "000_ab6bda6407c9bf0e.txt")
        with open(corpus + ".tmp", "wb") as f:
            subprocess.run([os.path.join(SHARED, "bench", "gen-corpus"), "--seed-file", seed,
                            "--mb", str(args.mb), "--variant", args.variant], stdout=f, check=True)
        os.rename(corpus + ".tmp", corpus)
    size = os.path.getsize(corpus)
    print(f"corpus: {corpus} ({size} bytes, {args.variant})")
    print("| format | best of %d (s) | MB/s | peak RSS (MiB) |" % args.runs)
    print("|---|---|---|---|")
    for fmt in args.formats.split(","):
        dest = os.path.join(out, "result." + fmt)
        best, rss = None, 0
        for _ in range(args.runs):
            secs, kib = peak_rss_of([os.path.abspath(args.ptconv), "-q", "-t", fmt, "-o", dest, corpus])
            best = secs if best is None else min(best, secs)
            rss = max(rss, kib)
        os.remove(dest)
        print(f"| {fmt} | {best:.2f} | {size / 1e6 / best:.1f} | {rss / 1024:.1f} |")


if __name__ == "__main__":
    main()
