/*
 * The text emitter's cell writer (see emitters/text.c for the layout and
 * emitters/text_escape.h for the rules). Nearly every cell is clean CJK
 * text, so the work is finding the rare byte that needs a look and copying
 * the rest in whole vectors, written straight into room reserved in the
 * sink (TEXT_ROOM: the worst case, every byte as "<br>"), with the scan
 * the JSON and HTML escapers share (emitters/escape_scan.h). A cell too long for an empty sink buffer goes through
 * the sink's write functions byte run by byte run; both give the same bytes.
 */
#include <stdint.h>
#include <string.h>

#include "common/numfmt.h"
#include "emitters/escape_scan.h"
#include "emitters/sink_inline.h"
#include "emitters/text_escape.h"

/* At most 4 bytes out per byte in ("<br>"), the quotes, and spare for the
   whole-vector stores. */
#define TEXT_ROOM(len) (4 * (size_t)(len) + 2 + 32)

static bool needs_look(char c, bool quote) {
    return c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || (quote && c == '"');
}

/* The writer through the sink's write functions, for any length. */
static void put_slow(ptc_sink *out, ptc_str s, bool quote) {
    if (quote) ptc_sink_putc(out, '"');
    size_t run = 0;
    for (size_t i = 0; i < s.len; i++) {
        char c = s.s[i];
        if (!needs_look(c, quote)) continue;
        ptc_sink_write(out, s.s + run, i - run);
        if (c == '"') ptc_sink_write(out, "\"\"", 2);
        else if (c == '\n') ptc_sink_write(out, "<br>", 4);
        else ptc_sink_putc(out, ' ');
        run = i + 1;
    }
    ptc_sink_write(out, s.s + run, s.len - run);
    if (quote) ptc_sink_putc(out, '"');
}

/* The bytes needs_look() may say yes to: below 0x0E (TAB, LF, VT, FF, CR
   and the controls below them, which are copied) and, when quoting, '"'. */
static const escape_scan_set plain_set = {0x0E, 0, {0}};
static const escape_scan_set quoted_set = {0x0E, 1, {'"'}};

/* The byte at s[*i] and what it stands for, at p; the new output end. */
static inline char *put_one(char *p, const char *s, size_t *i, bool quote) {
    char c = s[(*i)++];
    if (!needs_look(c, quote)) {
        *p++ = c;
    } else if (c == '"') {
        memcpy(p, "\"\"", 2);
        p += 2;
    } else if (c == '\n') {
        memcpy(p, "<br>", 4);
        p += 4;
    } else {
        *p++ = ' ';
    }
    return p;
}

/* s[0..len) at p, which has TEXT_ROOM(len) bytes; returns the end.
   Inlined at both calls, so each scan has its set as a constant. */
static inline char *escape_into(char *p, const char *text, size_t len, bool quote) {
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        size_t k = escape_scan_clean(p, s + i, len - i, quote ? &quoted_set : &plain_set);
        i += k, p += k;
        if (i < len) p = put_one(p, text, &i, quote);
    }
    return p;
}

void ptc_text_put(ptc_sink *out, ptc_str s, bool whole_cell) {
    if (!s.s) return;
    bool quote = whole_cell && s.len && s.s[0] == '"';
    char *p = ptc_sink_room(out, TEXT_ROOM(s.len));
    if (!p) {
        put_slow(out, s, quote);
        return;
    }
    if (quote) {
        *p++ = '"';
        p = escape_into(p, s.s, s.len, true);
        *p++ = '"';
    } else {
        p = escape_into(p, s.s, s.len, false);
    }
    ptc_sink_commit_to(out, p);
}

/* Per table (its number, its year line): printf's format parsing cost more
   than the rest of the line. */
void ptc_text_put_long(ptc_sink *out, long v, int width) {
    char buf[24];
    size_t n = (size_t)(ptc_put_long(buf, v) - buf), sign = v < 0;
    if (width > 0 && (size_t)width > n) {
        /* the zeros go between the sign and the digits */
        static const char zeros[] = "000000000000000000000000";
        size_t pad = (size_t)width - n;
        if (pad > sizeof zeros - 1) pad = sizeof zeros - 1;
        ptc_sink_write(out, buf, sign);
        ptc_sink_write(out, zeros, pad);
        ptc_sink_write(out, buf + sign, n - sign);
        return;
    }
    ptc_sink_write(out, buf, n);
}
