#!/usr/bin/env python3
"""Generate ptconv.3 from include/ptconv.h (python3 standard library only).

Usage: gen-man3.py [--version V] [-o OUT] HEADER

The page is made of the header itself:
  - DESCRIPTION: the header's opening comment;
  - one section per banner (`/* Model */` between dashed comment lines);
  - within each, one subsection per documented declaration: a `/** ... */`
    comment followed by a function prototype, a typedef (struct, enum or
    function pointer), an enum or a #define; the subsection shows the
    declaration as written (struct bodies included) and then the comment;
  - a comment starting "Stability." becomes the section STABILITY.
Non-ASCII characters are written as groff \\[uXXXX] escapes, so the page
renders the same without preconv.
"""
import argparse
import re
import sys


def roff_escape(text):
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\e")
        elif ch == "-":
            out.append("\\-")
        elif ord(ch) > 127:
            out.append("\\[u%04X]" % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


def roff_lines(lines):
    """Lines of text or code, safe from roff's control characters."""
    res = []
    for line in lines:
        line = roff_escape(line)
        if line.startswith(".") or line.startswith("'"):
            line = "\\&" + line
        res.append(line)
    return res


def comment_text(raw):
    """The text of a /* */ or /** */ comment: markers and leading stars gone."""
    body = re.sub(r"^/\*\*?", "", raw)
    body = re.sub(r"\*/$", "", body)
    lines = []
    for line in body.split("\n"):
        line = re.sub(r"^\s*\* ?", "", line) if line.strip().startswith("*") else line.strip()
        lines.append(line.rstrip())
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def paragraphs(lines):
    """roff for comment text: blank lines split paragraphs, `- ` starts a
    list item (its indented lines continue it), other indented lines are
    shown as written (diagrams, examples)."""
    out = []
    in_item = False
    in_code = False
    for line in lines:
        indented = bool(re.match(r"^\s+\S", line))
        if in_code and not indented:
            out.extend([".fi", ".in"])
            in_code = False
        if not line.strip():
            out.append(".PP")
            in_item = False
        elif re.match(r"^\s*-\s", line):
            out.append(".IP \\- 3")
            out.extend(roff_lines([line.strip()[1:].strip()]))
            in_item = True
        elif indented and in_item:
            out.extend(roff_lines([line.strip()]))
        elif indented:
            if not in_code:
                out.extend([".in +4n", ".nf"])
                in_code = True
            out.extend(roff_lines([line.strip()]))
        else:
            if in_item:
                out.append(".PP")
                in_item = False
            out.extend(roff_lines([line.strip()]))
    if in_code:
        out.extend([".fi", ".in"])
    return out


def declaration_at(text, i):
    """The declaration starting at text[i:]: up to its ';' at brace depth 0,
    or to the end of a #define line. Returns (decl, end)."""
    j = i
    while j < len(text) and text[j] in " \t\n":
        j += 1
    if text.startswith("#define", j):
        end = text.find("\n", j)
        while end > 0 and text[end - 1] == "\\":
            end = text.find("\n", end + 1)
        return text[j:end], end
    depth = 0
    k = j
    while k < len(text):
        c = text[k]
        if text.startswith("/*", k):
            k = text.find("*/", k) + 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == ";" and depth == 0:
            return text[j:k + 1], k + 1
        k += 1
    return text[j:], len(text)


def declared_name(decl):
    decl_flat = " ".join(re.sub(r"/\*.*?\*/", " ", decl, flags=re.S).split())
    m = re.match(r"#define\s+(\w+)", decl_flat)
    if m:
        return m.group(1)
    m = re.search(r"}\s*(\w+)\s*;$", decl_flat)  # typedef struct { } name;
    if m:
        return m.group(1)
    m = re.search(r"\(\s*\*\s*(\w+)\s*\)\s*\(", decl_flat)  # function pointer typedef
    if m and decl_flat.startswith("typedef"):
        return m.group(1)
    m = re.search(r"\b(\w+)\s*\(", decl_flat)  # function
    if m and m.group(1) != "__attribute__":
        return m.group(1)
    m = re.match(r"typedef\s+.*?(\w+)\s*;$", decl_flat)
    if m:
        return m.group(1)
    m = re.match(r"enum\b", decl_flat)
    if m:
        names = re.findall(r"\b(PTC_[A-Z_]+)\s*=", decl_flat)
        return ", ".join(names[:1] + ["..."]) if names else "enum"
    return decl_flat[:40]


def clean_decl(decl):
    """The declaration as shown: PTC_EXPORT dropped, GNU attribute blocks gone."""
    decl = re.sub(r"\bPTC_EXPORT\s+", "", decl)
    decl = re.sub(r"\n#if defined\(__GNUC__\)\n\s*__attribute__\(\(.*?\)\)\n#endif\n\s*;", ";", decl,
                  flags=re.S)
    lines = [line.rstrip() for line in decl.split("\n")]
    return lines


def generate(header_text, version, header_name):
    sections = []  # (title, [entries]); entry = (name, decl_lines, text_lines)
    description = []
    stability = []
    current = ("OVERVIEW", [])
    sections.append(current)
    text = header_text
    banner = re.compile(r"/\*\s*-{10,}\s*\*/\s*\n/\*\s*([A-Za-z][^*]*?)\s*\*/\s*\n")
    i = 0
    first = True
    pending = None  # the /** */ comment just before, for the next declaration
    while i < len(text):
        while i < len(text) and text[i] in " \t\n":
            i += 1
        if i >= len(text):
            break
        b = banner.match(text, i)
        if b:
            current = (b.group(1).strip().upper(), [])
            sections.append(current)
            pending = None
            i = b.end()
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i) + 2
            raw = text[i:end]
            lines = comment_text(raw)
            i = end
            if first:
                description, first = lines, False
            elif lines and lines[0].startswith("Stability."):
                stability = lines
                stability[0] = stability[0][len("Stability."):].strip()
            elif raw.startswith("/**"):
                pending = lines
            else:
                pending = None
            continue
        if text.startswith("#", i):
            if text.startswith("#define", i) and pending is not None:
                decl, i = declaration_at(text, i)
                current[1].append((declared_name(decl), clean_decl(decl), pending))
            else:
                end = text.find("\n", i)
                while end > 0 and text[end - 1] == "\\":
                    end = text.find("\n", end + 1)
                i = end if end > 0 else len(text)
            pending = None
            continue
        if text.startswith("extern \"C\"", i) or text[i] == "}":
            i = text.find("\n", i)
            i = i if i > 0 else len(text)
            continue
        decl, i = declaration_at(text, i)
        current[1].append((declared_name(decl), clean_decl(decl), pending or []))
        pending = None
    out = []
    out.append('.\\" Generated by scripts/gen-man3.py from %s: do not edit.' % header_name)
    out.append('.TH PTCONV 3 "" "ptconv %s" "ptconv library"' % version)
    out.append(".SH NAME")
    out.append("ptconv \\- library to parse budget performance\\-target announcements "
               "and write them as JSON, XML, HTML, CSV or text")
    out.append(".SH SYNOPSIS")
    out.append(".nf")
    out.append(".B #include <ptconv.h>")
    out.append(".PP")
    out.append("Link with \\fB\\-lptconv\\fP, or \\fBpkg\\-config \\-\\-cflags \\-\\-libs ptconv\\fP,")
    out.append("or \\fBfind_package(ptconv)\\fP and the target \\fBptconv::ptconv\\fP.")
    out.append(".fi")
    out.append(".SH DESCRIPTION")
    out.extend(paragraphs(description))
    if stability:
        out.append(".SH STABILITY")
        out.extend(paragraphs(stability))
    for title, entries in sections:
        if not entries:
            continue
        out.append(".SH " + roff_escape(title))
        for name, decl_lines, text_lines in entries:
            out.append(".SS " + roff_escape(name))
            out.append(".PP")
            out.append(".nf")
            out.append(".ft CR")
            out.extend(roff_lines(decl_lines))
            out.append(".ft")
            out.append(".fi")
            out.append(".PP")
            out.extend(paragraphs(text_lines))
    out.append(".SH SEE ALSO")
    out.append(".BR ptconv (1)")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("header")
    ap.add_argument("-o", "--output")
    ap.add_argument("--version", default="")
    a = ap.parse_args()
    with open(a.header, encoding="utf-8") as f:
        page = generate(f.read(), a.version, "include/ptconv.h")
    if a.output:
        with open(a.output, "w", encoding="utf-8") as f:
            f.write(page)
    else:
        sys.stdout.write(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
