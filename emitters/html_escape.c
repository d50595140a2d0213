/*
 * The HTML emitter's one escape. Every byte that comes from the input or
 * from an option reaches the page through html_put_escaped() (or its forms
 * for cells and paragraphs, or, for a user stylesheet, html_put_css()), so
 * no markup from the input can reach the page.
 *
 * Nearly every string is clean CJK text, so the work is finding the rare
 * byte that needs a look and copying the rest in whole vectors, written
 * straight into room reserved in the sink (HTML_ROOM: the worst case, every
 * byte as "&quot;"), with the scan the JSON and text escapers share
 * (emitters/escape_scan.h). Only a string too long for an empty sink
 * buffer takes the byte-by-byte writer through the sink's write functions;
 * both give the same bytes.
 */
#include <stdint.h>
#include <string.h>

#include "emitters/escape_scan.h"
#include "emitters/html_internal.h"

/* ------------------------------------------------------------- escaping */

/* 0: copy as is (in bulk); 'e': character reference; 'c': a control
   character, written as U+FFFD; 'x': 0xC2 leads U+0080..U+009F (C1 controls)
   and needs a look at the next byte; 'n': LF, kept (or "<br>" in a cell).
   TAB is kept. */
static const unsigned char escape_table[256] = {
    'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 0,   'n', 'c', 'c', 'c', 'c', 'c',
    'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c',
    ['&'] = 'e', ['<'] = 'e', ['>'] = 'e', ['"'] = 'e', ['\''] = 'e', [0x7F] = 'c', [0xC2] = 'x'};

/* The bytes escape_table does not map to 0 (and TAB, copied). */
static const escape_scan_set html_set = {0x20, 7, {'&', '<', '>', '"', '\'', 0x7F, 0xC2}};

static const char replacement_char[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Each reference padded to 8 bytes, so it is copied with one fixed-size
   store (the room has spare beyond what is committed). */
static const char *entity_of(unsigned char c, size_t *n) {
    switch (c) {
    case '&': *n = 5; return "&amp;\0\0";
    case '<': *n = 4; return "&lt;\0\0\0";
    case '>': *n = 4; return "&gt;\0\0\0";
    case '"': *n = 6; return "&quot;\0";
    default: *n = 5; return "&#39;\0\0";
    }
}

/* Room html_escape_into needs for `len` bytes: at most 6 out per byte in
   ("&quot;"; "<br>" is 4, U+FFFD 3), and spare for the whole-vector stores. */
#define HTML_ROOM(len) (6 * (size_t)(len) + 32)

/* The byte-by-byte writer, for a string too long for the room. */
static void put_escaped_slow(ptc_sink *out, const char *s, size_t len) {
    size_t run = 0, i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        unsigned char e = escape_table[c];
        if (!e || e == 'n' || (e == 'x' && !(i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
                                               (unsigned char)s[i + 1] <= 0x9F))) {
            i++;
            continue;
        }
        ptc_sink_write(out, s + run, i - run);
        if (e == 'e') {
            size_t n;
            const char *ent = entity_of(c, &n);
            ptc_sink_write(out, ent, n);
            i++;
        } else {
            ptc_sink_write(out, replacement_char, 3);
            i += e == 'x' ? 2 : 1;
        }
        run = i;
    }
    ptc_sink_write(out, s + run, len - run);
}

/* The byte at s[*i] and what it stands for, written at p; returns the new
   output position. `br`: LF becomes "<br>". */
static inline char *escape_one(char *p, const unsigned char *s, size_t *i, size_t len, bool br) {
    unsigned char c = s[*i];
    unsigned char e = escape_table[c];
    (*i)++;
    if (!e || (e == 'n' && !br)) {
        *p++ = (char)c;
    } else if (e == 'n') {
        memcpy(p, "<br>", 4);
        p += 4;
    } else if (e == 'e') {
        size_t n;
        memcpy(p, entity_of(c, &n), 8);
        p += n;
    } else if (e == 'c' || (*i < len && s[*i] >= 0x80 && s[*i] <= 0x9F)) {
        memcpy(p, replacement_char, 3);
        p += 3;
        *i += e == 'x';
    } else {
        *p++ = (char)c; /* 0xC2 leading a character that is no control */
    }
    return p;
}

