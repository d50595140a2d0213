#!/usr/bin/env python3
"""Convert a generated corpus with ptconv and compare every table with the
generator's truth file (shared/bench/README.md). Exits 1 on any mismatch,
printing the first few; prints 'N passed, M failed' (tables) at the end."""
import json
import subprocess
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: corpus_check.py PTCONV CORPUS.txt TRUTH.jsonl")
    ptconv, corpus, truth_path = sys.argv[1:]
    out = subprocess.run([ptconv, "-q", "-t", "jsonl", corpus], stdout=subprocess.PIPE, check=False)
    if out.returncode not in (0,):
        print(f"ptconv exited {out.returncode}")
        return 1
    docs = [json.loads(line) for line in out.stdout.splitlines()]
    truth = [json.loads(line) for line in open(truth_path, encoding="utf-8")]
    got = {}
    problems = []
    for d, doc in enumerate(docs, 1):
        if doc["diagnostics"]:
            problems.append(f"doc {d}: diagnostics {doc['diagnostics'][:2]}")
        for t in doc["tables"]:
            got[(d, t["seq"])] = t
    passed = failed = 0
    for want in truth:
        key = (want["doc"], want["seq"])
        t = got.pop(key, None)
        why = None
        if t is None:
            why = "missing"
        else:
            inds = [ind["path"] + [ind["name"], ind["value"]["text"], ind["unit"]] for ind in t["indicators"]]
            if t["applicant"] != want["unit"]:
                why = f"applicant {t['applicant']!r} != {want['unit']!r}"
            elif t["project_name"] != want["project_name"]:
                why = f"project_name {t['project_name']!r} != {want['project_name']!r}"
            elif t["funds"] is None or t["funds"]["value"] != want["funding_wan"] or t["funds"]["unit"] != "万元":
                why = f"funds {t['funds']!r} != {want['funding_wan']!r}"
            elif len(inds) != want["indicator_count"] or inds != want["indicators"]:
                why = f"indicators differ: {inds[:3]} vs {want['indicators'][:3]}"
        if why:
            failed += 1
            problems.append(f"doc {key[0]} table {key[1]}: {why}")
        else:
            passed += 1
    for key in sorted(got):
        failed += 1
        problems.append(f"doc {key[0]} table {key[1]}: not in the truth file")
    if len(docs) != max((w["doc"] for w in truth), default=0):
        problems.append(f"{len(docs)} documents, truth has {max(w['doc'] for w in truth)}")
        failed += 1
    for p in problems[:20]:
        print(p)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main())
