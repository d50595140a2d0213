#!/usr/bin/env python3
"""abi.symbols: the shared library exports exactly the header's functions.

Usage: abi_symbols.py NM LIBRARY HEADER

Lists the defined dynamic symbols of LIBRARY (`NM -D --defined-only`) and
the functions declared in HEADER (every `name(` at file scope after the
comments are removed; function-pointer typedefs and struct members are not
declarations of the library's functions). Fails naming every symbol that is
exported but not declared (an internal helper leaking out) and every
declared function that is not exported (a missing PTC_EXPORT or a missing
definition), and any declaration without PTC_EXPORT.
"""
import re
import subprocess
import sys

# Symbols the toolchain itself may put in a shared library's dynamic table.
TOOLCHAIN = {"_init", "_fini", "__bss_start", "_edata", "_end"}


def header_functions(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    text = re.sub(r"^#ifdef __cplusplus\n.*?^#endif", " ", text, flags=re.S | re.M)
    text = re.sub(r"^\s*#.*$", " ", text, flags=re.M)
    declared, unmarked = set(), set()
    depth = 0  # brace depth: struct bodies hold members, not declarations
    statement = ""
    for ch in text:
        if ch == "{":
            depth += 1
            continue
        if ch == "}":
            depth -= 1
            continue
        if depth:
            continue
        statement += ch
        if ch == ";":
            s = " ".join(statement.split())
            statement = ""
            if s.startswith("typedef"):
                continue
            m = re.search(r"\b([A-Za-z_]\w*)\s*\(", s)
            if not m or m.group(1) in ("__attribute__",):
                continue
            declared.add(m.group(1))
            if not s.startswith("PTC_EXPORT "):
                unmarked.add(m.group(1))
    return declared, unmarked


def main():
    nm, lib, header = sys.argv[1:4]
    out = subprocess.run([nm, "-D", "--defined-only", lib], check=True,
                         capture_output=True, text=True).stdout
    exported = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            name = parts[2].split("@")[0]
            if name not in TOOLCHAIN:
                exported.add(name)
    with open(header, encoding="utf-8") as f:
        declared, unmarked = header_functions(f.read())
    extra = sorted(exported - declared)
    missing = sorted(declared - exported)
    ok = True
    if extra:
        ok = False
        print("exported by %s but not declared in %s:" % (lib, header))
        for n in extra:
            print("  " + n)
    if missing:
        ok = False
        print("declared in %s but not exported by %s:" % (header, lib))
        for n in missing:
            print("  " + n)
    if unmarked:
        ok = False
        print("declared without PTC_EXPORT: " + ", ".join(sorted(unmarked)))
    if len(declared) < 20:
        ok = False
        print("only %d functions found in %s: the header parser is broken" % (len(declared), header))
    if ok:
        print("%d functions declared, the same %d exported" % (len(declared), len(exported)))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