/* `len` bytes escaped at p, which has HTML_ROOM(len) bytes; returns the end. */
HTML_INLINE char *html_escape_into(char *p, const char *text, size_t len, bool br) {
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        size_t k = escape_scan_clean(p, s + i, len - i, &html_set);
        i += k, p += k;
        if (i < len) p = escape_one(p, s, &i, len, br);
    }
    return p;
}

/* The one escape for input and option text, valid in text and in quoted
   attribute values alike. */
void html_put_escaped(ptc_sink *out, const char *s, size_t len) {
    char *p = ptc_sink_room(out, HTML_ROOM(len));
    if (p) ptc_sink_commit_to(out, html_escape_into(p, s, len, false));
    else put_escaped_slow(out, s, len);
}

void html_put_str(ptc_sink *out, ptc_str s) {
    if (s.s) html_put_escaped(out, s.s, s.len);
}

void html_put_cstr(ptc_sink *out, const char *s) { html_put_escaped(out, s, strlen(s)); }

/* A cell's text: line breaks inside a cell become <br>. */
void html_put_cell_text(ptc_sink *out, ptc_str s) {
    if (!s.s) return;
    char *p = ptc_sink_room(out, HTML_ROOM(s.len));
    if (p) {
        ptc_sink_commit_to(out, html_escape_into(p, s.s, s.len, true));
        return;
    }
    size_t start = 0;
    for (size_t i = 0; i <= s.len; i++) {
        if (i < s.len && s.s[i] != '\n') continue;
        if (start) ptc_sink_puts(out, "<br>");
        put_escaped_slow(out, s.s + start, i - start);
        start = i + 1;
    }
}

void html_put_td(ptc_sink *out, const char *open, size_t open_len, ptc_str a, ptc_str b) {
    size_t alen = a.s ? a.len : 0, blen = b.s ? b.len : 0;
    /* HTML_ROOM's spare covers the fixed-size copies of the tags */
    char *p = ptc_sink_room(out, HTML_TAG_COPY + HTML_ROOM(alen) + HTML_ROOM(blen) + 8);
    if (!p) {
        ptc_sink_write(out, open, open_len);
        html_put_cell_text(out, a);
        html_put_cell_text(out, b);
        ptc_sink_lit(out, "</td>");
        return;
    }
    memcpy(p, open, HTML_TAG_COPY);
    p += open_len;
    if (alen) p = html_escape_into(p, a.s, alen, true);
    if (blen) p = html_escape_into(p, b.s, blen, true);
    memcpy(p, "</td>", 5);
    ptc_sink_commit_to(out, p + 5);
}

/* Block text (the annual goal, the notes): each "\n"-separated paragraph
   becomes a <p>; empty paragraphs carry nothing and are left out. */
void html_put_paragraphs(ptc_sink *out, ptc_str s) {
    if (!s.s) return;
    const char *at = s.s, *end = s.s + s.len;
    while (at < end) {
        const char *nl = memchr(at, '\n', (size_t)(end - at));
        size_t n = (size_t)((nl ? nl : end) - at);
        if (n) {
            char *p = ptc_sink_room(out, HTML_ROOM(n) + 7);
            if (p) {
                memcpy(p, "<p>", 3);
                p = html_escape_into(p + 3, at, n, false);
                memcpy(p, "</p>", 4);
                ptc_sink_commit_to(out, p + 4);
            } else {
                ptc_sink_puts(out, "<p>");
                put_escaped_slow(out, at, n);
                ptc_sink_puts(out, "</p>");
            }
        }
        at = nl ? nl + 1 : end;
    }
}

/* A user stylesheet goes into <style> verbatim except that "</" becomes
   "<\/" (the same in CSS), so it can never close the element early. */
void html_put_css(ptc_sink *out, const char *css) {
    const char *run = css;
    for (const char *p = css; *p; p++) {
        if (p[0] == '<' && p[1] == '/') {
            ptc_sink_write(out, run, (size_t)(p - run) + 1);
            ptc_sink_putc(out, '\\');
            run = p + 1;
        }
    }
    ptc_sink_puts(out, run);
}

bool html_str_eq(ptc_str a, ptc_str b) {
    size_t la = a.s ? a.len : 0, lb = b.s ? b.len : 0;
    return la == lb && (la == 0 || memcmp(a.s, b.s, la) == 0);
}
