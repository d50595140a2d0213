#!/usr/bin/env python3
"""Where the instructions go, per stage, from a callgrind profile of ptconv
(built with -g so that file names are known):

    valgrind --tool=callgrind --callgrind-out-file=OUT ptconv -q -t json in.txt > /dev/null
    bench/stages.py OUT INPUT_BYTES

Stages (instructions per input byte):
  decode   parsers/decode.c itself (bytes -> UTF-8 lines): ptc_decoder_feed
           and _finish inclusive, minus the line callback (parser.c on_line);
  parser   records, classify, rules, scan (PCRE2), values, assemble_*,
           normalize: ptc_parser_feed/_finish inclusive minus decode, the
           emitter, the checks and the model;
  model    model/*.c (arena, documents, rowspans), self cost;
  checks   ptc_check_document inclusive;
  emitter  the format's document/open/close functions inclusive, minus sink;
  sink     the instructions of emitters/sink.c and of sink_inline.h's fast
           path (debug info keeps their file where they are inlined into
           an emitter), plus fwrite/fflush inclusive (the buffer drains);
  other    the rest: start-up, options, regex compilation, reading.
"""
import re
import subprocess
import sys

EMITTER_FUNCS = ["write_json_document", "document_xml", "document_csv", "document_html",
                 "document_text", "write_text_document", "emit_document", "html_document",
                 "csv_document", "text_document"]


def table(path, inclusive):
    out = subprocess.run(["callgrind_annotate", "--threshold=100",
                          f"--inclusive={'yes' if inclusive else 'no'}", path],
                         stdout=subprocess.PIPE, text=True, check=True).stdout
    total = 0
    rows = []
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) \([ \d.]+%\)\s+(.*?):(\S+)(?: \[.*\])?$", line)
        if m:
            rows.append((int(m.group(1).replace(",", "")), m.group(2), m.group(3)))
        m = re.match(r"\s*([\d,]+) \([ \d.]+%\)\s+PROGRAM TOTALS", line)
        if m:
            total = int(m.group(1).replace(",", ""))
    return total, rows


def main():
    path, nbytes = sys.argv[1], int(sys.argv[2])
    total, incl = table(path, True)
    _, self_rows = table(path, False)
    inc = {}
    for ir, _f, fn in incl:
        inc[fn] = max(inc.get(fn, 0), ir)

    def I(*names):
        return sum(inc.get(n, 0) for n in names)

    decode = I("ptc_decoder_feed", "ptc_decoder_finish") - I("on_line")
    emitter_all = max((inc.get(f, 0) for f in EMITTER_FUNCS), default=0)
    # document functions may be named differently: take every emitters/ function
    # called through the emitter table by its self+callee cost instead when missing
    if emitter_all == 0:
        emitter_all = sum(ir for ir, f, fn in self_rows if "emitters/" in f and "sink" not in f)
    # the sink: emitters/sink.c's own instructions (and the header's, when
    # not inlined) plus the stdio calls that drain its buffer
    sink = sum(ir for ir, f, fn in self_rows if f.endswith("emitters/sink.c") or f.endswith("sink_inline.h"))
    sink += I("_IO_fwrite", "fwrite", "_IO_fflush", "fflush")
    checks = I("ptc_check_document")
    model = sum(ir for ir, f, fn in self_rows if "/model/" in f or f.startswith("model/"))
    parse_all = I("ptc_parser_feed", "ptc_parser_finish")
    parser = parse_all - decode - emitter_all - checks - model
    emitter = emitter_all - sink
    other = total - decode - parser - model - checks - emitter_all
    print(f"| stage | Ir | Ir/byte |")
    print(f"|---|---|---|")
    for name, v in (("decode", decode), ("parser", parser), ("model", model), ("checks", checks),
                    ("emitter", emitter), ("sink", sink), ("other", other), ("total", total)):
        print(f"| {name} | {v:,} | {v / nbytes:.1f} |")


if __name__ == "__main__":
    main()
